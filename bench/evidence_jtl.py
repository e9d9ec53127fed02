"""How long reading a JMeter JTL of a million samples takes, and in how much memory.

Writes a CSV JTL of ``--rows`` samples (default 1,000,000; JMeter's default columns, five
labels, elapsed times from a log-normal distribution) to a temporary folder, then reads it
with handbook's reader (``handbook.evidence.jmeter``) ``--repeat`` times and prints the
best wall-clock time, the rows per second, the nearest-rank p95 and p99 it computed and the
growth of the process's peak memory (resident set) while reading. Timings belong here, not
in the unit tests.

Usage: ``.venv/bin/python bench/evidence_jtl.py [--rows 1000000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import tempfile
import time
from pathlib import Path

from handbook.evidence import jmeter

HEADER = (
    "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
    "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n"
)
LABELS = ("login", "search", "basket", "checkout", "logout")


def write_jtl(path: Path, rows: int, seed: int = 14) -> None:
    generator = random.Random(seed)
    start = 1_796_040_000_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        for index in range(rows):
            label = LABELS[index % len(LABELS)]
            elapsed = int(generator.lognormvariate(4.7, 0.5))
            ok = index % 250 != 0
            handle.write(
                f"{start + index * 3},{elapsed},{label},{200 if ok else 503},"
                f"{'OK' if ok else 'Service Unavailable'},Thread Group 1-{index % 50 + 1},text,"
                f"{'true' if ok else 'false'},,1520,180,50,50,http://localhost/{label},"
                f"{max(1, elapsed - 5)},0,0\n"
            )


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.jtl"
        write_jtl(path, args.rows)
        size = path.stat().st_size
        gc.collect()
        before = peak_rss_kib()
        times, cpu_times = [], []
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            reading = jmeter.read(path)
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
        growth = peak_rss_kib() - before
    best = min(times)
    p95, p99 = reading.find("latency", "p95"), reading.find("latency", "p99")
    assert p95 is not None and p99 is not None
    print(f"JTL of {args.rows:,} rows, {size / 1e6:.1f} MB")
    print(f"  read in {best:.2f} s (best of {args.repeat}), {args.rows / best:,.0f} rows/s")
    print(f"  CPU time {min(cpu_times):.2f} s (best; a shared machine disturbs it less)")
    print(f"  p95 {p95.value:.0f} ms, p99 {p99.value:.0f} ms ({p95.where})")
    print(f"  peak resident memory grew by {growth / 1024:.1f} MiB while reading")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
