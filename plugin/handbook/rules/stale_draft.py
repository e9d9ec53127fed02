"""HB404: a draft or proposal open longer than the window."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule, days
from handbook.settings import days_past_window, iso_date


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    window = context.settings.draft_days
    for item in context.items:
        if not item.kind.in_group(item.status, "draft"):
            continue
        created = iso_date(item.data.get("created"))
        age = days_past_window(created, today, window)
        if age is None:
            continue
        yield rule.finding(
            item.document,
            item.position("status"),
            f"{item.id or item.title} has been {item.status} since {created} "
            f"({days(age)}, more than {window}); settle it or withdraw it",
            item.id,
        )


RULE = Rule(
    code="HB404",
    name="stale-draft",
    severity=Severity.WARNING,
    summary="A draft or proposal has been open longer than the draft window.",
    rationale=(
        "A proposal that nobody decides blocks the work that waits for it, and a draft that "
        "nobody finishes reads as if it were current. The age is counted from `created`; "
        "the statuses that count as open are each kind's `draft` group (an ADR's draft and "
        "proposed, a postmortem's draft and in-review) and the window is `freshness."
        "draft_days`. Documents without `created` are not checked."
    ),
    bad="status: proposed\ncreated: 2024-01-31",
    good="status: accepted\ncreated: 2024-01-31",
    check=check,
)
