"""HB512: a threshold the evidence files hold no value for."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence.book import DATA_PROBLEM
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for index, origin, why in evidence.unresolved:
            yield rule.finding(
                item.document,
                item.position(*evidence.at, "thresholds", index, "from"),
                f"{evidence.label} takes thresholds from {origin}, but {why}",
                item.id,
            )
        for result in evidence.checks:
            if result.problem != DATA_PROBLEM:
                continue
            origin = f" (from {result.threshold.origin})" if result.threshold.origin else ""
            yield rule.finding(
                item.document,
                item.position(*result.threshold.at),
                f"{evidence.label}: threshold {result.name}{origin} has no data: {result.why}",
                item.id,
            )


RULE = Rule(
    code="HB512",
    name="threshold-without-evidence",
    severity=Severity.WARNING,
    summary="A threshold names a value its evidence files do not hold.",
    rationale=(
        "A threshold that no file measures is neither passed nor failed: the comparison is "
        "`no-data`. The file may lack the percentile (k6 writes only its "
        "`summaryTrendStats`), the label may be spelt differently, a JSON key may be wrong, "
        "or `from` may name a document that declares no threshold."
    ),
    bad="thresholds:\n  - {metric: latency, percentile: p99.9, limit: 1s}"
    "  # the k6 summary has p(95) and p(99) only",
    good="thresholds:\n  - {metric: latency, percentile: p99, limit: 1s}",
    check=check,
)
