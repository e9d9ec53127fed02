"""HB108: a waiver names a rule that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.waivers import waivers_of


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for item in context.items:
        for waiver in waivers_of(item):
            if waiver.rule not in context.rule_keys:
                yield rule.finding(
                    item.document,
                    waiver.position,
                    f"waiver names unknown rule '{waiver.rule}' and silences nothing",
                    item.id,
                )


RULE = Rule(
    code="HB108",
    name="invalid-waiver",
    severity=Severity.WARNING,
    summary="A waiver names a rule code or name that does not exist.",
    rationale=(
        "A misspelt rule in a waiver silences nothing, while its author believes the finding "
        "is handled. Name the rule by code (HB301) or name (missing-section)."
    ),
    bad="waivers:\n  - {rule: HB999, reason: legacy}",
    good="waivers:\n  - {rule: HB301, reason: legacy}",
    check=check,
)
