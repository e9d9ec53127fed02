"""HB202: a relation names an id that no item has."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for reference in context.references:
        if reference.target_id in context.items_by_id:
            continue
        key = reference.relation_key
        if key.forward and key.relation.name == "introduces":
            continue  # introduced-risk-missing (HB506) says it better
        relation = key.relation
        allowed = relation.targets if key.forward else relation.sources
        known = [
            item_id
            for item_id, items in context.items_by_id.items()
            if not allowed or items[0].kind.name in allowed
        ]
        close = difflib.get_close_matches(reference.target_id, sorted(known), n=1, cutoff=0.7)
        hint = f" (did you mean {close[0]}?)" if close else ""
        yield rule.finding(
            reference.writer.document,
            reference.position,
            f"{reference.key}: {reference.target_id} does not exist{hint}",
            reference.writer.id,
        )


RULE = Rule(
    code="HB202",
    name="dangling-reference",
    severity=Severity.ERROR,
    summary="A relation points at an id that no document defines.",
    rationale=(
        "A link to nothing is worse than no link: the page shows a mitigation that does not "
        "exist and coverage checks count it. Usually the target was renamed, renumbered or "
        "never merged."
    ),
    bad="---\nid: ADR-0009\nmitigates: [RISK-099]\n---",
    good="---\nid: ADR-0009\nmitigates: [RISK-009]\n---",
    check=check,
)
