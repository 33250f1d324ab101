"""The memory of N blocked threads versus N waiting asyncio tasks, measured by the kernel: resident
(pages really used) and reserved (virtual address space, mostly untouched thread stacks). Linux reports
both in /proc/self/status; elsewhere only the peak resident size is known, and the run says so."""
import asyncio
import resource
import sys
import threading

import lab

def memory_kb():
    try:
        with open("/proc/self/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmSize"].split()[0])
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return (peak // 1024 if sys.platform == "darwin" else peak), -1

def with_threads(count, release):
    threads = [threading.Thread(target=release.wait) for _ in range(count)]
    for t in threads:
        t.start()
    return threads

async def with_tasks(count, measure):
    release = asyncio.Event()
    tasks = [asyncio.create_task(release.wait()) for _ in range(count)]
    await asyncio.sleep(0)  # let every task start and suspend
    after = measure()
    release.set()
    await asyncio.gather(*tasks)
    return after

def main():
    variant, params = lab.start()
    count = params["count"]
    t0 = lab.now()
    cpu0 = lab.cpu_seconds()
    rss0, vm0 = memory_kb()
    if variant == "threads":
        release = threading.Event()
        threads = with_threads(count, release)
        rss1, vm1 = memory_kb()
        release.set()
        for t in threads:
            t.join()
    else:
        rss1, vm1 = asyncio.run(with_tasks(count, memory_kb))
    lab.metric("residentPerUnitKb", (rss1 - rss0) / count)
    if vm0 >= 0:
        lab.metric("reservedPerUnitKb", (vm1 - vm0) / count)
    lab.metric("residentKb", rss1 - rss0)
    lab.done(t0, cpu0)

if __name__ == "__main__":
    main()
