"""The evidence panel of an item's page: an experiment's thresholds with the values its
result files measured and a badge per threshold, and a small latency chart (inline SVG)
where a file has a series; an SLO's experiments, newest first; a release plan's stages that
list evidence files, each with the same table.

Plain data for ``handbook/evidence_panel.html``; the chart's coordinates are computed here,
so the template only draws them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handbook.evidence import FAIL, NO_DATA, NONE, PASS, EvidenceBook
from handbook.evidence.book import Check, ExperimentEvidence, combined
from handbook.evidence.reading import Reading
from handbook.model import Item
from handbook.site.components import Ref, item_ref
from handbook.site.links import SiteIndex
from handbook.site.templating import PageTemplates

WIDTH, HEIGHT, MARGIN = 480, 160, 36
"""The chart's size in SVG units, and the room for the axis labels."""

_TEXT = {PASS: "pass", FAIL: "fail", NO_DATA: "no data", NONE: "no evidence"}
_SIGN = {PASS: "✓", FAIL: "✗", NO_DATA: "?", NONE: "–"}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A state shown as text and a sign, never by colour alone."""

    state: str
    text: str
    sign: str


def verdict(state: str) -> Verdict:
    return Verdict(state, _TEXT.get(state, state), _SIGN.get(state, "?"))


@dataclass(frozen=True, slots=True)
class ThresholdRow:
    name: str
    limit: str
    origin: str | None
    measured: str
    verdict: Verdict
    source: str


@dataclass(frozen=True, slots=True)
class FileRow:
    path: str
    format: str
    date: str
    problem: str


@dataclass(frozen=True, slots=True)
class Chart:
    """A latency series drawn as a polyline, with the limit as a dashed line when one
    threshold of the same statistic has one."""

    file: str
    statistic: str
    points: str
    width: int
    height: int
    margin: int
    top: str
    """The value at the top of the y axis, with its unit."""
    duration: str
    """The run's length at the end of the x axis."""
    limit_y: float | None
    limit: str


@dataclass(frozen=True, slots=True)
class ExperimentPanel:
    verdict: Verdict
    date: str
    stale: bool
    files: list[FileRow]
    rows: list[ThresholdRow]
    charts: list[Chart]


@dataclass(frozen=True, slots=True)
class StagePanel:
    """One release stage's evidence: its name (``stage canary``, ``step 2``) and the same
    table, files and charts as an experiment's."""

    name: str
    panel: ExperimentPanel


@dataclass(frozen=True, slots=True)
class SloEntry:
    ref: Ref
    verdict: Verdict
    date: str
    rows: list[ThresholdRow]


@dataclass(frozen=True, slots=True)
class SloPanel:
    verdict: Verdict
    entries: list[SloEntry]


def _row(check: Check) -> ThresholdRow:
    source = ""
    if check.file is not None and check.state != NO_DATA:
        source = f"{check.file}, {check.where}" if check.where else check.file
    elif check.state == NO_DATA:
        source = check.why
    return ThresholdRow(
        check.name,
        str(check.threshold.limit),
        check.threshold.origin,
        check.measured_text or "–",
        verdict(check.state),
        source,
    )


def experiment_panel(item: Item, book: EvidenceBook) -> ExperimentPanel | None:
    evidence = book.of(item)
    if evidence is None:
        return None
    return _panel(evidence, book)


def stage_panels(item: Item, book: EvidenceBook) -> list[StagePanel]:
    """The panel of each of a release plan's stages that lists evidence files, in order."""
    return [StagePanel(_capital(s.stage or ""), _panel(s, book)) for s in book.stages(item)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _panel(evidence: ExperimentEvidence, book: EvidenceBook) -> ExperimentPanel:
    files = [
        FileRow(
            f.written, f.format, f.date.isoformat() if f.date else "", f.why if f.problem else ""
        )
        for f in evidence.files
    ]
    charts = []
    for file in evidence.files:
        if file.reading is not None and len(file.reading.series) >= 2:
            limits = [
                c
                for c in evidence.checks
                if c.file == file.written
                and c.threshold.metric == "latency"
                and (c.threshold.statistic or "avg") == file.reading.series_statistic
                and c.limit is not None
            ]
            charts.append(chart(file.written, file.reading, limits[0] if limits else None))
    return ExperimentPanel(
        verdict(evidence.state),
        evidence.date.isoformat() if evidence.date else "",
        book.stale(evidence),
        files,
        [_row(c) for c in evidence.checks],
        charts,
    )


def chart(path: str, reading: Reading, limit: Check | None) -> Chart:
    series = reading.series
    last = max(p.second for p in series) or 1.0
    peak = max(p.latency for p in series)
    if limit is not None and limit.limit is not None:
        peak = max(peak, limit.limit)
    top = _nice(peak * 1.1 or 1.0)
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def y(value: float) -> float:
        return round(MARGIN + inner_h - value / top * inner_h, 1)

    points = " ".join(
        f"{round(MARGIN + p.second / last * inner_w, 1)},{y(p.latency)}" for p in series
    )
    return Chart(
        file=path,
        statistic=reading.series_statistic,
        points=points,
        width=WIDTH,
        height=HEIGHT,
        margin=MARGIN,
        top=f"{_number(top)} ms",
        duration=_duration(last),
        limit_y=y(limit.limit) if limit is not None and limit.limit is not None else None,
        limit=str(limit.threshold.limit) if limit is not None else "",
    )


def slo_panel(item: Item, book: EvidenceBook, index: SiteIndex, page_url: str) -> SloPanel | None:
    if item.id is None:
        return None
    evidence = book.for_slo(item)
    if not evidence.entries:
        return None
    entries = [
        SloEntry(
            item_ref(index, e.item.id or "", page_url),
            verdict(_state(checks) if checks else e.state),
            e.date.isoformat() if e.date else "",
            [_row(c) for c in checks],
        )
        for e, checks in evidence.entries
        if e.item.id
    ]
    return SloPanel(verdict(evidence.state), entries)


def _state(checks: tuple[Check, ...]) -> str:
    return combined(c.state for c in checks)


def _nice(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis: 1, 2 or 5 × 10^n."""
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value and magnitude > 1e-6:
        magnitude /= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return value


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{_number(round(seconds))} s"
    return str(dt.timedelta(seconds=round(seconds)))


def evidence_html(
    item: Item, book: EvidenceBook, index: SiteIndex, page_url: str, templates: PageTemplates
) -> str:
    """The panel's HTML for ``item``'s page; empty when it has no evidence to show."""
    experiment = experiment_panel(item, book)
    slo = slo_panel(item, book, index, page_url) if item.kind.name == "slo" else None
    stages = stage_panels(item, book)
    if experiment is None and slo is None and not stages:
        return ""
    return templates.render("evidence_panel.html", experiment=experiment, slo=slo, stages=stages)
