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
from handbook.gates import GateResult
from handbook.gates import Runway as GateRunway
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
    """The cell's risks when they are few (``HEAT_IDS_SHOWN`` or fewer), else empty."""
    count: int = 0
    key: str = ""
    """``likelihood-impact`` as numbers: the rows' ``data-cell`` and the link ``#cell-…``."""


@dataclass(frozen=True, slots=True)
class HeatRow:
    likelihood: str
    cells: list[HeatCell]


HEAT_IDS_SHOWN = 3
"""A heat-map cell lists its risks' ids up to this many; past it, only the count, which
links to the cell's risks in the table."""


@dataclass(frozen=True, slots=True)
class RiskRegister:
    impacts: list[str]
    heat_rows: list[HeatRow]
    rows: list[Row]
    statuses: list[str]
    counted: int = 0
    """How many risks the heat map counts (those not closed), of ``len(rows)``."""
    closed: list[str] = field(default_factory=list)
    """The statuses the heat map leaves out."""
    keys: list[str] = field(default_factory=list)
    """Every cell's key, for the anchors the counts link to."""


def risk_register(ctx: RegisterContext) -> RiskRegister:
    items = ctx.items("risk")
    # The risk kind's scales and bands (a project's replacement may leave them to ours).
    facts = items[0].kind.facts if items and items[0].kind.facts.levels else builtin_facts("risk")
    likelihoods, impacts, levels = facts.scale("likelihood"), facts.scale("impact"), facts.levels
    if likelihoods is None or impacts is None or levels is None:
        return RiskRegister([], [], [], [])
    cells: dict[tuple[int, int], list[Item]] = {}
    cell_of: dict[str, str] = {}
    for item in items:
        likelihood = likelihoods.number(item.data.get("likelihood"))
        impact = impacts.number(item.data.get("impact"))
        if likelihood and impact and status_group(item) != "inactive":
            cells.setdefault((likelihood, impact), []).append(item)
            cell_of[item.id or ""] = f"{likelihood}-{impact}"
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
                    [ctx.ref(i.id or "") for i in here] if len(here) <= HEAT_IDS_SHOWN else [],
                    len(here),
                    f"{likelihood}-{impact}",
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
            {"status": item.status or "", "cell": cell_of.get(item.id or "", "")},
        )
        for item in items
    ]
    statuses = sorted({i.status for i in items if i.status})
    closed = sorted({s for i in items for s in i.kind.inactive_statuses})
    keys = [cell.key for row in heat_rows for cell in row.cells]
    return RiskRegister(list(impact_names), heat_rows, rows, statuses, len(cell_of), closed, keys)


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


