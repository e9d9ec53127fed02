"""The thresholds an experiment checks: its own, and those it takes ``from`` an SLO (the
latency objectives: ``percentile`` and ``threshold``) or a contract (its ``budgets``), each
remembered with where it is written, so a finding points at the line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from handbook.model import Item

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Threshold:
    metric: str
    limit: object
    statistic: str | None = None
    """The percentile written (``p95``), else None: the metric's default statistic."""
    label: str | None = None
    file: str | None = None
    key: str | None = None
    unit: str | None = None
    passed: bool | None = None
    """What the document says of it (``passed:``), when it says so."""
    origin: str | None = None
    """The SLO or contract it was declared on, when the experiment took it from one."""
    at: Path = ()
    """Where it is written in the experiment (``thresholds[i]``)."""
    origin_at: Path = ()
    """Where its limit is written in the origin, when it has one."""


def own_thresholds(item: Item) -> list[Threshold]:
    """The thresholds written on ``item`` itself (without resolving ``from``)."""
    return _own(item.data, ())


def _own(data: Mapping[str, object], prefix: Path) -> list[Threshold]:
    written = data.get("thresholds")
    found: list[Threshold] = []
    if not isinstance(written, list):
        return found
    for index, entry in enumerate(written):
        if not isinstance(entry, dict) or "from" in entry:
            continue
        metric, limit = entry.get("metric"), entry.get("limit")
        if not isinstance(metric, str) or limit is None:
            continue
        found.append(
            Threshold(
                metric=metric,
                limit=limit,
                statistic=_text(entry.get("percentile")),
                label=_text(entry.get("label")),
                file=_text(entry.get("file")),
                key=_text(entry.get("key")),
                unit=_text(entry.get("unit")),
                passed=entry.get("passed") if isinstance(entry.get("passed"), bool) else None,
                at=(*prefix, "thresholds", index),
            )
        )
    return found


def references(item: Item) -> Iterator[tuple[int, str, dict[str, object]]]:
    """(index, id, entry) for each ``from:`` entry of ``item``'s thresholds."""
    return _references(item.data)


def _references(data: Mapping[str, object]) -> Iterator[tuple[int, str, dict[str, object]]]:
    written = data.get("thresholds")
    if not isinstance(written, list):
        return
    for index, entry in enumerate(written):
        if isinstance(entry, dict) and isinstance(entry.get("from"), str):
            yield index, entry["from"], entry


def declared_thresholds(origin: Item) -> list[Threshold]:
    """The thresholds an SLO or a contract declares: an SLO's objectives that name a
    ``percentile`` and a ``threshold``; a contract's ``budgets``."""
    found: list[Threshold] = []
    objectives = origin.data.get("objectives")
    if isinstance(objectives, list):
        for index, objective in enumerate(objectives):
            if isinstance(objective, dict) and "threshold" in objective:
                found.append(
                    Threshold(
                        metric="latency",
                        limit=objective["threshold"],
                        statistic=_text(objective.get("percentile")),
                        origin=origin.id,
                        origin_at=("objectives", index, "threshold"),
                    )
                )
    budgets = origin.data.get("budgets")
    if isinstance(budgets, dict):
        latency = budgets.get("latency")
        if isinstance(latency, dict):
            for percentile, limit in latency.items():
                if not str(percentile).startswith("x-"):
                    found.append(
                        Threshold(
                            metric="latency",
                            limit=limit,
                            statistic=str(percentile),
                            origin=origin.id,
                            origin_at=("budgets", "latency", str(percentile)),
                        )
                    )
        rate = budgets.get("error-rate")
        if isinstance(rate, int | float) and not isinstance(rate, bool):
            found.append(
                Threshold(
                    metric="error-rate",
                    limit=f"{rate}%",
                    origin=origin.id,
                    origin_at=("budgets", "error-rate"),
                )
            )
        throughput = budgets.get("throughput")
        if isinstance(throughput, str):
            found.append(
                Threshold(
                    metric="throughput",
                    limit=throughput,
                    origin=origin.id,
                    origin_at=("budgets", "throughput"),
                )
            )
    return found


def experiment_thresholds(
    item: Item, resolve: Callable[[str], Item | None]
) -> tuple[list[Threshold], list[tuple[int, str, str]]]:
    """Every threshold ``item`` checks, own and taken, and the ``from`` entries that name
    nothing usable as (index, id, why)."""
    return entry_thresholds(item.data, (), resolve)


def entry_thresholds(
    data: Mapping[str, object], prefix: Path, resolve: Callable[[str], Item | None]
) -> tuple[list[Threshold], list[tuple[int, str, str]]]:
    """The thresholds of ``data`` (an item's frontmatter, or one release stage written at
    ``prefix``), own and taken ``from`` an SLO or contract, and the ``from`` entries that
    name nothing usable as (index, id, why)."""
    found = _own(data, prefix)
    unresolved = []
    for index, origin_id, entry in _references(data):
        origin = resolve(origin_id)
        if origin is None:
            unresolved.append((index, origin_id, "no document has this id"))
            continue
        taken = declared_thresholds(origin)
        if not taken:
            unresolved.append(
                (
                    index,
                    origin_id,
                    "it declares none (an SLO objective with a threshold, or contract budgets)",
                )
            )
        for threshold in taken:
            found.append(
                Threshold(
                    metric=threshold.metric,
                    limit=threshold.limit,
                    statistic=threshold.statistic,
                    label=_text(entry.get("label")),
                    file=_text(entry.get("file")),
                    key=_text(entry.get("key")),  # where a json file holds the value
                    unit=_text(entry.get("unit")),
                    passed=None,
                    origin=threshold.origin,
                    at=(*prefix, "thresholds", index),
                    origin_at=threshold.origin_at,
                )
            )
    found.sort(key=lambda t: t.at)
    return found, unresolved


def stage_thresholds(
    step: Mapping[str, object], prefix: Path, resolve: Callable[[str], Item | None]
) -> tuple[list[Threshold], list[tuple[int, str, str]]]:
    """What a release stage (``steps[i]``, at ``prefix``) checks: its own thresholds, and
    those of each SLO its verification names (``slos:``) that no ``from:`` entry of its own
    already takes, each remembered at the line that names the SLO. An SLO that declares no
    threshold (an availability objective) adds none."""
    found, unresolved = entry_thresholds(step, prefix, resolve)
    taken = {origin for _, origin, _ in _references(step)}
    named = step.get("slos")
    for index, slo_id in enumerate(named if isinstance(named, list) else ()):
        if not isinstance(slo_id, str) or slo_id in taken:
            continue
        taken.add(slo_id)
        origin = resolve(slo_id)
        for threshold in declared_thresholds(origin) if origin is not None else ():
            found.append(dataclasses.replace(threshold, at=(*prefix, "slos", index)))
    return found, unresolved


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
