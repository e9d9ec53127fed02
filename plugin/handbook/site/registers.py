"""The generated register pages: decision log, risk register with heat map, threat catalog,
failure-mode catalog, runbook catalog, SLO table, and the handbook home with its runway.

Each register computes a view model here (rows, cells, links, counts) and is laid out by
its template, ``handbook/<template>`` (see ``docs/guide/theming.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handbook.coverage import is_resolved, last_rehearsal, risk_level
from handbook.domain import builtin_facts, phases
from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.site.components import (
    Badge,
    Ref,
    item_ref,
    item_refs,
    list_field,
    status_badge,
    status_group,
    text_field,
    text_list,
)
from handbook.site.links import SiteIndex

PHASES = phases()
_PHASE_TEXT = {
    "understand": "Outcomes, constraints, risks and acceptance criteria in production terms.",
    "design": "Options with trade-offs, threat model, failure modes, release strategy.",
    "build": "Instrumentation, contracts with budgets, features behind flags, CI gates.",
    "harden": "Load, soak and chaos tests, rehearsed rollback, runbooks.",
    "ship": "Staged rollout with automated verification and sign-off on metrics.",
    "operate": "SLOs with error budgets, incident reviews, capacity, handover.",
}


@dataclass(frozen=True, slots=True)
class Register:
    """A generated page: its file name under the prefix, title, the kinds it lists, its
    view model and the template that lays it out."""

    slug: str
    title: str
    kinds: tuple[str, ...]
    view: Callable[[RegisterContext], Any]
    template: str


@dataclass(slots=True)
class RegisterContext:
    graph: ItemGraph
    index: SiteIndex
    page_url: str
    today: dt.date

    def items(self, *kinds: str) -> list[Item]:
        return [
            self.graph.items[i]
            for i in sorted(self.graph.items)
            if self.graph.items[i].kind.name in kinds and i in self.index.items
        ]

    def ref(self, item_id: str) -> Ref:
        return item_ref(self.index, item_id, self.page_url)

    def refs(self, ids: list[str]) -> list[Ref]:
        return item_refs(self.index, ids, self.page_url)

    def related(self, item: Item, relation: str) -> list[str]:
        """Ids related to ``item`` by ``relation`` written either way round (by name or
        by inverse name)."""
        assert item.id is not None
        graph = self.graph
        if relation in graph.relations.relations:
            return graph.outgoing(item.id, relation)
        for candidate in graph.relations:
            if candidate.inverse == relation:
                return graph.incoming(item.id, candidate.name)
        return []


@dataclass(frozen=True, slots=True)
class Row:
    """One item in a register table: its link, title and status, the register's own
    ``cells`` (named for the template) and ``filters`` written as ``data-*`` attributes."""

    ref: Ref
    title: str | None
    status: Badge
    cells: dict[str, Any] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)


def _row(ctx: RegisterContext, item: Item, **cells: Any) -> Row:
    return Row(ctx.ref(item.id or ""), item.title, status_badge(item), cells)


@dataclass(frozen=True, slots=True)
class DecisionLog:
    rows: list[Row]
    statuses: list[str]
    tags: list[str]
    counts: dict[str, int]


def decision_log(ctx: RegisterContext) -> DecisionLog:
    items = ctx.items("adr")
    items.sort(key=lambda i: (str(i.data.get("date") or ""), i.id or ""), reverse=True)
    rows = []
    for item in items:
        tags = list_field(item, "tags")
        rows.append(
            Row(
                ctx.ref(item.id or ""),
                item.title,
                status_badge(item),
                {
                    "date": text_list(item.data.get("date")),
                    "decision_makers": text_list(item.data.get("decision-makers")),
                    "supersedes": ctx.refs(ctx.related(item, "supersedes")),
                    "superseded_by": ctx.refs(ctx.related(item, "superseded-by")),
                },
                {"status": item.status or "", "tags": " ".join(str(t) for t in tags)},
            )
        )
    statuses = sorted({i.status for i in items if i.status})
    tags = sorted({str(t) for i in items for t in list_field(i, "tags")})
    counts = Counter(status_group(i) for i in items)
    return DecisionLog(rows, statuses, tags, {g: counts[g] for g in ("active", "open", "inactive")})


def _risk_score(item: Item) -> int | None:
    score = item.kind.facts.computed.get("score")
    return score.compute(item.data) if score is not None else None


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One cell of the heat map: its band, the names and score it stands for, the open risks
    in it."""

    band: str
    likelihood: str
    impact: str
    score: int
    risks: list[Ref]


