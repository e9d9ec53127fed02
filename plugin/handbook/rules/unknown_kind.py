"""HB104: the document names a kind handbook does not know."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB104",
    name="unknown-kind",
    severity=Severity.ERROR,
    summary="The `kind:` key names a kind that is not defined.",
    rationale=(
        "The kind decides which schema, sections and relations apply. A document whose kind "
        "is unknown cannot be checked at all and appears in no register, so it is reported "
        "rather than skipped."
    ),
    bad="---\nkind: decision-record\nid: ADR-0001\n---",
    good="---\nkind: adr\nid: ADR-0001\n---",
    check=report_issues,
)
