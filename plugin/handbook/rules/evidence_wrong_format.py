"""HB510: an evidence file that is not the format it is declared as, or is truncated."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence.book import FORMAT_PROBLEM
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for file in evidence.files:
            if file.problem == FORMAT_PROBLEM:
                yield rule.finding(
                    item.document,
                    item.position(*file.at, "format"),
                    f"{evidence.label}: evidence file {file.written!r} is {file.why}"
                    if file.why.startswith("not a")
                    else f"{evidence.label}: evidence file {file.written!r}: {file.why}",
                    item.id,
                )


RULE = Rule(
    code="HB510",
    name="evidence-wrong-format",
    severity=Severity.ERROR,
    summary="An evidence file is truncated, broken, or not the format it is declared as.",
    rationale=(
        "A result file cut off while it was written, a CSV without the columns its tool "
        "writes, or a Locust file declared as k6 cannot be compared with anything. The "
        "finding says what the reader found wrong (the line, the missing column)."
    ),
    bad="evidence-files:\n  - {path: results/locust_stats.csv, format: k6}",
    good="evidence-files:\n  - {path: results/locust_stats.csv, format: locust}",
    check=check,
)
