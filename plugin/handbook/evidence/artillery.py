"""Artillery's JSON report, ``artillery run --output FILE``: an ``aggregate`` of the whole
run and the ``intermediate`` reports of each period (by default ten seconds), each with
``counters``, ``rates`` and ``summaries`` (histograms: min, max, mean, median, p50 … p999).

Read: ``summaries["http.response_time"]`` (milliseconds; ``p999`` as ``p99.9``, ``mean`` as
``avg``), the throughput ``rates["http.request_rate"]``, requests ``counters["http.requests"]``;
the error rate is the share of requests without a 1xx–3xx response (``http.codes.*``, so
errors such as ``errors.ETIMEDOUT`` and 4xx/5xx codes count as failed). The metrics-by-
endpoint plugin's ``plugins.metrics-by-endpoint.response_time.NAME`` are the label ``NAME``.
The chart plots each intermediate report's p95.
"""

from __future__ import annotations

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
    number,
    percentile_name,
    thin,
)
from handbook.evidence.source import read_json

FORMAT = "artillery"

_RESPONSE_TIME = "http.response_time"
_BY_ENDPOINT = "plugins.metrics-by-endpoint.response_time."
_CODES = "http.codes."


def read(path: Path) -> Reading:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("aggregate"), dict):
        raise EvidenceError("not an Artillery report: no 'aggregate' object at the top")
    aggregate = data["aggregate"]
    measures: list[Measure] = []
    labels: list[str] = []
    summaries = _object(aggregate, "summaries", "aggregate")
    for name, histogram in summaries.items():
        if name == _RESPONSE_TIME:
            label = AGGREGATE
        elif name.startswith(_BY_ENDPOINT):
            label = name[len(_BY_ENDPOINT) :]
            labels.append(label)
        else:
            continue
        if not isinstance(histogram, dict):
            raise EvidenceError(f"aggregate.summaries.{name} is not an object")
        measures += _histogram(histogram, f"aggregate.summaries.{name}", label)
    counters = _object(aggregate, "counters", "aggregate")
    if "http.requests" in counters:
        where = "aggregate.counters.http.requests"
        requests = number(counters["http.requests"], where)
        measures.append(Measure("requests", VALUE, requests, where))
        answered = sum(
            number(v, f"aggregate.counters.{k}")
            for k, v in counters.items()
            if k.startswith(_CODES) and k[len(_CODES) :][:1] in "123"
        )
        if requests > 0:
            failed = max(0.0, requests - answered)
            measures.append(Measure("failures", VALUE, failed, f"aggregate.counters.{_CODES}*"))
            rate = failed / requests * 100
            measures.append(Measure("error-rate", VALUE, rate, f"aggregate.counters.{_CODES}*"))
    rates = _object(aggregate, "rates", "aggregate")
    if "http.request_rate" in rates:
        where = "aggregate.rates.http.request_rate"
        measures.append(
            Measure("throughput", VALUE, number(rates["http.request_rate"], where), where)
        )
    if not measures:
        raise EvidenceError(f"an Artillery report without {_RESPONSE_TIME} or http.requests")
    started = None
    first = aggregate.get("firstCounterAt")
    if isinstance(first, int | float) and not isinstance(first, bool):
        started = day_of(first / 1000)
    series = _series(data.get("intermediate"))
    return Reading(
        FORMAT,
        tuple(measures),
        series=series,
        series_statistic=percentile_name(95) if series else "",
        started=started,
        labels=tuple(labels),
    )


def _object(parent: dict[str, object], key: str, where: str) -> dict[str, object]:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise EvidenceError(f"{where}.{key} is not an object")
    return value


def _histogram(histogram: dict[str, object], prefix: str, label: str) -> list[Measure]:
    found = []
    for key, value in histogram.items():
        statistic = _statistic(key)
        if statistic is not None:
            where = f"{prefix}.{key}"
            found.append(Measure("latency", statistic, number(value, where), where, label))
    return found


def _statistic(key: str) -> str | None:
    """Artillery's name of a histogram statistic as ours: ``p999`` → ``p99.9``."""
    if key == "mean":
        return AVERAGE
    if key in ("min", "max"):
        return key
    if key == "median":
        return None  # the same value as p50, which every histogram has
    if key.startswith("p") and key[1:].isdigit():
        digits = key[1:]
        # p50, p75, p90, p95, p99 are whole; p999 is 99.9
        value = float(digits) if len(digits) <= 2 else float(digits[:2] + "." + digits[2:])
        return percentile_name(value)
    return None


def _series(intermediate: object) -> tuple[Point, ...]:
    if not isinstance(intermediate, list):
        return ()
    points: list[Point] = []
    first: float | None = None
    for index, report in enumerate(intermediate[:100_000]):
        if not isinstance(report, dict):
            continue
        summaries = report.get("summaries")
        histogram = summaries.get(_RESPONSE_TIME) if isinstance(summaries, dict) else None
        at = report.get("firstCounterAt", report.get("period"))
        if not isinstance(histogram, dict) or "p95" not in histogram or at is None:
            continue
        where = f"intermediate[{index}]"
        millis = number(at, f"{where}.period")
        first = millis if first is None else first
        latency = number(histogram["p95"], f"{where}.summaries.{_RESPONSE_TIME}.p95")
        points.append(Point((millis - first) / 1000, latency))
    return thin(points)