@dataclass(frozen=True, slots=True)
class HeatRow:
    likelihood: str
    cells: list[HeatCell]


@dataclass(frozen=True, slots=True)
class RiskRegister:
    impacts: list[str]
    heat_rows: list[HeatRow]
    rows: list[Row]
    statuses: list[str]


def risk_register(ctx: RegisterContext) -> RiskRegister:
    items = ctx.items("risk")
    # The risk kind's scales and bands (a project's replacement may leave them to ours).
    facts = items[0].kind.facts if items and items[0].kind.facts.levels else builtin_facts("risk")
    likelihoods, impacts, levels = facts.scale("likelihood"), facts.scale("impact"), facts.levels
    if likelihoods is None or impacts is None or levels is None:
        return RiskRegister([], [], [], [])
    cells: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        likelihood = likelihoods.number(item.data.get("likelihood"))
        impact = impacts.number(item.data.get("impact"))
        if likelihood and impact and status_group(item) != "inactive":
            cells.setdefault((likelihood, impact), []).append(item)
    impact_names = impacts.words
    likelihood_names = likelihoods.words
    heat_rows = []
    for likelihood in reversed(likelihoods.numbers):
        row_cells = []
        for impact in impacts.numbers:
            score = likelihood * impact
            here = cells.get((likelihood, impact), [])
            row_cells.append(
                HeatCell(
                    levels.for_score(score),
                    likelihood_names[likelihood - 1],
                    impact_names[impact - 1],
                    score,
                    [ctx.ref(i.id or "") for i in here],
                )
            )
        heat_rows.append(HeatRow(likelihood_names[likelihood - 1], row_cells))
    items.sort(key=lambda i: (-(_risk_score(i) or 0), i.id or ""))
    rows = [
        Row(
            ctx.ref(item.id or ""),
            item.title,
            status_badge(item),
            {
                "level": risk_level(item) or "—",
                "score": str(_risk_score(item) or "—"),
                "owner": text_list(item.data.get("owner")),
                "mitigated_by": ctx.refs(ctx.related(item, "mitigated-by")),
            },
            {"status": item.status or ""},
        )
        for item in items
    ]
    statuses = sorted({i.status for i in items if i.status})
    return RiskRegister(list(impact_names), heat_rows, rows, statuses)


_STRIDE = (
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
)


@dataclass(frozen=True, slots=True)
class ThreatCategory:
    """A STRIDE category (or another one the threats name), the HTML id of its heading
    (the name, made attribute-safe) and its threats."""

    name: str
    title: str
    rows: list[Row]
    anchor: str


@dataclass(frozen=True, slots=True)
class ThreatCatalog:
    categories: list[ThreatCategory]


def threat_catalog(ctx: RegisterContext) -> ThreatCatalog:
    items = ctx.items("threat")
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(str(item.data.get("category") or "uncategorised"), []).append(item)
    order = [c for c in _STRIDE if c in groups] + sorted(c for c in groups if c not in _STRIDE)
    categories = []
    for category in order:
        rows = []
        for item in groups[category]:
            mitigations = ctx.related(item, "mitigated-by")
            answered = bool(mitigations) or is_resolved(item)
            rows.append(
                _row(
                    ctx,
                    item,
                    severity=text_list(item.data.get("severity")),
                    mitigated_by=ctx.refs(mitigations),
                    answered=answered,
                )
            )
        title = category.replace("-", " ").capitalize()
        anchor = "category-" + re.sub(r"[^A-Za-z0-9_-]", "_", category)
        categories.append(ThreatCategory(category, title, rows, anchor))
    return ThreatCatalog(categories)


def _rpn(item: Item) -> int | None:
    return item.kind.facts.value("rpn", item.data)


@dataclass(frozen=True, slots=True)
class FailureModeCatalog:
    rows: list[Row]


