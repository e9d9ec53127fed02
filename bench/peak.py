"""Run a command and report its wall-clock, CPU time and peak RSS as JSON on standard error.

``os.wait4`` gives a child's own ``ru_maxrss``, but a child forked from a large process starts
from that process' resident size, so the benchmark (which holds generated corpora) runs each
measured command through this small process instead.

Usage: ``python bench/peak.py COMMAND ...``; the command's standard output passes through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> int:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:])
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    figures = {
        "wall": elapsed,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "returncode": os.waitstatus_to_exitcode(status),
    }
    sys.stderr.write("\n" + json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
