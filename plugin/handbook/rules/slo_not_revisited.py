"""HB407: an active SLO not revisited within the window."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_active
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule, days
from handbook.settings import days_past_window, iso_date


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    window = context.settings.slo_review_days
    for item in context.items:
        if item.kind.name != "slo" or not is_active(item):
            continue
        reviewed = iso_date(item.data.get("last-reviewed"))
        age = days_past_window(reviewed, today, window)
        if age is None:
            continue
        yield rule.finding(
            item.document,
            item.position("last-reviewed"),
            f"{item.id or item.title} was last revisited on {reviewed} "
            f"({days(age)} ago, more than {window}); check its targets "
            "against recent windows and record the date in last-reviewed",
            item.id,
        )


RULE = Rule(
    code="HB407",
    name="slo-not-revisited",
    severity=Severity.WARNING,
    summary="An active SLO has not been revisited within the SLO review window.",
    rationale=(
        "An SLO is a bet on what users need and what the system can do; both move. Teams "
        "revisit their targets on a cadence (the SRE workbook's revisit date) to tighten a "
        "target that is always met or loosen one that only burns. The window is `freshness."
        "slo_review_days`, counted from `last-reviewed`; an SLO that records no review is "
        "not checked."
    ),
    bad="status: active\nlast-reviewed: 2024-01-31",
    good="status: active\nlast-reviewed: 2026-10-01",
    check=check,
)
