"""HB304: the first heading and the ``title`` field say different things."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handbook.finding import Finding, Position, Severity
from handbook.load import sections_of
from handbook.rules.rule import LintContext, Rule

# adr-tools writes "# 7. Use Postgres"; others write "# ADR-0007: Use Postgres".
_LEADING_ID = re.compile(r"^(?:[A-Z][A-Z0-9]*-\d+|\d+)[.:)]?\s+(?:[-–—:]\s*)?")


def _normalise(text: str) -> str:
    """Compared without case, punctuation, inline code marks or CamelCase joins:
    ``Use `pgBouncer`!`` is ``use pg bouncer``."""
    spaced = "".join(
        f" {char}" if char.isupper() and index and text[index - 1].islower() else char
        for index, char in enumerate(text)
    )
    kept = "".join(char if char.isalnum() else " " for char in spaced)
    return " ".join(kept.split()).casefold()


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for document in context.documents:
        if document.kind is None or not document.items:
            continue
        item = document.items[0]
        title = item.data.get("title")
        if item.title_derived or not isinstance(title, str):
            continue
        heading = next((s for s in sections_of(document) if s.level == 1), None)
        if heading is None:
            continue
        if heading.title == title:  # most do, and equal texts normalise alike
            continue
        wanted = _normalise(title)
        if (
            _normalise(heading.title) in (wanted,)
            or _normalise(_LEADING_ID.sub("", heading.title)) == wanted
        ):
            continue
        yield rule.finding(
            document,
            Position(heading.line, 1, heading.line, len(heading.title) + 3),
            f"heading '{heading.title}' differs from the title '{title}'",
            item.id,
        )


RULE = Rule(
    code="HB304",
    name="title-mismatch",
    severity=Severity.WARNING,
    summary="The document's first-level heading and its `title` field disagree.",
    rationale=(
        "Registers and links show the `title`; the page shows the heading. When a title is "
        "edited in one place only, readers see two names for one decision. A leading number "
        "or id in the heading ('7. Use Postgres', 'ADR-0007: Use Postgres') is allowed."
    ),
    bad="---\ntitle: Use Postgres\n---\n# Use MySQL",
    good="---\ntitle: Use Postgres\n---\n# Use Postgres",
    check=check,
)
