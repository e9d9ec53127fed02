"""HB508: an evidence file named by a path outside the repository."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence.source import OUTSIDE
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.everything():
        item = evidence.item
        for file in evidence.files:
            if file.problem == OUTSIDE:
                yield rule.finding(
                    item.document,
                    item.position(*file.at, "path"),
                    f"{evidence.label}: evidence file {file.written!r} is not read: {file.why}",
                    item.id,
                )


RULE = Rule(
    code="HB508",
    name="evidence-outside-repository",
    severity=Severity.ERROR,
    summary="An evidence file's path leads outside the repository.",
    rationale=(
        "Evidence is read from the repository only, so that what a build checks is what "
        "the repository holds, and so that a document cannot make handbook read a file "
        "elsewhere on the machine. Absolute paths, `..` that climbs out and symbolic links "
        "that point out are refused. Commit the result file, or a copy of it."
    ),
    bad="evidence-files:\n  - {path: /tmp/summary.json, format: k6}",
    good="evidence-files:\n  - {path: results/summary.json, format: k6}",
    check=check,
)
