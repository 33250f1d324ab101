"""What every bundled Python experiment shares: its arguments, the clock, CPU work measured in work
units, and the event protocol the runner reads (one JSON object per stdout line; see src/labs/protocol.ts).
Events are kept in memory and written at the end, so writing them never disturbs what is measured."""
import json
import os
import sys
import time

# perf_counter is monotonic and system-wide on Linux, macOS and Windows, so child processes line up too.
def now():
    return time.perf_counter() * 1000.0

_pending = []

def _emit_now(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()

def segment(task, lane, start, end, state):
    if end > start:
        _pending.append({"e": "segment", "task": task, "lane": str(lane), "from": round(start, 3), "to": round(end, 3), "state": state})

def metric(name, value):
    _pending.append({"e": "metric", "name": name, "value": round(float(value), 3)})

def start():
    """Reads `<variant> <params-json>` and announces the start (the runner times spawn-to-first-event)."""
    _emit_now({"e": "start"})
    variant = sys.argv[1]
    params = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    return variant, params

def cpu_seconds():
    """CPU time of this process and of its finished children (the process-pool variant)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system

def done(t0, cpu0):
    _pending.append({"e": "done", "t0": round(t0, 3), "wallMs": round(now() - t0, 3), "cpuMs": round((cpu_seconds() - cpu0) * 1000, 3)})
    sys.stdout.write("\n".join(json.dumps(e) for e in _pending) + "\n")
    sys.stdout.flush()
    _pending.clear()

def spin(units):
    """A fixed amount of pure-Python work: it holds the GIL the whole time (on a GIL build)."""
    x = 0
    for i in range(int(units)):
        x = (x * 31 + i) & 0xFFFFFFFF
    return x

def calibrate():
    """Work units per millisecond when nothing interrupts: the best of eight 10 ms windows, so a window in
    which the OS took the core does not make every later task of this variant shorter than the others'."""
    chunk = 2000
    spin(chunk * 10)
    best = 0.0
    for _ in range(8):
        units = 0
        begin = now()
        while now() - begin < 10:
            spin(chunk)
            units += chunk
        best = max(best, units / (now() - begin))
    return best

def cpu(task, lane, units, rate, slice_units=2000, gap_ms=0.5):
    """Runs `units` of work in slices and returns the segments it really ran in. A pause (another thread
    held the GIL, or the OS took the core) shows as a gap between slices or as a slice that took longer
    than its work does at `rate` units/ms; either ends the segment, so placement is off by at most a slice."""
    segments = []
    begin = last = now()
    left = units
    while left > 0:
        slice_start = now()
        if slice_start - last > gap_ms:
            segments.append((task, str(lane), begin, last, "work"))
            begin = slice_start
        n = min(slice_units, left)
        spin(n)
        left -= n
        last = now()
        if last - slice_start > n / rate + gap_ms:
            segments.append((task, str(lane), begin, slice_start + n / rate, "work"))
            begin = last
    segments.append((task, str(lane), begin, last, "work"))
    return [s for s in segments if s[3] > s[2]]

def record(segments):
    for s in segments:
        segment(*s)
