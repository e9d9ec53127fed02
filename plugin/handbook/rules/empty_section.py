"""HB302: a heading with nothing under it."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Position, Severity
from handbook.load import sections_of
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for document in context.documents:
        if document.kind is None or not document.items:
            continue
        required = document.kind.sections
        for section in sections_of(document):
            # A page title (level 1) with the text under level-2 headings is not empty.
            if section.level == 1 or section.has_subsections or not section.is_blank():
                continue
            if any(spec.accepts(section.title) for spec in required):
                continue  # an empty required section is missing-section's (HB301) to report
            yield rule.finding(
                document,
                Position(section.line, 1, section.line, len(section.title) + section.level + 2),
                f"section '{section.title}' is empty",
                document.items[0].id,
            )


RULE = Rule(
    code="HB302",
    name="empty-section",
    severity=Severity.WARNING,
    summary="A section heading with nothing under it (required sections: see HB301).",
    rationale=(
        "An empty section is a question the author meant to answer and did not. It passes the "
        "required-section check while saying nothing; fill it in, or remove the heading. "
        "An HTML comment alone (template guidance) counts as empty."
    ),
    bad="## Consequences\n\n## More Information",
    good="## Consequences\n\nBackups now take 40 minutes; we schedule them off-peak.",
    check=check,
)
