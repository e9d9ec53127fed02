"""Run a command and report its wall-clock, CPU time and peak RSS as JSON on standard error.

``os.wait4`` gives a child's own ``ru_maxrss``, but a child forked from a large process starts
from that process' resident size, so the benchmark (which holds generated corpora) runs each
measured command through this small process instead.

A command may run in more than one process (a cold ``handbook lint`` forks a second one on
two CPUs), and ``ru_maxrss`` is then the largest of them, not what they held together. So
the command's processes are also sampled every ``SAMPLE_S`` seconds (``/proc``, where there
is one), their resident sizes summed: ``rss_mb`` is the larger of that sum's peak and
``ru_maxrss``. The sum counts twice the pages a forked process still shares with its parent,
so with two processes it errs high; ``own_rss_mb`` and ``tree_rss_mb`` are reported beside it.

Usage: ``python bench/peak.py COMMAND ...``; the command's standard output passes through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

SAMPLE_S = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as ``/proc`` lists them now."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    return found


def resident_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def main() -> int:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:])
    sampled_kb, processes = 0, 1
    can_sample = os.path.isdir(f"/proc/{process.pid}")
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if can_sample else 0)
        if pid:
            break
        pids = tree(process.pid)
        processes = max(processes, len(pids))
        sampled_kb = max(sampled_kb, sum(resident_kb(p) for p in pids))
        time.sleep(SAMPLE_S)
    elapsed = time.perf_counter() - start
    own_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    figures = {
        "wall": elapsed,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": max(own_mb, sampled_kb / 1024),
        "own_rss_mb": own_mb,
        "tree_rss_mb": sampled_kb / 1024,
        "processes": processes,
        "returncode": os.waitstatus_to_exitcode(status),
    }
    sys.stderr.write("\n" + json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
