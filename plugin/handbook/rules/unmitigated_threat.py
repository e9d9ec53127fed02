"""HB504: a threat with no mitigation that is not accepted either."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_resolved, mitigations
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    graph = context.graph
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        if item.kind.name != "threat" or is_resolved(item):
            continue
        active, other = mitigations(graph, item_id)
        if active:
            continue
        stale = ", ".join(f"{m.id} ({m.status})" for m in other)
        why = f"its mitigations are not in force: {stale}" if other else "nothing mitigates it"
        yield rule.finding(
            item.document,
            item.anchor(),
            f"{item_id} ({item.data.get('category', 'threat')}, status {item.status}) is not "
            f"mitigated and not accepted: {why}",
            item_id,
        )


RULE = Rule(
    code="HB504",
    name="unmitigated-threat",
    severity=Severity.ERROR,
    summary=(
        "A threat that nothing in force mitigates and that is not accepted, transferred or avoided."
    ),
    rationale=(
        "A threat model earns its keep when every threat has an answer: a control that is in "
        "force (an accepted decision, an active runbook), or a recorded choice to accept, "
        "transfer or avoid it, or a ruling that it does not apply."
    ),
    bad="- id: THR-002\n  category: tampering\n  status: open",
    good="- id: THR-002\n  category: tampering\n  status: open\n  mitigated-by: [ADR-0005]",
    check=check,
)
