"""HB503: a runbook that handles nothing."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    graph = context.graph
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        if item.kind.name != "runbook" or is_inactive(item):
            continue
        if graph.incoming(item_id, "handled-by") or graph.outgoing(item_id, "mitigates"):
            continue
        yield rule.finding(
            item.document,
            item.anchor(),
            f"{item_id} handles no failure mode or SLO and mitigates nothing: "
            "say what it is for with 'handles' or 'mitigates'",
            item_id,
        )


RULE = Rule(
    code="HB503",
    name="orphan-runbook",
    severity=Severity.WARNING,
    summary="A runbook that handles no failure mode or SLO and mitigates no risk.",
    rationale=(
        "A runbook nobody links to is found only by luck during an incident, and its "
        "rehearsals are not tied to the failures they prepare for. Link it from the failure "
        "modes or SLOs it answers (`handled-by` there, or `handles` here)."
    ),
    bad="---\nkind: runbook\nid: RB-007\ntitle: Restart the workers\n---",
    good="---\nkind: runbook\nid: RB-007\ntitle: Restart the workers\nhandles: [FM-004]\n---",
    check=check,
)
