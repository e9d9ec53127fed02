"""HB206: an item writes a relation its own kind may not have."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    reported: set[tuple[int, str]] = set()
    for reference in context.references:
        writer = reference.writer
        relation = reference.relation_key.relation
        forward = reference.relation_key.forward
        allowed = relation.sources if forward else relation.targets
        if not allowed or writer.kind.name in allowed or (id(writer), reference.key) in reported:
            continue
        reported.add((id(writer), reference.key))
        end = "source" if forward else "target"
        yield rule.finding(
            writer.document,
            writer.position(reference.key, key=True),
            f"kind '{writer.kind.name}' cannot be the {end} of '{relation.name}' "
            f"(allowed: {', '.join(sorted(allowed))})",
            writer.id,
        )


RULE = Rule(
    code="HB206",
    name="relation-not-allowed",
    severity=Severity.ERROR,
    summary="An item writes a relation that its kind may not take part in.",
    rationale=(
        "Each relation declares which kinds may stand at each end. A risk that says it "
        "`mitigates` something has the relation backwards: risks are mitigated, they do not "
        "mitigate. Write the inverse key (`mitigated-by`) or move the link to the other side."
    ),
    bad="---\nid: RISK-001\nmitigates: [FM-001]\n---",
    good="---\nid: RISK-001\nmitigated-by: [ADR-0002]\n---",
    check=check,
)
