from harness import Timeline, check, fake_call, load, ms

PAGES = 100
FETCH_MS = 30
LIMIT = 10
SEQUENTIAL_MS = PAGES * FETCH_MS
TOTAL_LIMIT_MS = SEQUENTIAL_MS * 0.6

URLS = ["https://docs.example.test/page/%d" % n for n in range(1, PAGES + 1)]


def page(url):
    n = url.rsplit("/", 1)[1]
    return "<html><head><title>\n  Page %s of the manual\n</title></head><body>…</body></html>" % n


async def body():
    crawl = load().crawl
    clock = Timeline()
    fetch = fake_call(FETCH_MS, page, clock)
    titles = await crawl(list(URLS), fetch)
    total = clock.at()
    stats = fetch.stats.stats()
    expected = ["Page %s of the manual" % url.rsplit("/", 1)[1] for url in URLS]
    if not isinstance(titles, list) or len(titles) != PAGES:
        got = "%d titles" % len(titles) if isinstance(titles, list) else repr(titles)[:80]
        message = "crawl(urls, fetch) returned %s for %d urls (fetch was called %d times)" % (got, PAGES, stats["calls"])
        return {"correctness": {"ok": False, "message": message}}
    wrong = [i for i in range(PAGES) if titles[i] != expected[i]]
    if wrong:
        i = wrong[0]
        message = "title %d of %d is %r, expected %r (the titles must follow the order of urls)" % (
            i + 1, PAGES, titles[i], expected[i])
        return {"correctness": {"ok": False, "message": message}}

    bounded = stats["peak"] <= LIMIT
    fast = total < TOTAL_LIMIT_MS
    if bounded and fast:
        message = "At most %d fetches were in flight, and all %d pages were in after %s (one at a time: %s)." % (
            stats["peak"], PAGES, ms(total), ms(SEQUENTIAL_MS))
    elif not bounded:
        message = "%d fetches were in flight at once: the site bans any client with more than %d." % (stats["peak"], LIMIT)
    else:
        message = ("%d pages took %s (peak in flight: %d): too close to one at a time (%s); "
                   "the limit is %s." % (PAGES, ms(total), stats["peak"], ms(SEQUENTIAL_MS), ms(TOTAL_LIMIT_MS)))
    return {
        "correctness": {"ok": True, "message": "All %d titles are right, in order." % PAGES},
        "measure": {"ok": bounded and fast, "message": message,
                    "figures": {"peakInFlight": stats["peak"], "limitInFlight": LIMIT, "totalMs": round(total),
                                "totalLimitMs": round(TOTAL_LIMIT_MS), "sequentialMs": SEQUENTIAL_MS}},
        "lanes": clock.lanes(),
    }


check(body)
