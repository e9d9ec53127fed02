"""HB506: a decision introduces a risk that no register records."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for reference in context.references:
        key = reference.relation_key
        if key.relation.name != "introduces" or not key.forward:
            continue
        if reference.target_id in context.items_by_id:
            continue
        writer = reference.writer
        message = (
            f"{writer.label} introduces {reference.target_id}, which no risk register "
            "records: add the risk so it is owned, rated and mitigated"
        )
        yield rule.finding(writer.document, reference.position, message, writer.id)


RULE = Rule(
    code="HB506",
    name="introduced-risk-missing",
    severity=Severity.ERROR,
    summary="A decision says it introduces a risk that does not exist.",
    rationale=(
        "Every decision trades something away. When an ADR names the risk it introduces, "
        "that risk must be in a register, with an owner, a rating and a treatment; a risk "
        "that lives only in the decision's frontmatter is a risk nobody manages."
    ),
    bad="---\nid: ADR-0011\nintroduces: [RISK-040]\n---   (and no RISK-040 anywhere)",
    good="RISK-040 added to docs/risks/register.md with owner, likelihood and impact",
    check=check,
)
