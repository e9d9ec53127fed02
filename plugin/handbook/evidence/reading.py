"""What a reader makes of one evidence file: measured values, each with the key or line it
came from, and, where the file has them, a latency series for a chart.

Readers keep every value in the base unit of its dimension (``metrics.yml``): latencies in
milliseconds, rates of failure in percent, throughput in requests per second.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

AGGREGATE = ""
"""The label of the values about every request of a file (Locust's ``Aggregated`` row, a
JTL's samples of every label, k6's untagged metrics)."""

AVERAGE, VALUE = "avg", "value"
"""The statistic of a mean, and of a metric that has one value (a rate, a count)."""

LATENCY = "latency"
"""The metric percentiles are computed for from raw samples."""

SERIES_POINTS = 120
"""A chart's series is thinned to at most this many points."""


class EvidenceError(Exception):
    """A file that cannot be read as its declared format; the message says what is wrong
    (one line, no path: the finding names the file)."""


@dataclass(frozen=True, slots=True)
class Measure:
    """One measured value: ``metric`` (a name of ``metrics.yml``) at ``statistic``
    (``p95``, ``avg``, ``value``) for ``label`` (a request name, or the aggregate)."""

    metric: str
    statistic: str
    value: float
    where: str
    """The key (``metrics.http_req_duration.p(95)``) or line (``line 4, column 95%``)."""
    label: str = AGGREGATE


@dataclass(frozen=True, slots=True)
class Point:
    """One point of a latency series: seconds since the run's start, milliseconds."""

    second: float
    latency: float


@dataclass(frozen=True)
class Reading:
    """Everything one file says."""

    format: str
    measures: tuple[Measure, ...]
    series: tuple[Point, ...] = ()
    series_statistic: str = ""
    """What the series plots (``p95``, ``avg``)."""
    started: dt.date | None = None
    """The day the run started, when the file says so."""
    samples: int | None = None
    """How many raw samples were read (JTL), when the file has them."""
    labels: tuple[str, ...] = ()
    distributions: Mapping[str, Mapping[int, int]] = field(default_factory=dict, repr=False)
    """Raw integer samples by label, value → count (JTL), for percentiles computed on
    demand by nearest rank."""
    distribution_source: str = ""
    """Where the raw samples came from, e.g. ``column elapsed``."""
    document: object = field(default=None, repr=False)
    """The parsed file, for values addressed by a path expression (plain JSON)."""
    index: Mapping[tuple[str, str, str], Measure] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "index", {(m.metric, m.statistic, m.label): m for m in self.measures}
        )

    def find(self, metric: str, statistic: str, label: str = AGGREGATE) -> Measure | None:
        found = self.index.get((metric, statistic, label))
        if found is not None or metric != LATENCY:
            return found
        counts = self.distributions.get(label)
        wanted = percentile_number(statistic)
        if counts is None or wanted is None:
            return None
        total = sum(counts.values())
        if total == 0:
            return None
        value = nearest_rank(counts, total, wanted)
        where = f"{self.distribution_source}, nearest rank of {total} samples"
        return Measure(metric, statistic, float(value), where, label)


def percentile_name(number: float) -> str:
    """``p95``, ``p99.9``: the statistic's name for a percentile."""
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return f"p{text}"


def percentile_number(statistic: str) -> float | None:
    """95.0 for ``p95``; None when ``statistic`` is not a percentile."""
    if not statistic.startswith("p"):
        return None
    try:
        number = float(statistic[1:])
    except ValueError:
        return None
    return number if 0 < number <= 100 else None


def nearest_rank(counts: Mapping[int, int], total: int, percentile: float) -> int:
    """The nearest-rank percentile of integer samples given as value → count: the smallest
    value with at least ceil(p/100 × n) samples at or below it."""
    rank = max(1, math.ceil(percentile / 100 * total))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    raise ValueError("no samples")


def thin(points: Iterable[Point], limit: int = SERIES_POINTS) -> tuple[Point, ...]:
    """At most ``limit`` points, evenly picked, the first and last kept."""
    listed = list(points)
    if len(listed) <= limit:
        return tuple(listed)
    step = (len(listed) - 1) / (limit - 1)
    return tuple(listed[round(i * step)] for i in range(limit))


def number(value: object, where: str) -> float:
    """A finite number read from a file, or :class:`EvidenceError` naming ``where``."""
    if isinstance(value, bool):
        raise EvidenceError(f"{where} is {value!r}, not a number")
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            raise EvidenceError(f"{where} is {value!r}, not a number") from None
    else:
        raise EvidenceError(f"{where} is {type(value).__name__}, not a number")
    if not math.isfinite(result):
        raise EvidenceError(f"{where} is {value!r}, not a finite number")
    return result


def day_of(seconds: float) -> dt.date | None:
    """The UTC day of a Unix time in seconds; None when it is out of range."""
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
