"""HB102: a field has a value its schema does not allow."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB102",
    name="invalid-value",
    severity=Severity.ERROR,
    summary="A field's value has the wrong type, is not an allowed value, or is malformed.",
    rationale=(
        "Statuses, severities and dates drive every register, gate and freshness check. A "
        "typo such as `aproved` or a date such as `12/03/2024` would quietly drop a document "
        "out of those views, so the value is checked against the kind's schema and the "
        "finding points at the value itself, with the closest allowed value when there is one."
    ),
    bad="---\nid: ADR-0007\ntitle: Use Postgres\nstatus: aproved\ndate: 12/03/2024\n---",
    good="---\nid: ADR-0007\ntitle: Use Postgres\nstatus: accepted\ndate: 2024-03-12\n---",
    check=report_issues,
)
