"""HB106: the same key appears twice in one mapping."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB106",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A key appears twice in the same frontmatter mapping.",
    rationale=(
        "YAML forbids duplicate keys, but most loaders keep the last value without a word. "
        "Two `status:` lines are usually a merge left half-done: the reader sees one value and "
        "the tools another."
    ),
    bad="---\nid: ADR-0004\nstatus: proposed\nstatus: accepted\n---",
    good="---\nid: ADR-0004\nstatus: accepted\n---",
    check=report_issues,
)
