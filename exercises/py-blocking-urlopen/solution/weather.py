"""A dashboard's weather panel: the forecasts of several cities, fetched at once from a JSON API."""
import asyncio
import json
import urllib.parse
import urllib.request


def get_json(url):
    """A plain blocking GET: fine on a worker thread, never on the event loop's."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


async def forecast(base_url, city):
    """GETs <base_url>/forecast?city=<city>, whose JSON body is {"city": ..., "temp_c": ...}, and
    returns the temperature in °C."""
    url = f"{base_url}/forecast?city={urllib.parse.quote(city)}"
    # The loop hands the blocking call to its thread pool and serves other tasks until it is done.
    # Python 3.8: await asyncio.get_running_loop().run_in_executor(None, get_json, url)
    data = await asyncio.to_thread(get_json, url)
    return data["temp_c"]


async def weather_panel(base_url, cities):
    """The forecast of every city, fetched at once: a dict city -> temperature in °C."""
    temps = await asyncio.gather(*(forecast(base_url, city) for city in cities))
    return dict(zip(cities, temps))


if __name__ == "__main__":
    print(asyncio.run(weather_panel("http://127.0.0.1:8000", ["Oslo", "Lagos", "Lima"])))
