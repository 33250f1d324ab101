import asyncio

from harness import InFlight, Timeline, check, load, ms

USERS = ["user%02d" % n for n in range(1, 21)]
RELEASE = "Lens 2.0"
SEND_MS = 50
TOTAL_LIMIT_MS = 2 * SEND_MS


async def body():
    notify_all = load().notify_all
    clock = Timeline()
    counter = InFlight()
    delivered = []

    async def send(user, message):
        with counter.track():
            start = clock.at()
            await asyncio.sleep(SEND_MS / 1000)
        delivered.append((user, message))
        clock.segment(user, "send", start, clock.at(), "wait")

    count = await notify_all(list(USERS), RELEASE, send)
    total = clock.at()
    clock.segment("notify_all", "notify_all", 0, total, "wait")
    got = sorted(user for user, _ in delivered)  # what had arrived when notify_all returned
    if got != USERS:
        missing = [u for u in USERS if u not in got]
        twice = sorted({u for u in got if got.count(u) > 1})
        if missing:
            message = ("notify_all returned after %s, when %d of %d notifications had been delivered: the sends "
                       "it started were still under way (or never started)" % (ms(total), len(got), len(USERS)))
        else:
            message = "%s got the news more than once" % ", ".join(twice)
        return {"correctness": {"ok": False, "message": message}, "lanes": clock.lanes()}
    vague = [(u, m) for u, m in delivered if not isinstance(m, str) or RELEASE not in m]
    if vague:
        message = "the message sent to %s is %r: it does not name the release %r" % (vague[0][0], vague[0][1], RELEASE)
        return {"correctness": {"ok": False, "message": message}}
    if count != len(USERS):
        message = "notify_all returned %r, expected %d (the number of users notified)" % (count, len(USERS))
        return {"correctness": {"ok": False, "message": message}}

    stats = counter.stats()
    ok = total < TOTAL_LIMIT_MS
    if ok:
        message = "All %d notifications were out together (%d at once) in %s, and delivered before notify_all returned." % (
            len(USERS), stats["peak"], ms(total))
    else:
        message = "%d notifications of %s each took %s (peak at once: %d): they must go out together (limit %s)." % (
            len(USERS), ms(SEND_MS), ms(total), stats["peak"], ms(TOTAL_LIMIT_MS))
    return {
        "correctness": {"ok": True, "message": "Every user got the news once, before notify_all returned."},
        "measure": {"ok": ok, "message": message,
                    "figures": {"totalMs": round(total), "totalLimitMs": TOTAL_LIMIT_MS, "peakInFlight": stats["peak"],
                                "users": len(USERS)}},
        "lanes": clock.lanes(),
    }


check(body)
