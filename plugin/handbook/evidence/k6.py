"""k6's end-of-test summary as JSON: the file ``k6 run --summary-export FILE`` writes (each
metric's statistics at the top of the metric), and the data ``handleSummary`` receives and a
script writes with ``JSON.stringify`` (the statistics under ``values``, with ``type``).

k6 keeps time trends in milliseconds and rates as fractions. Read: ``http_req_duration``
(every statistic the summary has, ``p(95)`` as ``p95``, ``med`` also as ``p50``),
``http_req_failed`` (the error rate, in percent) and ``http_reqs`` (requests and
throughput); a tagged sub-metric, ``http_req_duration{name:login}``, is the label ``login``.
"""

from __future__ import annotations

from pathlib import Path

from handbook.evidence.reading import (
    AGGREGATE,
    AVERAGE,
    VALUE,
    EvidenceError,
    Measure,
    Reading,
    number,
    percentile_name,
)
from handbook.evidence.source import read_json

FORMAT = "k6"

_DURATION, _FAILED, _REQUESTS = "http_req_duration", "http_req_failed", "http_reqs"


def read(path: Path) -> Reading:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise EvidenceError("not a k6 summary: no 'metrics' object at the top")
    measures: list[Measure] = []
    labels: set[str] = set()
    for name, metric in data["metrics"].items():
        if not isinstance(metric, dict):
            raise EvidenceError(f"metrics.{name} is not an object")
        base, label = _split_tags(str(name))
        values, prefix = _values(metric, f"metrics.{name}")
        if base == _DURATION:
            labels.add(label)
            measures += _trend(values, prefix, label)
        elif base == _FAILED:
            key = "rate" if "rate" in values else "value"
            if key in values:
                rate = number(values[key], f"{prefix}.{key}")
                measures.append(Measure("error-rate", VALUE, rate * 100, f"{prefix}.{key}", label))
        elif base == _REQUESTS:
            if "count" in values:
                count = number(values["count"], f"{prefix}.count")
                measures.append(Measure("requests", VALUE, count, f"{prefix}.count", label))
            if "rate" in values:
                rate = number(values["rate"], f"{prefix}.rate")
                measures.append(Measure("throughput", VALUE, rate, f"{prefix}.rate", label))
    if not measures:
        raise EvidenceError(
            f"a k6 summary without {_DURATION}, {_FAILED} or {_REQUESTS}: nothing to compare"
        )
    return Reading(FORMAT, tuple(measures), labels=tuple(sorted(labels - {AGGREGATE})))


def _values(metric: dict[str, object], prefix: str) -> tuple[dict[str, object], str]:
    """The statistics of a metric: under ``values`` (handleSummary) or at its top
    (--summary-export)."""
    inner = metric.get("values")
    if isinstance(inner, dict):
        return inner, f"{prefix}.values"
    return metric, prefix


def _trend(values: dict[str, object], prefix: str, label: str) -> list[Measure]:
    found = []
    for key, value in values.items():
        statistic = _statistic(key)
        if statistic is None:
            continue
        where = f"{prefix}.{key}"
        found.append(Measure("latency", statistic, number(value, where), where, label))
        if key == "med":
            found.append(
                Measure("latency", percentile_name(50), number(value, where), where, label)
            )
    return found


def _statistic(key: str) -> str | None:
    """k6's name of a trend statistic as ours: ``p(95)`` → ``p95``, ``avg``, ``min``…"""
    if key.startswith("p(") and key.endswith(")"):
        try:
            return percentile_name(float(key[2:-1]))
        except ValueError:
            return None
    if key == AVERAGE or key in ("min", "max", "med"):
        return key
    return None


def _split_tags(name: str) -> tuple[str, str]:
    """``http_req_duration{name:login}`` → (``http_req_duration``, ``login``); a tag other
    than ``name`` is kept whole as the label."""
    if "{" not in name or not name.endswith("}"):
        return name, AGGREGATE
    base, tags = name[:-1].split("{", 1)
    tags = tags.strip()
    if tags.startswith("name:") and "," not in tags:
        return base, tags[len("name:") :]
    return base, tags
