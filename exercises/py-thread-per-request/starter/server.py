"""A small job server: answers a batch of requests, each with a `handle` that waits on a database."""
import threading


def serve(requests, handle):
    """Calls handle(request) for every request, several at once since each one mostly waits, and
    returns the responses in the order of `requests`. The database refuses more than 16
    connections, so never run more than 16 handlers at once."""
    responses = [None] * len(requests)

    def answer(i, request):
        responses[i] = handle(request)

    threads = []
    for i, request in enumerate(requests):
        thread = threading.Thread(target=answer, args=(i, request))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return responses