def failure_mode_catalog(ctx: RegisterContext) -> FailureModeCatalog:
    items = ctx.items("failure-mode")
    items.sort(key=lambda i: (-(_rpn(i) or 0), i.id or ""))
    rows = [
        _row(
            ctx,
            item,
            severity=text_list(item.data.get("severity")),
            occurrence=text_list(item.data.get("occurrence")),
            detection=text_list(item.data.get("detection")),
            rpn=str(_rpn(item) or "—"),
            runbooks=ctx.refs(ctx.related(item, "handled-by")),
        )
        for item in items
    ]
    return FailureModeCatalog(rows)


@dataclass(frozen=True, slots=True)
class RunbookCatalog:
    rows: list[Row]


def runbook_catalog(ctx: RegisterContext) -> RunbookCatalog:
    items = ctx.items("runbook")
    rows = []
    for item in items:
        last = last_rehearsal(item)
        age = (ctx.today - last).days if last else None
        freshness = "never rehearsed" if age is None else f"{age} days ago"
        ages = item.kind.facts.rehearsal_age
        band = ages.band(age) if ages is not None else "ok"
        rows.append(
            _row(
                ctx,
                item,
                runbook_type=text_list(item.data.get("runbook-type")),
                age=age,
                age_band=band,
                freshness=freshness,
                handles=ctx.refs(ctx.related(item, "handles")),
            )
        )
    return RunbookCatalog(rows)


@dataclass(frozen=True, slots=True)
class SloTable:
    rows: list[Row]


def slo_table(ctx: RegisterContext) -> SloTable:
    rows = [
        _row(
            ctx,
            item,
            objective=text_list(item.data.get("objective")),
            time_window=text_list(item.data.get("time-window")),
            runbooks=ctx.refs(ctx.related(item, "handled-by")),
        )
        for item in ctx.items("slo")
    ]
    return SloTable(rows)


REGISTERS = (
    Register("decisions", "Decision log", ("adr",), decision_log, "decision_log.html"),
    Register("risks", "Risk register", ("risk",), risk_register, "risk_register.html"),
    Register("threats", "Threat catalog", ("threat",), threat_catalog, "threat_catalog.html"),
    Register(
        "failure-modes",
        "Failure-mode catalog",
        ("failure-mode",),
        failure_mode_catalog,
        "failure_mode_catalog.html",
    ),
    Register("runbooks", "Runbook catalog", ("runbook",), runbook_catalog, "runbook_catalog.html"),
    Register("slos", "Service level objectives", ("slo",), slo_table, "slo_table.html"),
)


@dataclass(frozen=True, slots=True)
class Phase:
    """One delivery phase on the runway: its number, name, text, counts and items (the
    first eight; ``more`` counts the rest)."""

    number: int
    name: str
    title: str
    text: str
    count: int
    groups: dict[str, int]
    kinds: str
    items: list[tuple[Ref, Badge]]
    more: int


@dataclass(frozen=True, slots=True)
class RegisterLink:
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class Runway:
    registers: list[RegisterLink]
    errors: int
    warnings: int
    phases: list[Phase]


def runway(
    ctx: RegisterContext, registers: list[tuple[Register, str]], findings: Counter[str]
) -> Runway:
    """The handbook home: the six phases with their documents and counts by status."""
    by_phase: dict[str, list[Item]] = {phase: [] for phase in PHASES}
    for item_id in sorted(ctx.index.items):
        item = ctx.graph.items.get(item_id)
        if item is None:
            continue
        phase = text_field(item, "phase") or item.kind.phase
        if phase in by_phase:
            by_phase[phase].append(item)
    phases = []
    for number, phase in enumerate(PHASES, start=1):
        items = by_phase[phase]
        statuses = Counter(status_group(i) for i in items)
        kinds = Counter(i.kind.title for i in items)
        phases.append(
            Phase(
                number,
                phase,
                phase.capitalize(),
                _PHASE_TEXT.get(phase, ""),
                len(items),
                {g: statuses[g] for g in ("active", "open", "inactive") if statuses[g]},
                ", ".join(f"{n} × {k}" for k, n in sorted(kinds.items())),
                [(ctx.ref(i.id or ""), status_badge(i)) for i in items[:8]],
                max(len(items) - 8, 0),
            )
        )
    return Runway(
        [RegisterLink(r.title, href) for r, href in registers],
        findings["error"],
        findings["warning"],
        phases,
    )
