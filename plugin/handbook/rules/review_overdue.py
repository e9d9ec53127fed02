"""HB402: an item's ``review-by`` date has passed."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule, days
from handbook.settings import iso_date


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    for item in context.items:
        due = iso_date(item.data.get("review-by"))
        if due is None or due >= today or is_inactive(item):
            continue
        yield rule.finding(
            item.document,
            item.position("review-by"),
            f"{item.id or item.title} was due for review on {due} ({days((today - due).days)} "
            "ago); review it and set the next review-by date",
            item.id,
        )


RULE = Rule(
    code="HB402",
    name="review-overdue",
    severity=Severity.WARNING,
    summary="An item's `review-by` date has passed.",
    rationale=(
        "A review date is how a document says how long it can be trusted. Once it has "
        "passed, readers cannot tell whether the risk, decision or register still holds. "
        "Review it and set the next date, or retire the item; items of an inactive status "
        "(superseded, closed, retired) are not reported."
    ),
    bad="review-by: 2024-01-31",
    good="review-by: 2027-01-31",
    check=check,
)
