"""HB101: a field the kind's schema requires is missing."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB101",
    name="missing-field",
    severity=Severity.ERROR,
    summary="A field that the kind requires is missing.",
    rationale=(
        "Each kind's JSON Schema names the fields without which the document is incomplete: "
        "a decision without a status cannot be trusted, a risk without likelihood and impact "
        "cannot be ranked. The finding points at the mapping that lacks the field (the "
        "`id:` line, or the first key, for the document itself; the list entry for an item "
        "in a register)."
    ),
    bad="---\nid: RISK-003\ntitle: Schema change breaks existing docs\nowner: team-docs\n---",
    good=(
        "---\nid: RISK-003\ntitle: Schema change breaks existing docs\nowner: team-docs\n"
        "status: open\nlikelihood: possible\nimpact: major\n---"
    ),
    check=report_issues,
)
