"""The generated register pages: decision log, risk register with heat map, threat catalog,
failure-mode catalog, runbook catalog, SLO table, and the handbook home with its runway."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handbook.coverage import is_resolved, risk_level
from handbook.domain import builtin_facts, phases
from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.site.components import item_link, item_links, status_badge, status_group, text_list
from handbook.site.html import Safe, tag

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
    """A generated page: its file name under the prefix, title, and how to render it."""

    slug: str
    title: str
    kinds: tuple[str, ...]
    render: Callable[[RegisterContext], Safe]


@dataclass(slots=True)
class RegisterContext:
    graph: ItemGraph
    index: Any  # SiteIndex
    page_url: str
    today: dt.date

    def items(self, *kinds: str) -> list[Item]:
        return [
            self.graph.items[i]
            for i in sorted(self.graph.items)
            if self.graph.items[i].kind.name in kinds and i in self.index.items
        ]

    def link(self, item_id: str, with_title: bool = False) -> Safe:
        return item_link(self.index, item_id, self.page_url, with_title)

    def links(self, ids: list[str]) -> Safe:
        return item_links(self.index, ids, self.page_url)

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


def _table(headers: list[str], rows: list[Safe], **attrs: object) -> Safe:
    return tag(
        "table",
        {"class": "hb-table", **attrs},
        tag("thead", None, tag("tr", None, [tag("th", {"scope": "col"}, h) for h in headers])),
        tag("tbody", None, rows),
    )


def _row(item: Item, cells: list[object], filters: dict[str, str] | None = None) -> Safe:
    attrs: dict[str, object] = {"class": "hb-row"}
    for key, value in (filters or {}).items():
        attrs[f"data-{key}"] = value
    return tag("tr", attrs, [tag("td", None, c) for c in cells])


def _filter_bar(name: str, values: list[str], label: str) -> Safe | None:
    if len(values) < 2:
        return None
    buttons = [
        tag(
            "button",
            {
                "type": "button",
                "class": "hb-chip",
                "data-filter": name,
                "data-value": v,
                "aria-pressed": "false",
            },
            v,
        )
        for v in values
    ]
    return tag(
        "div",
        {"class": "hb-filter", "role": "group", "aria-label": label},
        tag("span", {"class": "hb-filter__label"}, label),
        buttons,
    )


def _empty(what: str) -> Safe:
    return tag("p", {"class": "hb-empty"}, f"No {what} yet.")


def decision_log(ctx: RegisterContext) -> Safe:
    items = ctx.items("adr")
    if not items:
        return _empty("decisions")
    items.sort(key=lambda i: (str(i.data.get("date") or ""), i.id or ""), reverse=True)
    rows = []
    for item in items:
        chain: list[object] = []
        supersedes = ctx.related(item, "supersedes")
        superseded_by = ctx.related(item, "superseded-by")
        if supersedes:
            chain += [
                tag("span", {"class": "hb-rel"}, "supersedes"),
                " ",
                ctx.links(supersedes),
                " ",
            ]
        if superseded_by:
            chain += [
                tag("span", {"class": "hb-rel"}, "superseded by"),
                " ",
                ctx.links(superseded_by),
            ]
        tags = item.data.get("tags") if isinstance(item.data.get("tags"), list) else []
        rows.append(
            _row(
                item,
                [
                    ctx.link(item.id or ""),
                    item.title,
                    status_badge(item),
                    tag("span", {"class": "hb-nowrap"}, text_list(item.data.get("date"))),
                    text_list(item.data.get("decision-makers")),
                    chain or tag("span", {"class": "hb-none"}, "—"),
                ],
                {"status": item.status or "", "tags": " ".join(str(t) for t in tags or [])},
            )
        )
    statuses = sorted({i.status for i in items if i.status})
    tags = sorted(
        {
            str(t)
            for i in items
            for t in (i.data.get("tags") or [])
            if isinstance(i.data.get("tags"), list)
        }
    )
    counts = Counter(status_group(i) for i in items)
    summary = tag(
        "p",
        {"class": "hb-summary"},
        f"{len(items)} decisions: {counts['active']} in force, {counts['open']} open, "
        f"{counts['inactive']} no longer in force.",
    )
    return Safe(
        summary
        + (_filter_bar("status", statuses, "Status") or "")
        + (_filter_bar("tags", tags, "Tag") or "")
        + _table(
            ["Id", "Title", "Status", "Date", "Decision makers", "Supersession"],
            rows,
            **{"data-filterable": "true"},
        )
    )


def _risk_score(item: Item) -> int | None:
    score = item.kind.facts.computed.get("score")
    return score.compute(item.data) if score is not None else None


def risk_register(ctx: RegisterContext) -> Safe:
    items = ctx.items("risk")
    if not items:
        return _empty("risks")
    # The risk kind's scales and bands (a project's replacement may leave them to ours).
    facts = items[0].kind.facts if items[0].kind.facts.levels else builtin_facts("risk")
    likelihoods, impacts, levels = facts.scale("likelihood"), facts.scale("impact"), facts.levels
    if likelihoods is None or impacts is None or levels is None:
        return _empty("risks")
    cells: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        likelihood = likelihoods.number(item.data.get("likelihood"))
        impact = impacts.number(item.data.get("impact"))
        if likelihood and impact and status_group(item) != "inactive":
            cells.setdefault((likelihood, impact), []).append(item)
    impact_names = impacts.words
    likelihood_names = likelihoods.words
    grid_rows = []
    for likelihood in reversed(likelihoods.numbers):
        row_cells: list[Safe] = [tag("th", {"scope": "row"}, likelihood_names[likelihood - 1])]
        for impact in impacts.numbers:
            score = likelihood * impact
            band = levels.for_score(score)
            here = cells.get((likelihood, impact), [])
            row_cells.append(
                tag(
                    "td",
                    {
                        "class": f"hb-heat hb-heat--{band}",
                        "title": f"{likelihood_names[likelihood - 1]} × "
                        f"{impact_names[impact - 1]} = {score}",
                    },
                    tag("span", {"class": "hb-heat__count"}, str(len(here)) if here else ""),
                    tag("div", {"class": "hb-heat__ids"}, [ctx.link(i.id or "") for i in here]),
                )
            )
        grid_rows.append(tag("tr", None, row_cells))
    header = tag(
        "tr",
        None,
        tag("th", None, tag("span", {"class": "hb-axis"}, "likelihood ↓ / impact →")),
        [tag("th", {"scope": "col"}, name) for name in impact_names],
    )
    heat_map = tag(
        "table",
        {"class": "hb-heatmap", "aria-label": "Risk heat map: likelihood by impact"},
        tag("thead", None, header),
        tag("tbody", None, grid_rows),
    )
    items.sort(key=lambda i: (-(_risk_score(i) or 0), i.id or ""))
    rows = []
    for item in items:
        mitigations = ctx.related(item, "mitigated-by")
        rows.append(
            _row(
                item,
                [
                    ctx.link(item.id or ""),
                    item.title,
                    risk_level(item) or "—",
                    str(_risk_score(item) or "—"),
                    status_badge(item),
                    text_list(item.data.get("owner")),
                    ctx.links(mitigations),
                ],
                {"status": item.status or ""},
            )
        )
    statuses = sorted({i.status for i in items if i.status})
    return Safe(
        tag(
            "figure",
            {"class": "hb-heatmap-figure"},
            heat_map,
            tag(
                "figcaption",
                None,
                "Open risks by likelihood and impact. Each id links to its risk.",
            ),
        )
        + (_filter_bar("status", statuses, "Status") or "")
        + _table(
            ["Id", "Title", "Level", "Score", "Status", "Owner", "Mitigated by"],
            rows,
            **{"data-filterable": "true"},
        )
    )


_STRIDE = (
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
)


def threat_catalog(ctx: RegisterContext) -> Safe:
    items = ctx.items("threat")
    if not items:
        return _empty("threats")
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(str(item.data.get("category") or "uncategorised"), []).append(item)
    order = [c for c in _STRIDE if c in groups] + sorted(c for c in groups if c not in _STRIDE)
    sections = []
    for category in order:
        rows = []
        for item in groups[category]:
            mitigations = ctx.related(item, "mitigated-by")
            answered = bool(mitigations) or is_resolved(item)
            rows.append(
                _row(
                    item,
                    [
                        ctx.link(item.id or ""),
                        item.title,
                        text_list(item.data.get("severity")),
                        status_badge(item),
                        ctx.links(mitigations),
                        tag(
                            "span",
                            {"class": "hb-ok" if answered else "hb-gap"},
                            "answered" if answered else "open gap",
                        ),
                    ],
                )
            )
        sections.append(
            tag(
                "section",
                None,
                tag("h2", {"id": f"category-{category}"}, category.replace("-", " ").capitalize()),
                _table(["Id", "Title", "Severity", "Status", "Mitigated by", "Coverage"], rows),
            )
        )
    return Safe("".join(sections))


def _rpn(item: Item) -> int | None:
    return item.kind.facts.value("rpn", item.data)


def failure_mode_catalog(ctx: RegisterContext) -> Safe:
    items = ctx.items("failure-mode")
    if not items:
        return _empty("failure modes")
    items.sort(key=lambda i: (-(_rpn(i) or 0), i.id or ""))
    rows = []
    for item in items:
        rows.append(
            _row(
                item,
                [
                    ctx.link(item.id or ""),
                    item.title,
                    *(text_list(item.data.get(k)) for k in ("severity", "occurrence", "detection")),
                    tag("strong", None, str(_rpn(item) or "—")),
                    status_badge(item),
                    ctx.links(ctx.related(item, "handled-by")),
                ],
            )
        )
    return _table(["Id", "Title", "S", "O", "D", "RPN", "Status", "Runbooks"], rows)


def _last_rehearsal(item: Item) -> dt.date | None:
    dates = []
    for value in [item.data.get("last-tested")] + [
        r.get("date") for r in item.data.get("rehearsals") or [] if isinstance(r, dict)
    ]:
        if isinstance(value, str):
            try:
                dates.append(dt.date.fromisoformat(value))
            except ValueError:
                continue
    return max(dates) if dates else None


def runbook_catalog(ctx: RegisterContext) -> Safe:
    items = ctx.items("runbook")
    if not items:
        return _empty("runbooks")
    rows = []
    for item in items:
        last = _last_rehearsal(item)
        age = (ctx.today - last).days if last else None
        freshness = "never rehearsed" if age is None else f"{age} days ago"
        ages = item.kind.facts.rehearsal_age
        band = ages.band(age) if ages is not None else "ok"
        rows.append(
            _row(
                item,
                [
                    ctx.link(item.id or ""),
                    item.title,
                    status_badge(item),
                    text_list(item.data.get("runbook-type")),
                    tag("span", {"class": f"hb-age hb-age--{band}", "data-days": age}, freshness),
                    ctx.links(ctx.related(item, "handles")),
                ],
            )
        )
    return _table(["Id", "Title", "Status", "Type", "Last rehearsal", "Handles"], rows)


def slo_table(ctx: RegisterContext) -> Safe:
    items = ctx.items("slo")
    if not items:
        return _empty("SLOs")
    rows = [
        _row(
            item,
            [
                ctx.link(item.id or ""),
                item.title,
                text_list(item.data.get("objective")),
                text_list(item.data.get("time-window")),
                status_badge(item),
                ctx.links(ctx.related(item, "handled-by")),
            ],
        )
        for item in items
    ]
    return _table(["Id", "Title", "Objective", "Window", "Status", "Runbooks"], rows)


REGISTERS = (
    Register("decisions", "Decision log", ("adr",), decision_log),
    Register("risks", "Risk register", ("risk",), risk_register),
    Register("threats", "Threat catalog", ("threat",), threat_catalog),
    Register("failure-modes", "Failure-mode catalog", ("failure-mode",), failure_mode_catalog),
    Register("runbooks", "Runbook catalog", ("runbook",), runbook_catalog),
    Register("slos", "Service level objectives", ("slo",), slo_table),
)


def runway(
    ctx: RegisterContext, registers: list[tuple[Register, str]], findings: Counter[str]
) -> Safe:
    """The handbook home: the six phases with their documents and counts by status."""
    by_phase: dict[str, list[Item]] = {phase: [] for phase in PHASES}
    for item_id in sorted(ctx.index.items):
        item = ctx.graph.items.get(item_id)
        if item is None:
            continue
        phase = item.data.get("phase") or item.kind.phase
        if phase in by_phase:
            by_phase[phase].append(item)
    cards = []
    for number, phase in enumerate(PHASES, start=1):
        items = by_phase[phase]
        statuses = Counter(status_group(i) for i in items)
        kinds = Counter(i.kind.title for i in items)
        listing = [
            tag("li", None, ctx.link(i.id or "", with_title=True), " ", status_badge(i))
            for i in items[:8]
        ]
        more = (
            tag("li", {"class": "hb-more"}, f"and {len(items) - 8} more")
            if len(items) > 8
            else None
        )
        cards.append(
            tag(
                "li",
                {"class": f"hb-phase-card hb-phase-card--{'empty' if not items else 'filled'}"},
                tag("div", {"class": "hb-phase-card__step"}, str(number)),
                tag(
                    "h2",
                    {"class": "hb-phase-card__title", "id": f"phase-{phase}"},
                    phase.capitalize(),
                ),
                tag("p", {"class": "hb-phase-card__text"}, _PHASE_TEXT.get(phase, "")),
                tag(
                    "p",
                    {"class": "hb-phase-card__counts"},
                    f"{len(items)} item{'s' if len(items) != 1 else ''}",
                    [
                        tag("span", {"class": f"hb-count hb-count--{g}"}, f"{statuses[g]} {g}")
                        for g in ("active", "open", "inactive")
                        if statuses[g]
                    ],
                ),
                tag(
                    "p",
                    {"class": "hb-phase-card__kinds"},
                    ", ".join(f"{n} × {k}" for k, n in sorted(kinds.items())),
                ),
                tag("ul", {"class": "hb-phase-card__items"}, listing, more)
                if items
                else tag("p", {"class": "hb-empty"}, "Nothing recorded for this phase yet."),
            )
        )
    nav = [tag("a", {"class": "hb-register-link", "href": href}, r.title) for r, href in registers]
    health = tag(
        "p",
        {"class": "hb-health"},
        "Lint: ",
        tag(
            "span",
            {"class": "hb-count hb-count--" + ("inactive" if findings["error"] else "active")},
            f"{findings['error']} errors",
        ),
        " ",
        tag("span", {"class": "hb-count hb-count--open"}, f"{findings['warning']} warnings"),
    )
    return Safe(
        tag("nav", {"class": "hb-registers", "aria-label": "Registers"}, nav)
        + health
        + tag("ol", {"class": "hb-runway", "aria-label": "Delivery phases"}, cards)
    )
