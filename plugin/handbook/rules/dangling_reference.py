"""HB202: a relation names an id that no item has."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.suggest import IdSuggester


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    known = context.items_by_id
    suggester: IdSuggester | None = None
    for reference in context.references:
        if reference.target_id in known:
            continue
        key = reference.relation_key
        if key.forward and key.relation.name == "introduces":
            continue  # introduced-risk-missing (HB506) says it better
        relation = key.relation
        kinds = relation.targets if key.forward else relation.sources
        if suggester is None:
            suggester = IdSuggester(known)

        def allowed(item_id: str, kinds: frozenset[str] = kinds) -> bool:
            return not kinds or known[item_id][0].kind.name in kinds

        close = suggester.closest(reference.target_id, allowed)
        hint = f" (did you mean {close}?)" if close else ""
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
