import threading

from harness import Timeline, check, fake_blocking_call, load, ms

REQUESTS = 200
HANDLE_MS = 30
LIMIT = 16
SEQUENTIAL_MS = REQUESTS * HANDLE_MS
TOTAL_LIMIT_MS = 2000


def respond(request):
    return {"id": request["id"], "status": 200, "body": "order %d: shipped" % request["id"]}


def body():
    serve = load().serve
    clock = Timeline()
    query = fake_blocking_call(HANDLE_MS, respond, clock, label=lambda request: "GET %s" % request["path"])
    threads = {"peak": threading.active_count()}

    def handle(request):
        threads["peak"] = max(threads["peak"], threading.active_count())
        return query(request)

    requests = [{"id": n, "path": "/orders/%d" % n} for n in range(1, REQUESTS + 1)]
    responses = serve(list(requests), handle)
    total = clock.at()
    stats = query.stats.stats()
    if not isinstance(responses, list) or len(responses) != REQUESTS:
        got = "%d responses" % len(responses) if isinstance(responses, list) else repr(responses)[:80]
        message = "serve(requests, handle) returned %s for %d requests" % (got, REQUESTS)
        return {"correctness": {"ok": False, "message": message}}
    wrong = [i for i, request in enumerate(requests) if responses[i] != respond(request)]
    if wrong:
        i = wrong[0]
        message = "response %d of %d is %r, expected %r (%d of %d are wrong)" % (
            i + 1, REQUESTS, responses[i], respond(requests[i]), len(wrong), REQUESTS)
        return {"correctness": {"ok": False, "message": message}}

    bounded = stats["peak"] <= LIMIT
    fast = total < TOTAL_LIMIT_MS
    if bounded and fast:
        message = "At most %d handlers ran at once (%d threads in the process), and all %d requests took %s (one at a time: %s)." % (
            stats["peak"], threads["peak"], REQUESTS, ms(total), ms(SEQUENTIAL_MS))
    elif not bounded:
        message = "%d handlers ran at once, with %d threads in the process: the database refuses more than %d." % (
            stats["peak"], threads["peak"], LIMIT)
    else:
        message = "%d requests took %s (peak handlers at once: %d): too close to one at a time (%s); the limit is %s." % (
            REQUESTS, ms(total), stats["peak"], ms(SEQUENTIAL_MS), ms(TOTAL_LIMIT_MS))
    return {
        "correctness": {"ok": True, "message": "All %d responses are right, in order." % REQUESTS},
        "measure": {"ok": bounded and fast, "message": message,
                    "figures": {"peakHandlers": stats["peak"], "limitHandlers": LIMIT, "peakThreads": threads["peak"],
                                "totalMs": round(total), "totalLimitMs": TOTAL_LIMIT_MS, "sequentialMs": SEQUENTIAL_MS}},
        "lanes": clock.lanes(),
    }


check(body)
