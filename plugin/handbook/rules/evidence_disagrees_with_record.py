"""HB409: a threshold's recorded ``passed:`` that its evidence file contradicts."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence import FAIL, PASS
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for result in evidence.checks:
            written = result.threshold.passed
            if written is None or result.state not in (PASS, FAIL):
                continue
            if written == (result.state == PASS):
                continue
            yield rule.finding(
                item.document,
                item.position(*result.threshold.at, "passed"),
                f"{evidence.label} records {result.name} as passed: {str(written).lower()}, but "
                f"{result.file} measured {result.why} ({result.where})",
                item.id,
            )


RULE = Rule(
    code="HB409",
    name="evidence-disagrees-with-record",
    severity=Severity.WARNING,
    summary="A threshold's recorded `passed:` disagrees with what its evidence file measured.",
    rationale=(
        "A threshold that records `passed: true` beside a result file that measured more "
        "than the limit tells the reader the opposite of the numbers. The evidence wins; "
        "correct the record, or remove `passed:` and let the evidence speak."
    ),
    bad="thresholds:\n  - {metric: latency, percentile: p95, limit: 300ms, passed: true}"
    "  # the file says 341.8 ms",
    good="thresholds:\n  - {metric: latency, percentile: p95, limit: 300ms}",
    check=check,
)
