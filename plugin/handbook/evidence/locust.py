"""Locust's ``--csv PREFIX`` statistics: ``PREFIX_stats.csv`` (one row per request name and
an ``Aggregated`` row; response times in milliseconds, percentile columns ``50%`` … ``100%``)
and ``PREFIX_stats_history.csv`` (a row every few seconds, ``Timestamp`` in Unix seconds).

Given the stats file, the history beside it (same prefix) gives the chart's series and the
run's start. Given the history alone, its last ``Aggregated`` row gives the totals.
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
from handbook.evidence.source import CsvRows, open_csv

FORMAT = "locust"

_AGGREGATED = "Aggregated"
_STATS_COLUMNS = ("Name", "Request Count", "Failure Count", "Average Response Time", "Requests/s")
_HISTORY_COLUMNS = ("Timestamp", "Name", "Total Request Count", "Total Failure Count")
_SERIES_COLUMN = "95%"
_HISTORY_SUFFIX, _STATS_SUFFIX = "_stats_history.csv", "_stats.csv"
_MAX_ROWS = 2_000_000


def read(path: Path) -> Reading:
    with open_csv(path) as rows:
        if "Timestamp" in rows.header:
            return _history(rows)
        measures, labels = _stats(rows)
    series: tuple[Point, ...] = ()
    started = None
    sibling = _history_beside(path)
    if sibling is not None:
        with open_csv(sibling) as rows:
            history = _history(rows)
        series, started = history.series, history.started
    return Reading(
        FORMAT,
        tuple(measures),
        series=series,
        series_statistic=percentile_name(95) if series else "",
        started=started,
        labels=tuple(labels),
    )


def _require(header: list[str], columns: tuple[str, ...], what: str) -> dict[str, int]:
    missing = [c for c in columns if c not in header]
    if missing:
        raise EvidenceError(f"not a Locust {what}: missing columns {', '.join(missing)}")
    return {name: index for index, name in enumerate(header)}


def _stats(rows: CsvRows) -> tuple[list[Measure], list[str]]:
    header = rows.header
    columns = _require(header, _STATS_COLUMNS, "stats file (PREFIX_stats.csv)")
    percentiles = [(h, _percentile(h)) for h in header]
    measures: list[Measure] = []
    labels: list[str] = []
    for line, row in rows:
        if line > _MAX_ROWS:
            raise EvidenceError(f"more than {_MAX_ROWS} rows")
        if not row:
            continue
        if len(row) < len(header):
            raise EvidenceError(f"line {line} has {len(row)} columns, the header {len(header)}")
        name = row[columns["Name"]]
        label = AGGREGATE if name == _AGGREGATED else name
        if label:
            labels.append(label)

        def cell(column: str, line: int = line, row: list[str] = row) -> tuple[float, str]:
            where = f"line {line}, column {column}"
            return number(row[columns[column]], where), where

        requests, where = cell("Request Count")
        measures.append(Measure("requests", VALUE, requests, where, label))
        failures, where_f = cell("Failure Count")
        measures.append(Measure("failures", VALUE, failures, where_f, label))
        if requests > 0:
            rate = failures / requests * 100
            measures.append(Measure("error-rate", VALUE, rate, where_f, label))
            average, where = cell("Average Response Time")
            measures.append(Measure("latency", AVERAGE, average, where, label))
            for column, statistic in percentiles:
                if statistic is not None and row[columns[column]].strip() != "N/A":
                    value, where = cell(column)
                    measures.append(Measure("latency", statistic, value, where, label))
        throughput, where = cell("Requests/s")
        measures.append(Measure("throughput", VALUE, throughput, where, label))
    if not measures:
        raise EvidenceError("a Locust stats file without rows")
    return measures, labels


def _history(rows: CsvRows) -> Reading:
    header = rows.header
    columns = _require(header, _HISTORY_COLUMNS, "history file (PREFIX_stats_history.csv)")
    points: list[Point] = []
    first: float | None = None
    last: tuple[list[str], int] | None = None
    for line, row in rows:
        if line > _MAX_ROWS:
            raise EvidenceError(f"more than {_MAX_ROWS} rows")
        if not row or row[columns["Name"]] != _AGGREGATED:
            continue
        if len(row) < len(header):
            raise EvidenceError(f"line {line} has {len(row)} columns, the header {len(header)}")
        second = number(row[columns["Timestamp"]], f"line {line}, column Timestamp")
        first = second if first is None else first
        last = (row, line)
        if _SERIES_COLUMN in columns:
            value = row[columns[_SERIES_COLUMN]].strip()
            if value not in ("", "N/A", "0"):
                where = f"line {line}, column {_SERIES_COLUMN}"
                points.append(Point(second - first, number(value, where)))
    if last is None or first is None:
        raise EvidenceError("a Locust history without an Aggregated row")
    row, at = last
    measures = []
    where = f"line {at}, column Total Request Count"
    requests = number(row[columns["Total Request Count"]], where)
    measures.append(Measure("requests", VALUE, requests, where))
    where = f"line {at}, column Total Failure Count"
    failures = number(row[columns["Total Failure Count"]], where)
    measures.append(Measure("failures", VALUE, failures, where))
    if requests > 0:
        measures.append(Measure("error-rate", VALUE, failures / requests * 100, where))
    if "Total Average Response Time" in columns:
        where = f"line {at}, column Total Average Response Time"
        average = number(row[columns["Total Average Response Time"]], where)
        measures.append(Measure("latency", AVERAGE, average, where))
    started = day_of(first)
    return Reading(
        FORMAT,
        tuple(measures),
        series=thin(points),
        series_statistic=percentile_name(95) if points else "",
        started=started,
    )


def _percentile(column: str) -> str | None:
    """``95%`` → ``p95``; None for any other column."""
    if not column.endswith("%"):
        return None
    try:
        value = float(column[:-1])
    except ValueError:
        return None
    return percentile_name(value) if 0 < value <= 100 else None


def _history_beside(path: Path) -> Path | None:
    if not path.name.endswith(_STATS_SUFFIX):
        return None
    sibling = path.with_name(path.name[: -len(_STATS_SUFFIX)] + _HISTORY_SUFFIX)
    return sibling if sibling.is_file() and not sibling.is_symlink() else None
