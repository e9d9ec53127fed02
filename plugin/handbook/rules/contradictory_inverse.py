"""HB208: the two ends of a relation disagree."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for reference in context.references:
        relation = reference.relation_key.relation
        if relation.symmetric or not relation.agree:
            continue
        other = context.resolve(reference.target_id)
        writer = reference.writer
        if other is None or other is writer or writer.id is None:
            continue
        inverse_key = relation.inverse if reference.relation_key.forward else relation.name
        listed = other.data.get(inverse_key)
        if not isinstance(listed, list) or writer.id in listed:
            continue
        others = ", ".join(str(x) for x in listed) or "nothing"
        yield rule.finding(
            writer.document,
            reference.position,
            f"{writer.id} says {reference.key} {other.id}, but {other.id} says "
            f"{inverse_key} {others}",
            writer.id,
        )
        yield rule.finding(
            other.document,
            other.position(inverse_key, key=True),
            f"{other.id} says {inverse_key} {others}, but {writer.id} says "
            f"{reference.key} {other.id}",
            other.id,
        )


RULE = Rule(
    code="HB208",
    name="contradictory-inverse",
    severity=Severity.ERROR,
    summary="Both ends of a relation are written, and they disagree.",
    rationale=(
        "Either side of a relation may be written and the other is derived. For relations "
        "declared with `agree: true` (the built-in `supersedes`), both sides, when written, "
        "must agree: if ADR-0009 says it supersedes ADR-0003 while ADR-0003 says it was "
        "superseded by ADR-0007, one of them is out of date, and readers of each page see a "
        "different history. Both places are reported."
    ),
    bad="ADR-0009: supersedes: [ADR-0003]\nADR-0003: superseded-by: [ADR-0007]",
    good="ADR-0009: supersedes: [ADR-0003]\nADR-0003: superseded-by: [ADR-0009]",
    check=check,
)
