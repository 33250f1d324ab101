"""A polite crawler: collect the titles of a site's pages without hammering the site."""
import asyncio
import re

MAX_IN_FLIGHT = 10  # the site bans any client with more requests than this open at once
TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def title_of(html):
    match = TITLE.search(html)
    return match.group(1).strip() if match else None


async def crawl(urls, fetch):
    """Fetches every url with `await fetch(url)`, which returns the page's HTML, and returns the
    pages' titles in the order of `urls`. Never more than MAX_IN_FLIGHT fetches at a time."""
    # Every fetch still gets a coroutine at once, but each must hold one of the semaphore's permits
    # while it talks to the site: the eleventh waits until one of the first ten is done.
    permits = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def fetch_politely(url):
        async with permits:
            return await fetch(url)

    pages = await asyncio.gather(*(fetch_politely(url) for url in urls))
    return [title_of(page) for page in pages]
