"""HB203: a relation points at an item of a kind it does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for reference in context.references:
        target = context.resolve(reference.target_id)
        if target is None:
            continue
        relation = reference.relation_key.relation
        if reference.relation_key.forward:
            allowed, end = relation.targets, "target"
        else:
            allowed, end = relation.sources, "source"
        if not allowed or target.kind.name in allowed:
            continue
        yield rule.finding(
            reference.writer.document,
            reference.position,
            f"{reference.key}: {target.id} is of kind '{target.kind.name}', but the {end} of "
            f"'{relation.name}' must be one of: {', '.join(sorted(allowed))}",
            reference.writer.id,
        )


RULE = Rule(
    code="HB203",
    name="wrong-target-kind",
    severity=Severity.ERROR,
    summary="A relation points at an item whose kind the relation does not allow.",
    rationale=(
        "Relations carry meaning: only a runbook can handle a failure mode, only a decision "
        "can supersede a decision. Pointing `handled-by` at an ADR is a slip that would make "
        "the failure mode look covered when no on-call procedure exists."
    ),
    bad="---\nid: FM-002\nhandled-by: [ADR-0003]\n---",
    good="---\nid: FM-002\nhandled-by: [RB-001]\n---",
    check=check,
)
