"""HB301: a section the kind requires is missing from the body."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Position, Severity
from handbook.kinds import normalise_heading
from handbook.load import sections_of
from handbook.parse.headings import Section
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for document in context.documents:
        kind = document.kind
        if kind is None or not kind.sections or not document.items:
            continue
        sections = sections_of(document)
        headings = {normalise_heading(section.title) for section in sections}
        for spec in kind.sections:
            if headings & spec.accepted:
                empty = [s for s in sections if spec.accepts(s.title) and _empty(s)]
                if len(empty) == sum(1 for s in sections if spec.accepts(s.title)):
                    section = empty[0]
                    yield rule.finding(
                        document,
                        Position(
                            section.line, 1, section.line, len(section.title) + section.level + 2
                        ),
                        f"required section '{section.title}' is empty",
                        document.items[0].id,
                    )
                continue
            if spec.optional_in(headings):
                continue  # optional in the template the body follows (MADR, log4brains)
            accepted = ", ".join(f"'{name}'" for name in (spec.name, *spec.synonyms))
            line = max(document.source.body_line - 1, 1)
            yield rule.finding(
                document,
                Position.at(line),
                f"missing section '{spec.name}' (a heading named {accepted})",
                document.items[0].id,
            )


def _empty(section: Section) -> bool:
    return not section.has_subsections and section.is_blank()


RULE = Rule(
    code="HB301",
    name="missing-section",
    severity=Severity.ERROR,
    summary="A section that the kind requires is missing from the body, or empty.",
    rationale=(
        "A decision without its context cannot be revisited, a runbook without steps cannot "
        "be followed at 3 a.m. Each kind names the sections it needs, and accepts the "
        "headings the common templates use for them: a Nygard ADR's 'Context' and a MADR's "
        "'Context and Problem Statement' both count. Headings match at any level, without "
        "regard to case or numbering. A required section with nothing under it (or only an "
        "HTML comment, as templates leave it) counts as missing."
    ),
    bad="# Use Postgres\n\n## Decision\n\nWe use Postgres.",
    good=(
        "# Use Postgres\n\n## Context\n\nWe need a relational store.\n\n## Decision\n\n"
        "We use Postgres.\n\n## Consequences\n\nWe run backups."
    ),
    check=check,
)
