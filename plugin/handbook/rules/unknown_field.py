"""HB103: a field the kind's schema does not know."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB103",
    name="unknown-field",
    severity=Severity.WARNING,
    summary="A field that the kind's schema does not define.",
    rationale=(
        "An unknown key is most often a misspelt one (`stauts`, `mitigated_by`), and a "
        "misspelt relation is a link that silently does not exist. Keys of your own are "
        "welcome: start them with `x-` and they are never flagged. A `$schema` key for "
        "editors is accepted too."
    ),
    bad="---\nid: RISK-002\ntitle: Stale docs mislead reviewers\nmitigated_by: [ADR-0003]\n---",
    good=(
        "---\nid: RISK-002\ntitle: Stale docs mislead reviewers\nmitigated-by: [ADR-0003]\n"
        "x-jira: DOC-12\n---"
    ),
    check=report_issues,
)
