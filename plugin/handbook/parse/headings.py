"""Find the headings of a Markdown body and the sections they open, with line numbers.

A scanner, not a full CommonMark parser: it knows ATX and setext headings and skips fenced
code blocks and HTML comments, which is all the content rules need. One regular expression
picks out the few lines that can matter, so ten thousand documents scan in the time a full
parse would take for a few hundred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines that can open or close something: ATX headings, fences, comments, setext underlines.
# Matched from the newline before them: a literal first character lets the regex engine skip
# ahead quickly, where a ``^`` anchor would try every position (four times slower).
_CANDIDATE = re.compile(r"\n {0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|<!--|=+[ \t]*$|-+[ \t]*$)", re.M)
_LINE_IS_CANDIDATE = re.compile(_CANDIDATE.pattern[2:], re.M)
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the body lines up to the next heading."""

    level: int
    title: str
    line: int
    """1-based file line of the heading."""
    column: int
    content: str
    """The text under the heading, down to the next heading of any level."""
    has_subsections: bool


def scan_sections(body: str, first_line: int) -> list[Section]:
    """The sections of ``body``, whose first line is file line ``first_line``."""
    # (start offset of heading, offset where its content starts, level, title)
    headings: list[tuple[int, int, int, str]] = []
    fence: str | None = None
    comment_until = -1
    # Offsets below are into ``text``, which is the body behind one extra newline.
    text = "\n" + body
    for match in _CANDIDATE.finditer(text):
        start = match.start() + 1
        if start < comment_until:
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        fenced = _FENCE.match(line)
        if fence is not None:
            if (
                fenced
                and fenced.group(1)[0] == fence[0]
                and len(fenced.group(1)) >= len(fence)
                and not line.strip().strip(fence[0])
            ):
                fence = None
            continue
        if fenced:
            fence = fenced.group(1)
            continue
        stripped = line.lstrip()
        if stripped.startswith("<!--"):
            close = text.find("-->", start)
            comment_until = len(text) if close < 0 else close + 3
            continue
        if stripped.startswith("#"):
            atx = _ATX.match(line)
            if atx:
                headings.append((start, end + 1, len(atx.group(1)), (atx.group(2) or "").strip()))
            continue
        # A setext underline: it makes the line above a heading if that line is paragraph text.
        previous_start = text.rfind("\n", 0, start - 1) + 1
        previous = text[previous_start : start - 1]
        if (
            previous.strip()
            and not previous.startswith("    ")
            and not _LINE_IS_CANDIDATE.match(previous)
            and not (headings and headings[-1][0] == previous_start)
        ):
            level = 1 if stripped.startswith("=") else 2
            headings.append((previous_start, end + 1, level, previous.strip()))
    sections = []
    line_number = first_line - 1  # the leading newline of ``text`` is counted once below
    counted_to = 0
    for position, (start, content_start, level, title) in enumerate(headings):
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        following = headings[position + 1] if position + 1 < len(headings) else None
        content = text[content_start : following[0] if following else len(text)]
        has_subsections = following is not None and following[2] > level
        sections.append(Section(level, title, line_number, 1, content, has_subsections))
    return sections


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def is_blank(content: str) -> bool:
    """True when ``content`` holds nothing but white space and HTML comments."""
    return not _COMMENT.sub("", content).strip()
