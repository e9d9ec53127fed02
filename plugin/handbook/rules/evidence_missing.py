"""HB509: an evidence file that does not exist or cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence.source import MISSING, UNREADABLE
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for file in evidence.files:
            if file.problem in (MISSING, UNREADABLE):
                yield rule.finding(
                    item.document,
                    item.position(*file.at, "path"),
                    f"{evidence.label}: evidence file {file.written!r} cannot be read: {file.why}",
                    item.id,
                )


RULE = Rule(
    code="HB509",
    name="evidence-missing",
    severity=Severity.ERROR,
    summary="An evidence file does not exist, is not a file, or cannot be read.",
    rationale=(
        "An experiment that names a result file that is not there rests on nothing. The "
        "path is relative to the repository root (the folder of `mkdocs.yml`)."
    ),
    bad="evidence-files:\n  - {path: results/lost.json, format: k6}",
    good="evidence-files:\n  - {path: results/summary.json, format: k6}",
    check=check,
)
