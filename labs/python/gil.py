"""CPU work on threads and on processes, and waiting on threads. On a GIL build only one thread runs
Python code at a time, so CPU threads take turns while processes run side by side; threads that wait
(sleep, sockets, files) release the GIL and overlap. A free-threaded build (3.13t+) lets CPU threads run
in parallel too: the run records which build it was."""
import os
import sys
import sysconfig
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import lab

def cpu_task(task, units, rate):
    return lab.cpu(task, "thread %d" % threading.get_native_id(), units, rate)

def process_task(task, units, rate):
    return lab.cpu(task, "process %d" % os.getpid(), units, rate)

def wait_task(task, ms):
    begin = lab.now()
    time.sleep(ms / 1000)
    return [(task, "thread %d" % threading.get_native_id(), begin, lab.now(), "wait")]

def main():
    variant, params = lab.start()
    rate = lab.calibrate()
    units = params["taskMs"] * rate
    tasks = ["task %d" % (i + 1) for i in range(params["tasks"])]
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED")) and not getattr(sys, "_is_gil_enabled", lambda: True)()
    lab.metric("freeThreaded", 1 if free_threaded else 0)
    if variant == "processes-cpu":
        pool = ProcessPoolExecutor(max_workers=len(tasks))
        list(pool.map(time.sleep, [0] * len(tasks)))  # start the processes before the clock starts
    elif variant != "sequential":
        pool = ThreadPoolExecutor(max_workers=len(tasks))
    t0 = lab.now()
    cpu0 = lab.cpu_seconds()
    if variant == "sequential":
        for t in tasks:
            lab.record(cpu_task(t, units, rate))
    elif variant == "threads-cpu":
        for segments in pool.map(cpu_task, tasks, [units] * len(tasks), [rate] * len(tasks)):
            lab.record(segments)
    elif variant == "processes-cpu":
        for segments in pool.map(process_task, tasks, [units] * len(tasks), [rate] * len(tasks)):
            lab.record(segments)
    else:
        for segments in pool.map(wait_task, tasks, [params["taskMs"]] * len(tasks)):
            lab.record(segments)
    if variant != "sequential":
        pool.shutdown()
    lab.done(t0, cpu0)

if __name__ == "__main__":
    main()
