"""The evidence of one run: each experiment's evidence files read once, its thresholds
compared with what they measured, and what follows for the SLOs they verify and the release
plans those SLOs gate.

Reading a file never raises: a file that cannot be used becomes an :class:`EvidenceFile`
with its ``problem``, which the rules report at the line that names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handbook.evidence import json_path
from handbook.evidence.formats import JSON_FORMAT, READERS
from handbook.evidence.reading import AGGREGATE, VALUE, EvidenceError, Reading, number
from handbook.evidence.source import SourceError, resolve
from handbook.evidence.thresholds import Path as At
from handbook.evidence.thresholds import Threshold, experiment_thresholds, stage_thresholds
from handbook.evidence.units import ANY_DIMENSION, LOWER, Catalog, UnitError, catalog, format_value
from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.settings import Settings, days_past_window, iso_date

PASS, FAIL, NO_DATA, NONE = "pass", "fail", "no-data", "none"
"""A threshold's state, and an item's: no evidence at all is ``none``."""

FORMAT_PROBLEM, UNIT_PROBLEM, DATA_PROBLEM = "format", "unit", "no-data"
"""Problems besides those of opening a file (:mod:`handbook.evidence.source`)."""

UNKNOWN_FORMAT = "unknown-format"
"""A format handbook has no reader for (the schema's enum reports it, HB102)."""

EVIDENCE_FILES = "evidence-files"
"""The frontmatter key listing an experiment's evidence files."""

VERIFIED_BY = "verified-by"
"""The relation from an SLO (or contract) to the experiment that verifies it."""

STEPS = "steps"
"""The frontmatter key listing a release plan's stages; each may list evidence files."""


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    written: str
    format: str
    at: tuple[str | int, ...]
    """Where the entry is written (``evidence-files[i]``)."""
    date: dt.date | None = None
    reading: Reading | None = None
    problem: str | None = None
    why: str = ""


@dataclass(frozen=True, slots=True)
class Check:
    threshold: Threshold
    state: str
    measured: float | None = None
    limit: float | None = None
    unit: str = ""
    file: str | None = None
    where: str | None = None
    why: str = ""
    problem: str | None = None
    bound: str = ""

    @property
    def measured_text(self) -> str:
        if self.measured is None:
            return ""
        number_text = f"{self.measured:.3f}".rstrip("0").rstrip(".")
        return f"{number_text} {self.unit}".strip()

    @property
    def statistic(self) -> str:
        return self.threshold.statistic or ""

    @property
    def name(self) -> str:
        """``p95 latency``, ``error-rate``: what the threshold is about, in words."""
        parts = [self.threshold.statistic or "", self.threshold.metric]
        if self.threshold.key:
            parts.append(f"at {self.threshold.key}")
        if self.threshold.label:
            parts.append(f"of {self.threshold.label}")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class ExperimentEvidence:
    """The evidence of an experiment, or of one stage of a release plan (``stage`` is then
    its name, and ``at`` where it is written, ``steps[i]``): its files and its checks."""

    item: Item
    files: tuple[EvidenceFile, ...]
    checks: tuple[Check, ...]
    unresolved: tuple[tuple[int, str, str], ...] = ()
    date: dt.date | None = None
    stage: str | None = None
    at: At = ()

    @property
    def state(self) -> str:
        return combined(c.state for c in self.checks) if self.files else NONE

    @property
    def label(self) -> str:
        """``EXP-010``; for a stage, ``REL-001 stage canary`` (``step 2`` when unnamed)."""
        return self.item.label if self.stage is None else f"{self.item.label} {self.stage}"


@dataclass(frozen=True)
class SloEvidence:
    """The experiments that bear on an SLO, newest first, each with its checks of the SLO's
    thresholds (or all its checks, when it takes none from the SLO)."""

    item: Item
    entries: tuple[tuple[ExperimentEvidence, tuple[Check, ...]], ...]

    @property
    def state(self) -> str:
        """The newest experiment's verdict: a later run answers an earlier one."""
        for _, checks in self.entries:
            if checks:
                return combined(c.state for c in checks)
        return NONE

    @property
    def date(self) -> dt.date | None:
        return self.entries[0][0].date if self.entries else None


def book_for_run(
    items: list[Item],
    settings: Settings,
    graph: Callable[[], ItemGraph] | None,
    first_by_id: dict[str, Item] | None = None,
) -> EvidenceBook:
    """The evidence book of one run; the graph (for which experiments verify which SLO) is
    built only when some item lists evidence files. ``first_by_id`` is the first item of
    each id when the run has read it already (one dict for the run)."""
    verified: dict[str, list[str]] = {}
    if graph is not None and any(EVIDENCE_FILES in item.data for item in items):
        for edge in graph().edges():
            if edge.relation == VERIFIED_BY:
                verified.setdefault(edge.source, []).append(edge.target)
    return EvidenceBook(
        items,
        settings.project_root,
        settings.today,
        settings.evidence_days,
        verified,
        first_by_id,
    )


def listed_paths(data: Mapping[str, object]) -> Iterable[str]:
    """Every evidence file's path that a document's frontmatter names: its own
    ``evidence-files`` and those of its release stages (``steps[i].evidence-files``)."""
    steps = data.get(STEPS)
    listings = (
        [data, *(s for s in steps if isinstance(s, dict))] if isinstance(steps, list) else [data]
    )
    for listing in listings:
        listed = listing.get(EVIDENCE_FILES)
        for entry in listed if isinstance(listed, list) else ():
            path = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(path, str):
                yield path


def combined(states: Iterable[str]) -> str:
    """Fail if any fails; else no-data if any has none; else pass (none when empty)."""
    listed = list(states)
    if not listed:
        return NONE
    if FAIL in listed:
        return FAIL
    if NO_DATA in listed:
        return NO_DATA
    return PASS


@dataclass(eq=False)
class EvidenceBook:
    """The evidence of the items of one run, computed on first use and kept."""

    items: list[Item]
    root: Path
    today: dt.date
    window_days: int
    verified: Mapping[str, Iterable[str]] = field(default_factory=dict)
    """SLO id → the ids of the experiments that verify it (from the graph)."""
    first_by_id: dict[str, Item] | None = field(default=None, repr=False)
    """The first of ``items`` of each id, when the run has read it (else read here)."""
    _by_id: dict[str, Item] = field(init=False, default_factory=dict)
    _experiments: dict[int, ExperimentEvidence | None] = field(init=False, default_factory=dict)
    _stages: dict[int, tuple[ExperimentEvidence, ...]] = field(init=False, default_factory=dict)
    _readings: dict[tuple[str, str], EvidenceFile] = field(init=False, default_factory=dict)
    _catalog: Catalog = field(init=False)

    def __post_init__(self) -> None:
        self._catalog = catalog()
        if self.first_by_id is not None:
            self._by_id = self.first_by_id
            return
        for item in self.items:
            if item.id is not None:
                self._by_id.setdefault(item.id, item)

    # Experiments.

    def experiments(self) -> list[ExperimentEvidence]:
        """Every item with evidence files, in the run's order."""
        found = [self.of(i) for i in self.items]
        return [e for e in found if e is not None]

    def of(self, item: Item) -> ExperimentEvidence | None:
        """``item``'s evidence; None when it lists no evidence files."""
        written = item.data.get(EVIDENCE_FILES)
        if not isinstance(written, list) or not written:
            return None  # as _compute finds, without an entry for each of the run's items
        key = id(item)
        if key not in self._experiments:
            self._experiments[key] = self._compute(item)
        return self._experiments[key]

    def stages(self, item: Item) -> tuple[ExperimentEvidence, ...]:
        """The evidence of each of ``item``'s release stages that lists evidence files, in
        the order of its ``steps``; empty for any other item."""
        key = id(item)
        if key not in self._stages:
            self._stages[key] = tuple(self._compute_stages(item))
        return self._stages[key]

    def releases(self) -> list[tuple[Item, tuple[ExperimentEvidence, ...]]]:
        """Every release plan with a stage that lists evidence files, in the run's order."""
        found = [(i, self.stages(i)) for i in self.items if STEPS in i.data]
        return [(item, stages) for item, stages in found if stages]

    def everything(self) -> list[ExperimentEvidence]:
        """The experiments' evidence and the release stages', in the run's order: what the
        rules about evidence files and thresholds look at."""
        found: list[ExperimentEvidence] = []
        for item in self.items:
            evidence = self.of(item)
            if evidence is not None:
                found.append(evidence)
            if STEPS in item.data:
                found.extend(self.stages(item))
        return found

    def stale(self, evidence: ExperimentEvidence) -> bool:
        return days_past_window(evidence.date, self.today, self.window_days) is not None

    def _compute(self, item: Item) -> ExperimentEvidence | None:
        written = item.data.get(EVIDENCE_FILES)
        if not isinstance(written, list) or not written:
            return None
        files = self._files(written, ())
        thresholds, unresolved = experiment_thresholds(item, self._by_id.get)
        checks = tuple(self._check(t, files) for t in thresholds)
        dates = [f.date for f in files if f.date is not None]
        date = max(dates) if dates else _date(item.data.get("date"))
        return ExperimentEvidence(item, tuple(files), checks, tuple(unresolved), date)

    def _compute_stages(self, item: Item) -> Iterable[ExperimentEvidence]:
        steps = item.data.get(STEPS)
        for index, step in enumerate(steps if isinstance(steps, list) else ()):
            written = step.get(EVIDENCE_FILES) if isinstance(step, dict) else None
            if not isinstance(step, dict) or not isinstance(written, list) or not written:
                continue
            at: At = (STEPS, index)
            files = self._files(written, at)
            thresholds, unresolved = stage_thresholds(step, at, self._by_id.get)
            checks = tuple(self._check(t, files) for t in thresholds)
            dates = [f.date for f in files if f.date is not None]
            yield ExperimentEvidence(
                item,
                tuple(files),
                checks,
                tuple(unresolved),
                max(dates) if dates else None,
                stage_name(step, index),
                at,
            )

    def _files(self, written: list[object], prefix: At) -> list[EvidenceFile]:
        files = []
        for index, entry in enumerate(written):
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            files.append(self._file(entry, (*prefix, EVIDENCE_FILES, index)))
        return files

    def _file(self, entry: dict[str, object], at: tuple[str | int, ...]) -> EvidenceFile:
        written = str(entry["path"])
        format_name = str(entry.get("format", ""))
        declared = _date(entry.get("date"))
        cached = self._readings.get((written, format_name))
        if cached is None:
            cached = self._read(written, format_name, at)
            self._readings[(written, format_name)] = cached
        date = declared or cached.date
        return EvidenceFile(
            written, format_name, at, date, cached.reading, cached.problem, cached.why
        )

    def _read(self, written: str, format_name: str, at: tuple[str | int, ...]) -> EvidenceFile:
        reader = READERS.get(format_name)
        if reader is None:
            known = ", ".join(sorted(READERS))
            why = f"format {format_name!r} is not one handbook reads ({known})"
            return EvidenceFile(written, format_name, at, problem=UNKNOWN_FORMAT, why=why)
        try:
            path = resolve(self.root, written)
            reading = reader(path)
        except SourceError as error:
            return EvidenceFile(written, format_name, at, problem=error.problem, why=error.why)
        except EvidenceError as error:
            why = f"not a {format_name} file as declared: {error}"
            return EvidenceFile(written, format_name, at, problem=FORMAT_PROBLEM, why=why)
        except RecursionError:
            return EvidenceFile(
                written, format_name, at, problem=FORMAT_PROBLEM, why="nested too deeply"
            )
        return EvidenceFile(written, format_name, at, reading.started, reading)

    def _check(self, threshold: Threshold, files: list[EvidenceFile]) -> Check:
        metric = self._catalog.metric(threshold.metric)
        if metric is None:
            known = ", ".join(self._catalog.metrics)
            return Check(
                threshold,
                NO_DATA,
                problem=UNIT_PROBLEM,
                why=f"unknown metric {threshold.metric!r} (known: {known})",
            )
        try:
            limit = self._catalog.parse_limit(threshold.limit)
        except UnitError as error:
            return Check(threshold, NO_DATA, problem=UNIT_PROBLEM, why=str(error))
        dimension = metric.dimension
        if dimension != ANY_DIMENSION and limit.dimension != dimension:
            return Check(
                threshold,
                NO_DATA,
                problem=UNIT_PROBLEM,
                why=(
                    f"limit {limit.text!r} is a {limit.dimension}, "
                    f"but {metric.name} is a {dimension}"
                ),
            )
        bound = limit.bound or metric.bound
        candidates = [f for f in files if threshold.file is None or f.written == threshold.file]
        if threshold.file is not None and not candidates:
            return Check(
                threshold,
                NO_DATA,
                problem=DATA_PROBLEM,
                why=f"{threshold.file} is not among the evidence-files",
            )
        statistic = threshold.statistic or (
            metric.statistic if metric.statistic != VALUE else VALUE
        )
        usable = [f for f in candidates if f.reading is not None]
        if not usable:
            return Check(threshold, NO_DATA, why="no readable evidence file")
        if threshold.file is None:
            # a key is read from JSON files only, and a JSON file answers only a key
            usable = [f for f in usable if (f.format == JSON_FORMAT) == (threshold.key is not None)]
            if not usable:
                needs = (
                    f"its key {threshold.key} is read from a {JSON_FORMAT} file"
                    if threshold.key is not None
                    else f"a {JSON_FORMAT} file answers only a threshold with a key"
                )
                return Check(
                    threshold,
                    NO_DATA,
                    problem=DATA_PROBLEM,
                    why=f"no readable evidence file fits: {needs}",
                )
        for evidence in usable:
            assert evidence.reading is not None
            found = self._measure(threshold, metric.name, statistic, limit.dimension, evidence)
            if isinstance(found, Check):
                return found
            if found is None:
                continue
            value, where = found
            inside = _within(value, limit.value, bound, limit.strict)
            unit = self._catalog.base_unit(limit.dimension)
            sign = ("≤" if bound != LOWER else "≥") if inside else (">" if bound != LOWER else "<")
            shown = format_value(value, limit.dimension, self._catalog)
            return Check(
                threshold,
                PASS if inside else FAIL,
                measured=value,
                limit=limit.value,
                unit=unit,
                file=evidence.written,
                where=where,
                why=f"{shown} {sign} {limit.text}",
                bound=bound,
            )
        what = f"{statistic} {metric.name}" if statistic != VALUE else metric.name
        if threshold.label:
            what += f" of {threshold.label!r}"
        names = ", ".join(f.written for f in usable)
        return Check(threshold, NO_DATA, problem=DATA_PROBLEM, why=f"no {what} in {names}")

    def _measure(
        self,
        threshold: Threshold,
        metric: str,
        statistic: str,
        dimension: str,
        evidence: EvidenceFile,
    ) -> tuple[float, str] | Check | None:
        reading = evidence.reading
        assert reading is not None
        if evidence.format == JSON_FORMAT:
            if threshold.key is None:
                return Check(
                    threshold,
                    NO_DATA,
                    problem=DATA_PROBLEM,
                    why=f"a {JSON_FORMAT} file needs the threshold's key (a path expression)",
                )
            try:
                raw = json_path.lookup(reading.document, threshold.key)
                value = number(raw, threshold.key)
            except (json_path.PathError, EvidenceError) as error:
                return Check(
                    threshold,
                    NO_DATA,
                    problem=DATA_PROBLEM,
                    file=evidence.written,
                    why=f"{evidence.written}: {error}",
                )
            unit_name = threshold.unit
            if unit_name is None:
                return value * _factor_of_limit(threshold, self._catalog), threshold.key
            unit = self._catalog.unit(unit_name)
            if unit is None:
                return Check(
                    threshold, NO_DATA, problem=UNIT_PROBLEM, why=f"unknown unit {unit_name!r}"
                )
            if unit.dimension != dimension:
                return Check(
                    threshold,
                    NO_DATA,
                    problem=UNIT_PROBLEM,
                    file=evidence.written,
                    why=(
                        f"the value at {threshold.key} is in {unit_name} (a {unit.dimension}), "
                        f"the limit {threshold.limit!r} a {dimension}"
                    ),
                )
            return value * unit.factor, threshold.key
        found = reading.find(metric, statistic, threshold.label or AGGREGATE)
        if found is None:
            return None
        return found.value, found.where

    # SLOs and release plans.

    def for_slo(self, slo: Item) -> SloEvidence:
        """The experiments that verify ``slo`` or take thresholds from it, newest first."""
        entries = []
        verifying = set(self.verified.get(slo.id or "", ()))
        for evidence in self.experiments():
            own = tuple(c for c in evidence.checks if c.threshold.origin == slo.id)
            if own:
                entries.append((evidence, own))
            elif evidence.item.id in verifying:
                entries.append((evidence, evidence.checks))
        entries.sort(key=lambda e: e[0].date or dt.date.min, reverse=True)
        return SloEvidence(slo, tuple(entries))

    def cel(self, item: Item) -> dict[str, object]:
        """What a gate's expression sees as ``evidence``: the item's state (``pass``,
        ``fail``, ``no-data``, ``none``), its date and staleness, its thresholds, and for
        the SLOs named by its release steps, each one's state."""
        evidence = self.of(item)
        state: str = NONE
        date: dt.date | None = None
        checks: tuple[Check, ...] = ()
        if evidence is not None:
            state, date, checks = evidence.state, evidence.date, evidence.checks
        elif item.kind.name == "slo":
            slo = self.for_slo(item)
            state, date = slo.state, slo.date
            checks = next((c for _, c in slo.entries if c), ())
        stale = days_past_window(date, self.today, self.window_days) is not None
        return {
            "state": state,
            "date": date.isoformat() if date else "",
            "stale": stale,
            "thresholds": [_check_value(c) for c in checks],
            "slos": self._step_slos(item),
            "stages": self._stages_value(item),
        }

    def _stages_value(self, item: Item) -> list[dict[str, object]]:
        """One entry per release step, in order: the stage's own evidence (``none`` when it
        lists no files) and the state of each SLO its verification names."""
        steps = item.data.get(STEPS)
        if not isinstance(steps, list):
            return []
        own = {e.at: e for e in self.stages(item)}
        values: list[dict[str, object]] = []
        for index, step in enumerate(steps):
            evidence = own.get((STEPS, index))
            named = step.get("slos") if isinstance(step, dict) else None
            slos: dict[str, str] = {}
            for slo_id in named if isinstance(named, list) else ():
                if isinstance(slo_id, str):
                    slo = self._by_id.get(slo_id)
                    slos[slo_id] = self.for_slo(slo).state if slo is not None else NONE
            values.append(
                {
                    "name": stage_name(step, index) if isinstance(step, dict) else "",
                    "state": evidence.state if evidence is not None else NONE,
                    "date": evidence.date.isoformat() if evidence and evidence.date else "",
                    "stale": evidence is not None and self.stale(evidence),
                    "thresholds": [_check_value(c) for c in evidence.checks] if evidence else [],
                    "slos": slos,
                }
            )
        return values

    def _step_slos(self, item: Item) -> dict[str, str]:
        steps = item.data.get("steps")
        states: dict[str, str] = {}
        if not isinstance(steps, list):
            return states
        for step in steps:
            named = step.get("slos") if isinstance(step, dict) else None
            for slo_id in named if isinstance(named, list) else ():
                slo = self._by_id.get(slo_id) if isinstance(slo_id, str) else None
                if isinstance(slo_id, str):
                    states[slo_id] = self.for_slo(slo).state if slo is not None else NONE
        return states


def stage_name(step: Mapping[str, object], index: int) -> str:
    """``stage canary`` for a step named canary, ``step 2`` for the second, unnamed one."""
    name = step.get("name")
    if isinstance(name, str) and name.strip():
        return f"stage {name.strip()}"
    return f"step {index + 1}"


def _check_value(check: Check) -> dict[str, object]:
    value: dict[str, object] = {
        "metric": check.threshold.metric,
        "statistic": check.threshold.statistic or "",
        "label": check.threshold.label or "",
        "limit": str(check.threshold.limit),
        "state": check.state,
        "unit": check.unit,
        "file": check.file or "",
        "where": check.where or "",
        "from": check.threshold.origin or "",
    }
    if check.measured is not None:
        value["measured"] = check.measured
    return value


def _within(value: float, limit: float, bound: str, strict: bool) -> bool:
    if bound == LOWER:
        return value > limit if strict else value >= limit
    return value < limit if strict else value <= limit


def _factor_of_limit(threshold: Threshold, units: Catalog) -> float:
    """A JSON value without a ``unit`` is taken to be in the unit its limit is written in."""
    try:
        limit = units.parse_limit(threshold.limit)
    except UnitError:
        return 1.0
    return limit.value / _number_part(threshold.limit) if _number_part(threshold.limit) else 1.0


def _number_part(limit: object) -> float:
    text = str(limit).lstrip("<>=≤≥ ")
    digits = ""
    for char in text:
        if char.isdigit() or char in ".-+":
            digits += char
        else:
            break
    try:
        return float(digits)
    except ValueError:
        return 0.0


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return iso_date(value.strip()) if isinstance(value, str) else None
