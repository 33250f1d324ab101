"""What a Python exercise's check.py is built from (the Python twin of node.js).

A check loads the learner's module, drives it with fakes it controls, measures, and reports
{"correctness", "measure", "lanes"} as JSON to the file the runner names. Standard library only, 3.8+.

Importing this module also installs a guard: the learner's code may connect only to the check's own
servers on this machine (127.0.0.1, ::1, localhost).
"""
import asyncio
import contextlib
import importlib.util
import inspect
import ipaddress
import json
import os
import sys
import threading
import time
import traceback
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LEARNER_FILE = os.environ.get("CONCURRENCY_LENS_EXERCISE_FILE", "")
LEARNER_NAME = os.path.basename(LEARNER_FILE)


# --- The network guard ---------------------------------------------------------------------------

def _loopback(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or host in ("localhost", ""):
        return True  # None / "": a passive lookup (bind), not a remote host
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host.lower().rstrip(".") in ("localhost", "ip6-localhost", "ip6-loopback")
    return ip.is_loopback or bool(getattr(ip, "ipv4_mapped", None) and ip.ipv4_mapped.is_loopback)


def _guard(event, args):
    # socket.connect is also audited for connect_ex; getaddrinfo catches a name before any lookup leaves.
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) and address else None  # a str: AF_UNIX, local
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if not _loopback(host):
        raise PermissionError(
            "exercise checks reach only the check's own servers on 127.0.0.1; "
            "a connection to %s was refused" % (host,)
        )


sys.addaudithook(_guard)


# --- Running a check -----------------------------------------------------------------------------

class LoadError(Exception):
    """The learner's file could not be imported: the message says where and why."""


def _line(tb):
    """The line of the innermost frame of a traceback in the learner's file, or None."""
    lines = [f.lineno for f in traceback.extract_tb(tb) if f.filename == LEARNER_FILE]
    return lines[-1] if lines else None


def load():
    """The learner's module, imported from CONCURRENCY_LENS_EXERCISE_FILE."""
    name = os.path.splitext(LEARNER_NAME)[0] or "exercise"
    spec = importlib.util.spec_from_file_location(name, LEARNER_FILE)
    if spec is None or spec.loader is None:
        raise LoadError("%s could not be loaded: it is not a Python file" % LEARNER_NAME)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, os.path.dirname(LEARNER_FILE))  # as `python3 <file>` would: its own folder first
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        raise LoadError("%s has a syntax error at line %s: %s" % (LEARNER_NAME, e.lineno, e.msg)) from None
    except Exception as e:
        line = _line(e.__traceback__)
        where = "line %d raised " % line if line else ""
        raise LoadError("%s could not be loaded: %s%s: %s" % (LEARNER_NAME, where, type(e).__name__, e)) from None
    return module


_loops = []


def _run(coroutine):
    # Not asyncio.run: its clean-up cancels and awaits the tasks left running and joins the default
    # executor's threads, so whatever the learner's code left behind could keep the run alive.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    _loops.append(loop)
    return loop.run_until_complete(coroutine)


def _report(report):
    with open(os.environ["CONCURRENCY_LENS_RESULT"], "w", encoding="utf-8") as f:
        json.dump(report, f)
    sys.stdout.flush()
    sys.stderr.flush()
    # Threads or tasks the learner's code left open must not keep the run alive.
    os._exit(0)


def _stuck_at(main):
    """The learner's line the main thread is running, or else one its coroutines await at; or None."""
    frame = sys._current_frames().get(main.ident)
    frames = [(f.filename, f.lineno) for f in traceback.extract_stack(frame)] if frame else []
    try:  # a coroutine parked in an await: its frames hang off its task, not the thread's stack
        for task in list(asyncio.all_tasks(_loops[-1])) if _loops else []:
            awaiting = task.get_coro()
            while getattr(awaiting, "cr_frame", None) is not None:  # down the chain of awaits
                frames.append((awaiting.cr_frame.f_code.co_filename, awaiting.cr_frame.f_lineno))
                awaiting = awaiting.cr_await
    except RuntimeError:  # the loop's task set changed under us: report what the stack shows
        pass
    lines = [line for file, line in frames if file == LEARNER_FILE]
    return lines[-1] if lines else None


def _watchdog(seconds, main):
    time.sleep(seconds)
    line = _stuck_at(main)
    where = ", still at %s line %d" % (LEARNER_NAME, line) if line else ""
    _report({"correctness": {"ok": False, "message": "your code did not finish within %d s%s: an endless loop, "
                             "or a wait nothing ends?" % (seconds, where)}})


def check(body, timeout_s=10):
    """Runs body (a function or a coroutine function) and reports what it returns; an exception from the
    learner's code (or a failed load) fails correctness. Never returns."""
    threading.Thread(target=_watchdog, args=(timeout_s, threading.current_thread()), daemon=True).start()
    try:
        result = body()
        report = _run(result) if inspect.iscoroutine(result) else result
    except LoadError as e:
        report = {"correctness": {"ok": False, "message": str(e)}}
    except BaseException as e:  # SystemExit too: the learner's sys.exit() must not end the check silently
        line = _line(e.__traceback__)
        where = " (%s line %d)" % (LEARNER_NAME, line) if line else ""
        message = "your code raised: %s: %s%s" % (type(e).__name__, e, where)
        report = {"correctness": {"ok": False, "message": message}}
    _report(report)


