"""A coffee bar's order screen: every order waits on the espresso machine, and the bar keeps
taking orders and calling out finished drinks while it waits."""
import asyncio


async def brew(customer, drink, seconds):
    """Brews `drink` for `customer`. The machine needs `seconds`; meanwhile the bar serves everyone
    else. Returns "<drink> for <customer>"."""
    await asyncio.sleep(seconds)  # the machine is busy; the loop serves others meanwhile
    return f"{drink} for {customer}"


async def main():
    orders = [("Ada", "flat white"), ("Grace", "espresso"), ("Linus", "mocha")]
    drinks = await asyncio.gather(*(brew(customer, drink, 0.5) for customer, drink in orders))
    print(*drinks, sep="\n")


if __name__ == "__main__":
    asyncio.run(main())
