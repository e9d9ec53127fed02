"""HB511: a threshold whose limit's unit does not fit its metric, or the value's unit."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence.book import UNIT_PROBLEM
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for result in evidence.checks:
            if result.problem != UNIT_PROBLEM:
                continue
            origin = f" (from {result.threshold.origin})" if result.threshold.origin else ""
            yield rule.finding(
                item.document,
                item.position(*result.threshold.at),
                f"{evidence.label}: threshold {result.name}{origin} cannot be compared: "
                f"{result.why}",
                item.id,
            )


RULE = Rule(
    code="HB511",
    name="evidence-unit-mismatch",
    severity=Severity.ERROR,
    summary="A threshold's unit does not fit its metric or the value it reads.",
    rationale=(
        "A latency limit written as a percentage, an error rate in milliseconds, or a JSON "
        "value in seconds compared with a limit in requests per second is a mistake the "
        "comparison cannot guess its way around. The units and the dimension of each "
        "metric are listed in the evidence guide."
    ),
    bad="thresholds:\n  - {metric: latency, percentile: p95, limit: 0.1%}",
    good="thresholds:\n  - {metric: latency, percentile: p95, limit: 300ms}",
    check=check,
)
