"""HB401: a waiver whose expiry date has passed."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.waivers import waivers_of


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    for item in context.items:
        for waiver in waivers_of(item):
            if waiver.expired(today):
                yield rule.finding(
                    item.document,
                    item.position("waivers", waiver.index, "expires"),
                    f"waiver for {waiver.rule} expired on {waiver.expires}; "
                    "the findings it covered are reported again",
                    item.id,
                )


RULE = Rule(
    code="HB401",
    name="expired-waiver",
    severity=Severity.WARNING,
    summary="A waiver's `expires` date has passed.",
    rationale=(
        "A waiver is a promise to fix something later, with a date. When the date passes the "
        "waiver stops silencing anything and says so, so that 'later' does not become "
        "'never' without anybody deciding it."
    ),
    bad="waivers:\n  - {rule: HB301, reason: migrating, owner: ana, expires: 2024-01-31}",
    good="waivers:\n  - {rule: HB301, reason: migrating, owner: ana, expires: 2027-01-31}",
    check=check,
)
