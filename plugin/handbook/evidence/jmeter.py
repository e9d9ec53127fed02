"""JMeter's results as CSV, the JTL file ``jmeter -n -t PLAN.jmx -l FILE.jtl`` writes with
its default settings: a header line and one line per sample, with at least ``elapsed`` (the
sample's time in milliseconds) and usually ``timeStamp`` (Unix milliseconds), ``label`` and
``success`` (``true``/``false``).

JMeter writes no percentiles; they are computed here from the raw samples by the nearest-rank
method (the smallest elapsed time with at least ⌈p/100 × n⌉ samples at or below it), exactly,
per label and over all samples. The file is streamed: memory grows with the number of
distinct elapsed values (whole milliseconds) and labels, not with the number of rows, so a
file of a million samples is read in a few megabytes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from handbook.evidence.reading import (
    AGGREGATE,
    AVERAGE,
    VALUE,
    EvidenceError,
    Measure,
    Point,
    Reading,
    day_of,
    thin,
)
from handbook.evidence.source import CsvRows, open_csv

FORMAT = "jmeter"

MAX_LABELS = 1000
"""Per-label percentiles for at most this many labels; beyond, only the aggregate."""
MAX_SECONDS = 200_000
"""The chart's per-second series stops growing past this many seconds of run."""


def read(path: Path) -> Reading:
    with open_csv(path) as rows:
        header = rows.header
        if "elapsed" not in header:
            hint = " (an XML JTL? save as CSV)" if header and header[0].startswith("<") else ""
            raise EvidenceError(f"not a JMeter CSV JTL: no 'elapsed' column in the header{hint}")
        return _samples(rows)


def _samples(rows: CsvRows) -> Reading:
    header = rows.header
    column = {name: index for index, name in enumerate(header)}
    elapsed_at = column["elapsed"]
    label_at = column.get("label")
    success_at = column.get("success")
    stamp_at = column.get("timeStamp")
    width = len(header)
    overall: Counter[int] = Counter()
    by_label: dict[str, Counter[int]] = {}
    failures = 0
    total = 0
    elapsed_sum = 0
    first_stamp: int | None = None
    last_end: int | None = None
    seconds: dict[int, list[int]] = {}
    for line, row in rows:
        if not row:
            continue
        if len(row) < width:
            raise EvidenceError(
                f"line {line} has {len(row)} columns, the header {width}: truncated?"
            )
        try:
            elapsed = int(row[elapsed_at])
        except ValueError:
            shown = row[elapsed_at][:40]
            raise EvidenceError(
                f"line {line}, column elapsed is {shown!r}, not whole milliseconds"
            ) from None
        if elapsed < 0:
            raise EvidenceError(f"line {line}, column elapsed is negative")
        total += 1
        elapsed_sum += elapsed
        overall[elapsed] += 1
        if label_at is not None:
            label = row[label_at]
            counts = by_label.get(label)
            if counts is None and len(by_label) < MAX_LABELS:
                counts = by_label[label] = Counter()
            if counts is not None:
                counts[elapsed] += 1
        if success_at is not None and row[success_at].strip().lower() == "false":
            failures += 1
        if stamp_at is not None:
            stamp = _integer(row[stamp_at])
            if stamp is not None:
                first_stamp = stamp if first_stamp is None else min(first_stamp, stamp)
                end = stamp + elapsed
                last_end = end if last_end is None else max(last_end, end)
                second = (stamp - first_stamp) // 1000
                if len(seconds) < MAX_SECONDS or second in seconds:
                    bucket = seconds.setdefault(second, [0, 0])
                    bucket[0] += elapsed
                    bucket[1] += 1
    if total == 0:
        raise EvidenceError("a JTL without samples")
    where = f"column elapsed, {total} samples"
    measures = [
        Measure("requests", VALUE, float(total), where),
        Measure("latency", AVERAGE, elapsed_sum / total, where),
        Measure("latency", "min", float(min(overall)), where),
        Measure("latency", "max", float(max(overall)), where),
    ]
    if success_at is not None:
        measures.append(
            Measure("failures", VALUE, float(failures), f"column success, {total} samples")
        )
        rate = failures / total * 100
        measures.append(Measure("error-rate", VALUE, rate, f"column success, {total} samples"))
    started = None
    if first_stamp is not None and last_end is not None:
        span = max(last_end - first_stamp, 1) / 1000
        measures.append(
            Measure("throughput", VALUE, total / span, f"column timeStamp, {total} samples")
        )
        started = day_of(first_stamp / 1000)
    for label, counts in by_label.items():
        count = sum(counts.values())
        measures.append(Measure("requests", VALUE, float(count), where, label))
    distributions: dict[str, Counter[int]] = {AGGREGATE: overall, **by_label}
    series = thin(Point(float(s), b[0] / b[1]) for s, b in sorted(seconds.items()))
    return Reading(
        FORMAT,
        tuple(measures),
        series=series,
        series_statistic=AVERAGE if series else "",
        started=started,
        samples=total,
        labels=tuple(sorted(by_label)),
        distributions=distributions,
        distribution_source="column elapsed",
    )


def _integer(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
