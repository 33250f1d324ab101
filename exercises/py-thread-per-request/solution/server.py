"""A small job server: answers a batch of requests, each with a `handle` that waits on a database."""
from concurrent.futures import ThreadPoolExecutor

WORKERS = 8  # a fixed number, well under the database's 16 connections


def serve(requests, handle):
    """Calls handle(request) for every request, several at once since each one mostly waits, and
    returns the responses in the order of `requests`. The database refuses more than 16
    connections, so never run more than 16 handlers at once."""
    # Eight threads, made once; the requests queue up for them. map keeps the requests' order,
    # and re-raises a handler's exception here instead of losing it in a thread.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(handle, requests))
