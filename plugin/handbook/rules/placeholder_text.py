"""HB303: template placeholders or TODO markers left in a document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handbook.finding import Finding, Position, Severity
from handbook.model import Document
from handbook.parse.fences import Fences
from handbook.rules.rule import LintContext, Rule

_MARKER = re.compile(r"\b(TODO|TBD|FIXME|XXX)\b")
# Template left-overs such as MADR's "{short title of solved problem}"; attribute lists
# ("{ .note }", "{#anchor}") and single tokens ("{x}") are not placeholders.
# The first run stops at the first blank, so each span is read once (``[^{}\n]*\s`` would
# try every blank of a long run in turn: quadratic). Lines hold no newline.
_TEMPLATE = re.compile(r"\{[A-Za-z][^{}\s]*+\s[^{}\n]*+\}")
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
_NEEDLES = ("TODO", "TBD", "FIXME", "XXX", "{")


def _may_hold_placeholder(text: str) -> bool:
    # Plain substring tests run in C and beat a regular expression alternation by far.
    return any(needle in text for needle in _NEEDLES)


def placeholders(text: str, first_line: int) -> Iterator[tuple[int, int, int, str]]:
    """(line, column, end column, text) of each placeholder outside code."""
    if not _may_hold_placeholder(text):
        return
    code = Fences()
    for offset, line in enumerate(text.split("\n")):
        if (
            code.step(line)
            or line.startswith("    ")
            or (
                "TODO" not in line
                and "TBD" not in line
                and "FIXME" not in line
                and "XXX" not in line
                and "{" not in line
            )
        ):
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for found in (*_MARKER.finditer(visible), *_TEMPLATE.finditer(visible)):
            yield offset + first_line, found.start() + 1, found.end() + 1, found.group(0)


def _document_placeholders(document: Document) -> Iterator[tuple[int, int, int, str]]:
    item = document.items[0]
    title = item.data.get("title")
    if isinstance(title, str) and not item.title_derived and _may_hold_placeholder(title):
        # Find each marker in the source lines the value spans: quoting, folding and
        # escapes make offsets inside the parsed title useless for columns.
        # A text found twice is searched for again after the place it was found last.
        span = item.position("title")
        lines = document.source.text.split("\n")[span.line - 1 : span.end_line]
        after: dict[str, tuple[int, int]] = {}
        for _line, _column, _end, text in placeholders(title, span.line):
            first, column = after.get(text, (0, span.column - 1))
            for offset in range(first, len(lines)):
                start = lines[offset].find(text, column if offset == first else 0)
                if start >= 0:
                    after[text] = (offset, start + len(text))
                    line = span.line + offset
                    yield line, start + 1, start + 1 + len(text), text
                    break
    yield from placeholders(document.source.body, document.source.body_line)


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for document in context.documents:
        if document.kind is None or not document.items:
            continue
        for line, column, end, text in _document_placeholders(document):
            yield rule.finding(
                document,
                Position(line, column, line, end),
                f"placeholder text '{text}' left in the document",
                document.items[0].id,
            )


RULE = Rule(
    code="HB303",
    name="placeholder-text",
    severity=Severity.WARNING,
    summary="TODO, TBD, FIXME or a `{template placeholder}` left in a document.",
    rationale=(
        "Templates are scaffolding. A decision that still reads '{describe the context}' or "
        "'TBD' was merged before it was written. Code blocks and inline code are not checked, "
        "so examples may show placeholders."
    ),
    bad="## Context\n\n{Describe the context and problem statement}",
    good="## Context\n\nOur lint runs take four minutes on every pull request.",
    check=check,
)
