"""HB408: an experiment whose newest evidence is older than the window."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule, days
from handbook.settings import days_past_window


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    window = context.settings.evidence_days
    for evidence in context.evidence.everything():
        age = days_past_window(evidence.date, today, window)
        if age is None:
            continue
        item = evidence.item
        newest = max(
            (f for f in evidence.files if f.date == evidence.date),
            key=lambda f: f.at,
            default=None,
        )
        where = item.position(*newest.at) if newest is not None else item.position("date")
        again = "the experiment" if evidence.stage is None else "the stage's verification"
        yield rule.finding(
            item.document,
            where,
            f"{evidence.label}'s newest evidence is from {evidence.date} "
            f"({days(age)} ago, more than {window}); run "
            f"{again} again and list the new result file in evidence-files",
            item.id,
        )


RULE = Rule(
    code="HB408",
    name="evidence-stale",
    severity=Severity.WARNING,
    summary="An experiment's newest evidence file is older than the evidence window.",
    rationale=(
        "A load test from last year says little about this year's system. The age of an "
        "evidence file is the day of its run: the entry's `date`, else the day the file "
        "itself records (Locust's history, Artillery's counters, a JTL's first sample, "
        "JUnit's timestamp), else the experiment's `date`. The window is "
        "`freshness.evidence_days` (90 by default)."
    ),
    bad="evidence-files:\n  - {path: results/load.json, format: k6, date: 2025-01-10}",
    good="evidence-files:\n  - {path: results/load.json, format: k6, date: 2026-11-28}",
    check=check,
)