REGISTERS: tuple[Register, ...] = (
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
class FaultView:
    """An item at fault under a condition: its link (None for a finding with no item), where
    it is written and why it fails."""

    ref: Ref | None
    path: str
    line: int
    why: str


@dataclass(frozen=True, slots=True)
class ConditionView:
    """One condition of a gate, as the gate engine judged it; ``faults`` are the first
    ``FAULTS_SHOWN``, ``more`` counts the rest."""

    id: str
    statement: str
    passed: bool
    checked: int
    note: str | None
    faults: list[FaultView]
    more: int
    evidence: bool = False
    """Whether it rests on evidence files rather than on what the documents say."""


FAULTS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class GateView:
    """A phase's gate: its state (``met``, ``not-met`` or ``upcoming``, from
    :mod:`handbook.gates`), the state in words, and its conditions (all, and the failing)."""

    state: str
    label: str
    conditions: list[ConditionView]
    failing: list[ConditionView]
    passed: int


_GATE_LABELS = {"met": "gate met", "not-met": "gate not met", "upcoming": "upcoming"}


def gate_view(ctx: RegisterContext, gate: GateResult) -> GateView:
    conditions = []
    for result in gate.conditions:
        faults = [
            FaultView(ctx.ref(f.item) if f.item else None, f.path, f.line, f.why)
            for f in result.faults[:FAULTS_SHOWN]
        ]
        conditions.append(
            ConditionView(
                result.spec.id,
                result.spec.statement,
                result.passed,
                result.checked,
                result.note,
                faults,
                max(len(result.faults) - FAULTS_SHOWN, 0),
                result.spec.rests_on_evidence,
            )
        )
    # An upcoming gate is shown, not required: its failing conditions are not "at fault".
    failing = [] if gate.state == "upcoming" else [c for c in conditions if not c.passed]
    return GateView(
        gate.state,
        _GATE_LABELS.get(gate.state, gate.state),
        conditions,
        failing,
        sum(1 for c in conditions if c.passed),
    )


@dataclass(frozen=True, slots=True)
class Phase:
    """One delivery phase on the runway: its number, name, text, counts and items (the
    first eight; ``more`` counts the rest, listed on the phase's page at ``href``), and its
    gate (None when gates were not evaluated)."""

    number: int
    name: str
    title: str
    text: str
    count: int
    groups: dict[str, int]
    kinds: str
    items: list[tuple[Ref, Badge]]
    more: int
    gate: GateView | None = None
    href: str | None = None
    current: bool = False


@dataclass(frozen=True, slots=True)
class RegisterLink:
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class Runway:
    """The home page: register links, lint counts, the six phases and where the project
    is (``current``: the declared phase's number, None when no phase is declared)."""

    registers: list[RegisterLink]
    errors: int
    warnings: int
    phases: list[Phase]
    current: int | None = None
    total: int = len(PHASES)


def _by_phase(ctx: RegisterContext) -> dict[str, list[Item]]:
    by_phase: dict[str, list[Item]] = {phase: [] for phase in PHASES}
    for item_id in sorted(ctx.index.items):
        item = ctx.graph.items.get(item_id)
        if item is None:
            continue
        phase = text_field(item, "phase") or item.kind.phase
        if phase in by_phase:
            by_phase[phase].append(item)
    return by_phase


def runway(
    ctx: RegisterContext,
    registers: list[tuple[Register, str]],
    findings: Counter[str],
    gates: GateRunway | None = None,
    phase_links: dict[str, str] | None = None,
) -> Runway:
    """The handbook home: the six phases with their documents, counts by status and, with
    ``gates`` (the gate engine's result), each phase's gate state and failing conditions."""
    by_phase = _by_phase(ctx)
    results = {g.phase: g for g in gates.gates} if gates is not None else {}
    current = gates.number if gates is not None and gates.declared else None
    links = phase_links or {}
    phases = []
    for number, phase in enumerate(PHASES, start=1):
        items = by_phase[phase]
        statuses = Counter(status_group(i) for i in items)
        kinds = Counter(i.kind.title for i in items)
        result = results.get(phase)
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
                gate_view(ctx, result) if result is not None else None,
                links.get(phase),
                number == current,
            )
        )
    return Runway(
        [RegisterLink(r.title, href) for r, href in registers],
        findings["error"],
        findings["warning"],
        phases,
        current,
    )


@dataclass(frozen=True, slots=True)
class PhasePage:
    """A phase's own page: the phase (with its gate), every document of the phase as a
    row (``cells.kind``), the kinds and statuses to filter by, and the home page's link."""

    phase: Phase
    rows: list[Row]
    kinds: list[str]
    statuses: list[str]
    home: str
    total: int = len(PHASES)


def phase_page(ctx: RegisterContext, phase: str, gates: GateRunway | None, home: str) -> PhasePage:
    view = runway(ctx, [], Counter(), gates)
    this = next(p for p in view.phases if p.name == phase)
    items = _by_phase(ctx)[phase]
    rows = [
        Row(
            ctx.ref(item.id or ""),
            item.title,
            status_badge(item),
            {"kind": item.kind.title},
            {"kind": item.kind.name, "status": item.status or ""},
        )
        for item in items
    ]
    kinds = sorted({i.kind.name for i in items})
    statuses = sorted({i.status for i in items if i.status})
    return PhasePage(this, rows, kinds, statuses, home)


# -- the registers of the kinds that record outcomes, constraints, contracts, incidents ---


@dataclass(frozen=True, slots=True)
class Table:
    """A generic register table: its caption (or None), column headers and rows; a row's
    ``cells`` is a list of values, each text or a list of :class:`Ref` (links)."""

    caption: str | None
    headers: list[str]
    rows: list[Row]
    titled: bool = True
    """Whether the title and status columns follow the id (not for a postmortem's actions)."""


@dataclass(frozen=True, slots=True)
class KindRegister:
    """A register of one kind: a summary line and its tables."""

    summary: str
    tables: list[Table]
    empty: str


def _cells(ctx: RegisterContext, item: Item, *cells: Any) -> Row:
    return Row(ctx.ref(item.id or ""), item.title, status_badge(item), {"list": list(cells)})


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def outcome_register(ctx: RegisterContext) -> KindRegister:
    items = ctx.items("outcome")
    rows = []
    for item in items:
        measures = mapping_entries_of(item, "outcomes")
        targets = "; ".join(
            " ".join(str(m.get(k)) for k in ("metric", "target", "deadline") if m.get(k))
            for m in measures
        )
        rows.append(
            _cells(
                ctx,
                item,
                text_list(item.data.get("intent")),
                targets,
                ctx.refs(ctx.related(item, "measured-by")),
            )
        )
    headers = ["Id", "Title", "Status", "Intent", "Measurable outcomes", "Measured by"]
    return KindRegister(
        _count(len(items), "outcome"), [Table(None, headers, rows)], "No outcomes yet."
    )


