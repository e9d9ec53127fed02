"""HB107: a Markdown file was not checked (binary, too large, unreadable or a link outside)."""

from handbook.finding import Severity
from handbook.rules.rule import Rule, report_issues

RULE = Rule(
    code="HB107",
    name="file-skipped",
    severity=Severity.INFO,
    summary="A `.md` file was skipped: binary, too large, unreadable, or a link leading outside.",
    rationale=(
        "A file that cannot be a delivery document is not an error, but silently ignoring it "
        "would hide it. Binary files, files over 2 MiB, unreadable files and links that point "
        "outside the docs directory are reported once, as information, and skipped."
    ),
    bad="docs/decisions/diagram.md  (a PNG saved with the wrong extension)",
    good="docs/decisions/diagram.png",
    check=report_issues,
)
