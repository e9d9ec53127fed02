"""HB501: a high risk with no active mitigation and no unexpired acceptance."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import acceptance_valid, is_inactive, mitigations, risk_level
from handbook.domain import builtin_facts
from handbook.finding import Finding, Severity
from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.rules.rule import LintContext, Rule


def describe_inactive(graph: ItemGraph, mitigator: Item, target_id: str) -> str:
    """``ADR-0009 (superseded by ADR-0014, which does not mitigate RISK-012)``, and the like."""
    assert mitigator.id is not None
    # The graph keeps an edge under its relation's name, whichever end wrote it: a
    # successor named in superseded-by is an incoming supersedes edge too.
    successors = graph.incoming(mitigator.id, "supersedes")
    status = mitigator.status or "no status"
    if not successors:
        return f"{mitigator.id} ({status})"
    parts = []
    for successor in sorted(set(successors)):
        does = target_id in graph.outgoing(successor, "mitigates")
        verb = "also mitigates" if does else "does not mitigate"
        parts.append(f"{successor}, which {verb} {target_id}")
    return f"{mitigator.id} ({status}, superseded by {'; '.join(parts)})"


def _lowest_score(level: str) -> int:
    """The lowest score banded as ``level`` in the risk schema."""
    levels = builtin_facts("risk").levels
    assert levels is not None
    return next(band.minimum for band in levels.bands if band.level == level)


def unmitigated(context: LintContext) -> Iterator[tuple[str, Item, str, list[Item]]]:
    """Each risk HB501 reports: its id, item, level and inactive mitigations, in id order
    (HB405 asks which ones without paying for positions and messages)."""
    graph = context.graph
    today = context.settings.today
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        if item.kind.name != "risk" or is_inactive(item) or item.kind.facts.levels is None:
            continue
        level = risk_level(item)
        rank = None if level is None else item.kind.facts.levels.rank(level)
        threshold = item.kind.facts.levels.rank(context.settings.risk_level)
        if rank is None or threshold is None or rank < threshold:
            continue
        active, other = mitigations(graph, item_id)
        if active or acceptance_valid(item, today):
            continue
        assert level is not None
        yield item_id, item, level, other


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    graph = context.graph
    for item_id, item, level, other in unmitigated(context):
        if other:
            chain = "; ".join(f"mitigated-by {describe_inactive(graph, m, item_id)}" for m in other)
            why = f"its mitigations are not in force: {chain}"
        else:
            why = "nothing mitigates it"
        acceptance = item.data.get("acceptance")
        if isinstance(acceptance, dict):
            why += f"; its acceptance expired on {acceptance.get('expires')}"
        yield rule.finding(
            item.document,
            item.anchor(),
            f"{item_id} ({level}) has no active mitigation and no acceptance: {why}",
            item_id,
        )


RULE = Rule(
    code="HB501",
    name="unmitigated-risk",
    severity=Severity.ERROR,
    summary="A risk at or above the threshold level has no active mitigation and no acceptance.",
    rationale=(
        "A high risk must be answered: by a decision, runbook, release plan or experiment that "
        "is in force (an accepted ADR, an active runbook) and mitigates it, or by an explicit, "
        "unexpired acceptance. A mitigation by a rejected or superseded decision does not "
        "count, and the finding names the chain it looked at. The level comes from `level:` "
        f"or from likelihood × impact ({_lowest_score('high')} and above is high); the "
        "threshold is `coverage.risk_level`."
    ),
    bad="- id: RISK-012\n  likelihood: likely\n  impact: major   # score 16, nothing mitigates it",
    good=(
        "- id: RISK-012\n  likelihood: likely\n  impact: major\n  mitigated-by: [ADR-0014]"
        "   # ADR-0014 is accepted"
    ),
    check=check,
)
