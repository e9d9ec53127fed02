"""HB209: an item names itself in a relation."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for reference in context.references:
        if reference.target_id == reference.writer.id:
            yield rule.finding(
                reference.writer.document,
                reference.position,
                f"{reference.key}: {reference.target_id} is this item itself",
                reference.writer.id,
            )


RULE = Rule(
    code="HB209",
    name="self-reference",
    severity=Severity.ERROR,
    summary="An item lists itself in one of its relations.",
    rationale=(
        "No decision supersedes itself and no runbook handles itself. A self-reference is a "
        "copy-and-paste slip, and it makes coverage checks count an item as its own answer."
    ),
    bad="---\nid: ADR-0004\nsupersedes: [ADR-0004]\n---",
    good="---\nid: ADR-0004\nsupersedes: [ADR-0002]\n---",
    check=check,
)
