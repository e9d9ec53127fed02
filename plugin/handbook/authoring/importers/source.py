"""One decision record as read: its frontmatter (if any), its headings, and the lines where
the tools keep their metadata (the list under the title, a section, a ``Date:`` line)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.parse.comments import strip_html_comments
from handbook.parse.decision_text import DATE_LINE, HEADER_ITEM, HEADER_KEYS
from handbook.parse.frontmatter import split_text
from handbook.parse.headings import scan_sections


class Unreadable(Exception):
    """The file cannot be read as a decision record; the message says why."""


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    line: int
    """1-based line of the file."""


@dataclass(frozen=True, slots=True)
class HeaderItem:
    """One ``KEY: value`` item of the metadata list under the title."""

    key: str
    """The handbook name of the key (``decision-makers`` for ``Deciders``)."""
    label: str
    """The key as written (``Deciders``)."""
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A decoded Markdown file, split into frontmatter and body lines with file line numbers."""

    path: Path
    raw: bytes
    newline: str
    frontmatter: dict[str, Any] | None
    """None when the file has no frontmatter block."""
    lines: tuple[str, ...]
    """The body's lines, without line ends."""
    first_line: int
    """The file line of ``lines[0]``."""
    headings: tuple[Heading, ...]

    @property
    def title_heading(self) -> Heading | None:
        return next((h for h in self.headings if h.level == 1), None)

    def section(self, title: str, level: int = 2) -> Heading | None:
        wanted = title.casefold()
        return next(
            (h for h in self.headings if h.level == level and h.title.casefold() == wanted),
            None,
        )

    def lines_under(self, heading: Heading | None) -> list[tuple[int, str]]:
        """``(line, text)`` from after ``heading`` to the next heading of any level; from the
        top of the body to the first heading when ``heading`` is None."""
        if heading is None:
            start = self.first_line
            end = self.headings[0].line if self.headings else self.first_line + len(self.lines)
        else:
            start = heading.line + 1
            following = [h.line for h in self.headings if h.line > heading.line]
            end = following[0] if following else self.first_line + len(self.lines)
        return [
            (number, self.lines[number - self.first_line])
            for number in range(start, end)
            if 0 <= number - self.first_line < len(self.lines)
        ]

    def header_lines(self) -> list[tuple[int, str]]:
        """The lines between the title and the first section: where MADR 2, log4brains and
        adr-tools keep their metadata."""
        title = self.title_heading
        if title is None:
            return self.lines_under(None)
        return self.lines_under(title)

    def header_items(self) -> list[HeaderItem]:
        """The ``KEY: value`` list items under the title whose key a tool uses for metadata."""
        items = []
        for number, text in self.header_lines():
            match = HEADER_ITEM.match(strip_html_comments(text))
            if match is None:
                continue
            label = match.group("key").strip()
            key = HEADER_KEYS.get(" ".join(label.lower().split()))
            if key is not None:
                items.append(HeaderItem(key, label, match.group("value").strip(), number))
        return items

    def date_line(self) -> tuple[int, str] | None:
        """adr-tools' ``Date: 2024-01-05`` line under the title."""
        for number, text in self.header_lines():
            match = DATE_LINE.match(strip_html_comments(text).strip())
            if match is not None:
                return number, match.group("value").rstrip(" \t")
        return None


def read_document(path: Path, raw: bytes) -> SourceDocument:
    """Decode and split ``raw``; raise :class:`Unreadable` with a one-line reason."""
    if b"\0" in raw[:8192]:
        raise Unreadable("a binary file with a .md name")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise Unreadable(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} on line {line}); "
            "convert the file to UTF-8 first"
        ) from None
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = split_text(path, text)
    if source.problems:
        problem = source.problems[0]
        raise Unreadable(f"frontmatter, line {problem.position.line}: {problem.message}")
    frontmatter = source.data if source.has_frontmatter else None
    lines = tuple(source.body.split("\n"))
    headings = tuple(
        Heading(section.level, section.title, section.line)
        for section in scan_sections(source.body, source.body_line)
    )
    return SourceDocument(path, raw, newline, frontmatter, lines, source.body_line, headings)


def strip_comments(text: str) -> str:
    """``text`` without HTML comments (``<!-- optional -->``) and outer white space."""
    return strip_html_comments(text).strip()