def constraint_register(ctx: RegisterContext) -> KindRegister:
    items = ctx.items("constraint")
    rows = []
    for item in items:
        hard = item.data.get("hard")
        rows.append(
            _cells(
                ctx,
                item,
                text_list(item.data.get("constraint-type")),
                "hard" if hard is True else ("soft" if hard is False else ""),
                text_list(item.data.get("statement")),
                ctx.refs(ctx.related(item, "constrains")),
            )
        )
    headers = ["Id", "Title", "Status", "Type", "Hard", "Statement", "Constrains"]
    return KindRegister(
        _count(len(items), "constraint"), [Table(None, headers, rows)], "No constraints yet."
    )


def contract_register(ctx: RegisterContext) -> KindRegister:
    items = ctx.items("contract")
    rows = []
    for item in items:
        interface = item.data.get("interface")
        where = ""
        if isinstance(interface, dict):
            where = " ".join(str(interface[k]) for k in ("format", "location") if interface.get(k))
        elif isinstance(interface, str):
            where = interface
        budgets = item.data.get("budgets")
        latency = budgets.get("latency") if isinstance(budgets, dict) else None
        budget = (
            ", ".join(f"{k} {v}" for k, v in latency.items()) if isinstance(latency, dict) else ""
        )
        rows.append(
            _cells(
                ctx,
                item,
                where,
                text_list(item.data.get("consumers")),
                budget,
                ctx.refs(ctx.related(item, "verified-by")),
            )
        )
    headers = ["Id", "Title", "Status", "Interface", "Consumers", "Latency budget", "Verified by"]
    return KindRegister(
        _count(len(items), "contract"), [Table(None, headers, rows)], "No contracts yet."
    )


def postmortem_register(ctx: RegisterContext) -> KindRegister:
    """Postmortems, newest first, and below them every open action item."""
    items = ctx.items("postmortem")
    items.sort(key=lambda i: (str(_window_start(i)), i.id or ""), reverse=True)
    rows, actions = [], []
    for item in items:
        facts = item.kind.facts.action_items
        entries = mapping_entries_of(item, facts.key if facts else "action-items")
        closed = facts.closed if facts else frozenset()
        status_key, due_key = (facts.status, facts.due) if facts else ("status", "due")
        still_open = [e for e in entries if str(e.get(status_key)) not in closed]
        rows.append(
            _cells(
                ctx,
                item,
                text_list(item.data.get("severity")),
                str(_window_start(item) or ""),
                f"{len(still_open)} of {len(entries)}" if entries else "none",
                ctx.refs(ctx.related(item, "involves")),
            )
        )
        for entry in still_open:
            due = str(entry.get(due_key) or "")
            overdue = bool(due) and due < ctx.today.isoformat()
            actions.append(
                _cells(
                    ctx,
                    item,
                    text_list(entry.get("description")),
                    text_list(entry.get("owner")),
                    due + (" (past due)" if overdue else ""),
                    text_list(entry.get(status_key)),
                )
            )
    headers = ["Id", "Title", "Status", "Severity", "Incident", "Open actions", "Involves"]
    action_headers = ["Postmortem", "Action", "Owner", "Due", "Status"]
    tables = [Table(None, headers, rows)]
    tables.append(Table(f"Open action items ({len(actions)})", action_headers, actions, False))
    summary = f"{_count(len(items), 'postmortem')}, {_count(len(actions), 'open action item')}."
    return KindRegister(summary, tables, "No postmortems yet.")


def _window_start(item: Item) -> object:
    window = item.data.get("incident-window")
    return window.get("start") if isinstance(window, dict) else None


def mapping_entries_of(item: Item, name: str) -> list[dict[str, Any]]:
    value = item.data.get(name)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


REGISTERS = (
    *REGISTERS,
    Register("outcomes", "Outcomes", ("outcome",), outcome_register, "kind_register.html"),
    Register(
        "constraints", "Constraints", ("constraint",), constraint_register, "kind_register.html"
    ),
    Register("contracts", "Contracts", ("contract",), contract_register, "kind_register.html"),
    Register(
        "postmortems", "Postmortems", ("postmortem",), postmortem_register, "kind_register.html"
    ),
)
