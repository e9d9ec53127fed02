"""HB201: two items share one id."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule

_LISTED = 3
"""At most this many other places are named in one finding; the rest are counted, so n copies
give n findings of bounded length rather than n² places."""


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for item_id, items in context.items_by_id.items():
        if len(items) < 2:
            continue
        # An id taken from the file name is written nowhere: it is placed at the item.
        positions = [item.anchor() if item.id_derived else item.position("id") for item in items]
        places = [f"{i.document.rel_path}:{p.line}" for i, p in zip(items, positions, strict=True)]
        for index, item in enumerate(items):
            others = places[:index] + places[index + 1 :]
            listed = ", ".join(others[:_LISTED])
            if len(others) > _LISTED:
                listed += f" and {len(others) - _LISTED} more places ({len(items)} copies in all)"
            yield rule.finding(
                item.document, positions[index], f"id {item_id} is also used at {listed}", item_id
            )


RULE = Rule(
    code="HB201",
    name="duplicate-id",
    severity=Severity.ERROR,
    summary="Two items have the same id; both places are reported.",
    rationale=(
        "Every reference resolves by id, so a duplicated id makes links ambiguous and one of "
        "the two items unreachable. It typically happens when two branches each add 'the next' "
        "ADR; renumber the one that merged last."
    ),
    bad="docs/decisions/0007-use-postgres.md and docs/decisions/0007-use-kafka.md",
    good="docs/decisions/0007-use-postgres.md and docs/decisions/0008-use-kafka.md",
    check=check,
)
