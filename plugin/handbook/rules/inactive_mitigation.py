"""HB505: a mitigation by a rejected, superseded or deprecated item."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.rules.unmitigated_risk import describe_inactive


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    graph = context.graph
    for edge in graph.edges():
        if edge.relation != "mitigates":
            continue
        mitigator = graph.items[edge.source]
        if not is_inactive(mitigator):
            continue
        where = edge.declared_by[0]
        yield rule.finding(
            where.writer.document,
            where.position,
            f"{describe_inactive(graph, mitigator, edge.target)} no longer mitigates "
            f"{edge.target}: link the item in force instead",
            where.writer.id,
        )


RULE = Rule(
    code="HB505",
    name="inactive-mitigation",
    severity=Severity.WARNING,
    summary=(
        "A risk, threat or failure mode is mitigated by a rejected, superseded or deprecated item."
    ),
    rationale=(
        "When a decision is superseded, the mitigations it promised go with it unless its "
        "successor takes them over. The link is kept for history but counts for nothing; "
        "the finding names the successor and whether it mitigates the same item."
    ),
    bad="RISK-012: mitigated-by: [ADR-0009]   # ADR-0009 is superseded by ADR-0014",
    good="RISK-012: mitigated-by: [ADR-0014]",
    check=check,
)