def cpus():
    """Logical cores the run may use."""
    return int(os.environ.get("CONCURRENCY_LENS_CPUS") or 0) or os.cpu_count() or 1


def now_ms():
    return time.perf_counter() * 1000


def ms(x):
    return "%d ms" % round(x)


# --- Measuring -----------------------------------------------------------------------------------

class LoopLag:
    """How late a 5 ms asyncio timer wakes between start() and stop(): the event loop's lag, which
    blocking raises. Call start() inside the running loop, before the work."""

    def __init__(self, period_ms=5):
        self.period_ms = period_ms
        self.max_ms = 0.0
        self._last = None
        self._task = None

    def start(self):
        self._last = now_ms()
        self._task = asyncio.ensure_future(self._tick())
        return self

    async def _tick(self):
        while True:
            await asyncio.sleep(self.period_ms / 1000)
            t = now_ms()
            self.max_ms = max(self.max_ms, t - self._last - self.period_ms)
            self._last = t

    def stop(self):
        """The largest lateness seen, in ms (one decimal)."""
        self._task.cancel()
        self.max_ms = max(self.max_ms, now_ms() - self._last - self.period_ms)
        return round(max(0.0, self.max_ms), 1)


class Timeline:
    """Segments on lanes, in ms since it was made: the labs' timeline shape. Thread-safe."""

    def __init__(self):
        self._t0 = now_ms()
        self._lanes = {}
        self._lock = threading.Lock()

    def at(self):
        return now_ms() - self._t0

    def segment(self, lane, task, start, end, state):
        """state: 'work', 'wait' or 'blocked'."""
        with self._lock:
            self._lanes.setdefault(str(lane), []).append(
                {"task": task, "from": round(start, 1), "to": round(end, 1), "state": state})

    def lanes(self):
        with self._lock:
            return [{"lane": lane, "segments": list(s)} for lane, s in self._lanes.items()]


class InFlight:
    """Counts calls in flight (current, peak, calls), from threads or tasks alike. track() also hands
    out a slot, the lowest number free, so a timeline can draw one lane per slot in use."""

    def __init__(self):
        self.calls = 0
        self.current = 0
        self.peak = 0
        self._busy = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def track(self):
        with self._lock:
            self.calls += 1
            self.current += 1
            self.peak = max(self.peak, self.current)
            slot = self._busy.index(False) if False in self._busy else len(self._busy)
            self._busy[slot:slot + 1] = [True]
        try:
            yield slot
        finally:
            with self._lock:
                self.current -= 1
                self._busy[slot] = False

    def stats(self):
        with self._lock:
            return {"calls": self.calls, "current": self.current, "peak": self.peak}


# --- Fakes ---------------------------------------------------------------------------------------

def fake_call(ms, answer, clock=None, lane=None, label=None):
    """An async fake remote call: returns answer(arg) after `await asyncio.sleep`, counting calls in
    flight (call.stats) and drawing each on `clock`: on lane(arg, slot), by default 'slot N' (one lane
    per call at once), labelled label(arg), by default 'call <arg>'."""
    counter = InFlight()

    async def call(arg):
        with counter.track() as slot:
            start = clock.at() if clock else 0
            await asyncio.sleep(ms / 1000)
        if clock:
            clock.segment(lane(arg, slot) if lane else "slot %d" % (slot + 1),
                          label(arg) if label else "call %s" % (arg,), start, clock.at(), "wait")
        return answer(arg)

    call.stats = counter
    return call


def fake_blocking_call(ms, answer, clock=None, lane=None, label=None):
    """fake_call's blocking twin, for threads: time.sleep blocks the calling thread."""
    counter = InFlight()

    def call(arg):
        with counter.track() as slot:
            start = clock.at() if clock else 0
            time.sleep(ms / 1000)
        if clock:
            clock.segment(lane(arg, slot) if lane else "slot %d" % (slot + 1),
                          label(arg) if label else "call %s" % (arg,), start, clock.at(), "blocked")
        return answer(arg)

    call.stats = counter
    return call


WARM_UP = "/__warm-up"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class FakeServer:
    """An HTTP server on 127.0.0.1 that answers answer(path) as JSON after delay_ms, one thread per
    request, counting requests in flight (stats)."""

    def __init__(self, delay_ms, answer):
        stats = self.stats = InFlight()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == WARM_UP:
                    return self._send(b"{}")
                with stats.track():
                    time.sleep(delay_ms / 1000)
                    body = json.dumps(answer(self.path)).encode()
                self._send(body)

            def _send(self, body):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        # urllib's first request builds its opener (on 3.13, loading the CA certificates: ~100 ms, holding
        # the GIL); done here, it is not charged to the learner's code.
        urllib.request.urlopen(self.url + WARM_UP, timeout=5).read()

    def close(self):
        self._server.shutdown()
        self._server.server_close()


def fake_server(delay_ms, answer):
    return FakeServer(delay_ms, answer)
