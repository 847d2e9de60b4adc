#!/usr/bin/env python3
"""Times whole commands run by two (or more) binaries alternately, RUNS times each, from this
parent process: wall time on a monotonic clock, CPU time (user + sys) of the child from wait4.
Alternating keeps both binaries under the same machine load, which on a shared virtual machine
varies by tens of percent from minute to minute; min and median are printed per binary.

Usage: alternate_runs.py RUNS BINARY[,BINARY...] ARGS...
Example (the who-can rows of docs/benchmarks.md):
  bench/alternate_runs.py 20 /tmp/iamwarden-old,build/release/iamwarden \\
      who-can iam:PassRole '*' --snapshot /tmp/iamwarden-ref --format json -o /tmp/who.json
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, binaries, args = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]
    wall = {b: [] for b in binaries}
    cpu = {b: [] for b in binaries}
    for _ in range(runs):
        for b in binaries:
            start = time.monotonic()
            child = subprocess.Popen([b] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            wall[b].append((time.monotonic() - start) * 1000)
            cpu[b].append((usage.ru_utime + usage.ru_stime) * 1000)
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                sys.exit(f"{b} exited with {os.waitstatus_to_exitcode(status)}")
    for b in binaries:
        print(f"{b}: wall min {min(wall[b]):.1f} ms, median {statistics.median(wall[b]):.1f} ms; "
              f"CPU min {min(cpu[b]):.1f} ms, median {statistics.median(cpu[b]):.1f} ms ({runs} runs)")


if __name__ == "__main__":
    main()
