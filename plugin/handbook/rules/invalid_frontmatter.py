"""HB100: the frontmatter cannot be read."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB100",
    name="invalid-frontmatter",
    severity=Severity.ERROR,
    summary="The frontmatter cannot be read as a YAML mapping.",
    rationale=(
        "Everything handbook knows about a document comes from its frontmatter. When the YAML "
        "does not parse, the fence is never closed, the file is not UTF-8, or the block is a "
        "list or a single value, no other check can run on the document, and MkDocs would "
        "silently drop its metadata. Only plain YAML is read: tags such as !!python/object "
        "are refused, never executed."
    ),
    bad="---\nid: ADR-0007\ntitle: Use Postgres\nstatus: [accepted\n---",
    good="---\nid: ADR-0007\ntitle: Use Postgres\nstatus: accepted\n---",
    check=report_issues,
)
