"""Find the headings of a Markdown body and the sections they open, with line numbers.

A scanner, not a full CommonMark parser. It reads the block structure the sections depend on
as CommonMark does (markdown-it-py is the reference, and a property test compares the two):
ATX headings, setext headings over paragraphs of one or more lines, fenced and indented
code, HTML blocks, thematic breaks, and where block quotes and list items begin (the
headings inside them do not open sections). One regular expression picks out the few lines
that can open or close something, so ten thousand documents scan in the time a full parse
would take for a few hundred. The deviations it accepts are listed in the guide
("Writing documents", "How headings are found").
"""

from __future__ import annotations

import dataclasses
import re

from handbook.parse import fences
from handbook.parse.comments import strip_html_comments

_NOT_SPACE = re.compile(r"\S")

# Lines that can open or close something: ATX headings, fences, HTML blocks, setext
# underlines. Matched from the newline before them: a literal first character lets the regex
# engine skip ahead quickly, where a ``^`` anchor would try every position (four times
# slower). Each alternative is a literal prefix or one run then ``$``: linear on any line.
_CANDIDATE = re.compile(r"\n {0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|<|=+[ \t]*$|-+[ \t]*$)", re.M)

# HTML blocks, as CommonMark's seven kinds (markdown_it.rules_block.html_block).
_HTML_1 = re.compile(r"<(?:script|pre|style|textarea)(?=[\s>]|$)", re.I | re.A)
_HTML_1_END = re.compile(r"</(?:script|pre|style|textarea)>", re.I | re.A)
_HTML_6 = re.compile(
    r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup"
    r"|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset"
    r"|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    r"|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    r"|thead|title|tr|track|ul)(?=\s|/?>|$)",
    re.I | re.A,
)
# A complete open or closing tag alone on its line. Attributes are separated by blanks and
# cannot run into each other, so a failing match backtracks over each of them once.
_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_HTML_7 = re.compile(
    rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"
)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n|\Z)")
_HTML_ENDS = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
"""Kinds 2, 3 and 5: what starts them and the text whose line ends them."""

# What a line above a setext underline can be, as far as paragraphs go.
_TEXT, _BLANK, _INDENTED, _BREAK, _CONTAINER, _CONTINUES = range(6)
# The state after a line: in no paragraph, in a paragraph (which can take a setext
# underline), or in a paragraph inside a block quote or list item (lazy lines continue it,
# and an underline cannot make it a heading).
_NONE, _PARAGRAPH, _LAZY = range(3)


class Section:
    """A heading and the body lines up to the next heading.

    Compares, hashes and prints like the frozen dataclass
    ``Section(level, title, line, column, content, has_subsections)`` it was. A scanned
    section keeps its content as a span of its file's text, which the run holds anyway, and
    slices it when asked: a copy of every section's text would be a second copy of every
    body (a fifth of lint's memory).
    """

    __slots__ = ("_end", "_start", "_text", "column", "has_subsections", "level", "line", "title")
    level: int
    title: str
    line: int
    """1-based file line of the heading."""
    column: int
    has_subsections: bool
    _text: str
    _start: int
    _end: int

    def __init__(
        self, level: int, title: str, line: int, column: int, content: str, has_subsections: bool
    ) -> None:
        self._set(level, title, line, column, has_subsections, content, 0, len(content))

    @classmethod
    def spanning(
        cls,
        level: int,
        title: str,
        line: int,
        column: int,
        text: str,
        start: int,
        end: int,
        has_subsections: bool,
    ) -> Section:
        """The section whose content is ``text[start:end]``, kept as that span."""
        section = cls.__new__(cls)
        section._set(level, title, line, column, has_subsections, text, start, end)
        return section

    def _set(
        self,
        level: int,
        title: str,
        line: int,
        column: int,
        has_subsections: bool,
        text: str,
        start: int,
        end: int,
    ) -> None:
        # One call per field, not a loop over pairs: a corpus makes a section per heading.
        setter = object.__setattr__
        setter(self, "level", level)
        setter(self, "title", title)
        setter(self, "line", line)
        setter(self, "column", column)
        setter(self, "has_subsections", has_subsections)
        setter(self, "_text", text)
        setter(self, "_start", start)
        setter(self, "_end", end)

    @property
    def content(self) -> str:
        """The text under the heading, down to the next heading of any level."""
        if self._start == 0 and self._end == len(self._text):
            return self._text
        return self._text[self._start : self._end]

    def is_blank(self) -> bool:
        """:func:`is_blank` of :attr:`content`, without slicing it when the first character
        that is not white space already decides (no text at all, or text before any comment)."""
        found = _NOT_SPACE.search(self._text, self._start, self._end)
        if found is None:
            return True
        if not self._text.startswith("<!--", found.start()):
            return False
        return is_blank(self.content)

    def _fields(self) -> tuple[int, str, int, int, str, bool]:
        return (self.level, self.title, self.line, self.column, self.content, self.has_subsections)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Section)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        level, title, line, column, content, has_subsections = self._fields()
        return (
            f"Section(level={level!r}, title={title!r}, line={line!r}, column={column!r}, "
            f"content={content!r}, has_subsections={has_subsections!r})"
        )


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, title) when ``line`` is an ATX heading (``## Title ##``)."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return None
    rest = stripped.lstrip("#")
    level = len(stripped) - len(rest)
    if not 1 <= level <= 6 or (rest and rest[0] != " " and rest[0] != "\t"):
        return None
    rest = rest.rstrip(" \t")
    without_closing = rest.rstrip("#")
    if len(without_closing) < len(rest) and without_closing[-1:] in (" ", "\t"):
        rest = without_closing
    return level, rest.strip()


def _indent(line: str, column: int = 0) -> int:
    """The columns of white space ``line`` starts with, when it starts at ``column`` (a tab
    moves to the next stop of 4)."""
    start = column
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column - start


def _thematic_break(stripped: str) -> bool:
    char = stripped[:1]
    if char not in ("-", "*", "_"):
        return False
    rest = stripped.replace(" ", "").replace("\t", "")
    return len(rest) >= 3 and not rest.strip(char)


def _container_marker(stripped: str) -> tuple[int, bool] | None:
    """(width of the marker, whether it may interrupt a paragraph) when ``stripped`` starts a
    block quote or a list item, with the white space after the marker not counted."""
    char = stripped[:1]
    if char == ">":
        return 1, True
    if char in ("-", "+", "*"):
        width = 1
        interrupts = True
    else:
        digits = len(stripped) - len(stripped.lstrip("0123456789"))
        if not 1 <= digits <= 9 or stripped[digits : digits + 1] not in (".", ")"):
            return None
        width = digits + 1
        interrupts = stripped[:digits].lstrip("0") == "1"
    after = stripped[width : width + 1]
    if after and after != " " and after != "\t":
        return None
    # An empty item cannot interrupt a paragraph (a block quote can).
    return width, interrupts and bool(stripped[width:].strip(" \t"))


def _container_state(stripped: str, column: int) -> int:
    """The state after the first line of a block quote or list item (``stripped``, starting
    at ``column`` of its line): a paragraph if what follows the markers is text, nothing if
    it is empty or another kind of block."""
    while not _thematic_break(stripped):
        marker = _container_marker(stripped)
        if marker is None:
            break
        rest = stripped[marker[0] :]
        column += marker[0]
        if stripped[:1] == ">":
            if rest[:1] == "\t":  # the optional space is the tab's first column
                rest = " " * _indent("\t", column) + rest[1:]
            if rest[:1] == " ":
                rest = rest[1:]
                column += 1
            if _indent(rest, column) >= 4 and rest.strip():
                return _NONE  # indented code in the quote
        elif _indent(rest, column) >= 5 and rest.strip():
            return _NONE  # the item's content is indented code
        column += _indent(rest, column)
        stripped = rest.lstrip(" \t")
    else:
        return _NONE
    if not stripped.strip() or _interrupts(stripped) or _html_block(stripped) is not None:
        return _NONE
    return _LAZY


def _interrupts(stripped: str) -> bool:
    """True when a line (without its indentation of at most three spaces) opens a leaf block
    that ends a paragraph: an ATX heading, a fence or an HTML block of kinds 1 to 6."""
    if stripped.startswith("#"):
        return atx_heading(stripped) is not None
    if stripped.startswith("<"):
        html = _html_block(stripped)
        return html is not None and html[1]
    return fences.opening(stripped) is not None


def _html_block(stripped: str) -> tuple[str, bool] | None:
    """When ``stripped`` opens an HTML block: what ends it (a literal on a line, ``</`` for
    the end tag of kind 1, ``""`` for a blank line) and whether it may interrupt a paragraph
    (all kinds but 7, a tag alone on its line)."""
    if _HTML_1.match(stripped):
        return "</", True
    for start, end in _HTML_ENDS.items():
        if stripped.startswith(start):
            return end, True
    if stripped.startswith("<!") and stripped[2:3].isascii() and stripped[2:3].isalpha():
        return ">", True
    if _HTML_6.match(stripped):
        return "", True
    if _HTML_7.match(stripped):
        return "", False
    return None


def _classify(line: str) -> tuple[int, int]:
    """What ``line`` is to a paragraph above it, and the state it leaves when it starts one
    (the state for lines that only continue is not used)."""
    if not line.strip(" \t"):
        return _BLANK, _NONE
    if _indent(line) >= 4:
        return _INDENTED, _NONE
    stripped = line.lstrip(" ")
    if _thematic_break(stripped) or _interrupts(stripped):
        return _BREAK, _NONE
    marker = _container_marker(stripped)
    if marker is not None:
        state = _container_state(stripped, len(line) - len(stripped))
        return (_CONTAINER if marker[1] else _CONTINUES), state
    return _TEXT, _PARAGRAPH


class _Paragraphs:
    """Answers "is the line above an open paragraph, and where did it start?" by reading
    back from a line to the last blank line or block, remembering the last answer so that
    each line is read back over at most once."""

    __slots__ = ("memo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.memo: tuple[int, int, int] = (0, _NONE, 0)
        """(start of a line, the state after it, where its paragraph starts)."""

    def after(self, line_start: int, floor: int) -> tuple[int, int]:
        """The state after the line starting at ``line_start`` and its paragraph's start; no
        line before ``floor`` (the end of the last block found) is read."""
        text = self.text
        pending: list[tuple[int, int, int]] = []  # (start, kind, state), last line first
        state, paragraph = _NONE, 0
        start = line_start
        memo_start, memo_state, memo_paragraph = self.memo
        while start >= floor:
            if start == memo_start:
                state, paragraph = memo_state, memo_paragraph
                break
            end = text.find("\n", start)
            kind, starts = _classify(text[start : len(text) if end < 0 else end])
            if kind in (_BLANK, _BREAK):
                break
            if kind == _CONTAINER:
                state = starts
                break
            pending.append((start, kind, starts))
            if start == 0:
                break
            start = text.rfind("\n", 0, start - 1) + 1
        for start, kind, starts in reversed(pending):
            if state == _NONE:
                if kind == _TEXT:
                    state, paragraph = _PARAGRAPH, start
                elif kind == _CONTINUES:
                    state = starts
            # Otherwise indented lines, text and markers that cannot interrupt continue the
            # paragraph (lazily, inside a container).
        self.memo = (line_start, state, paragraph)
        return state, paragraph


def _line_before(text: str, start: int) -> int:
    """The start of the line before the one starting at ``start``."""
    return text.rfind("\n", 0, start - 1) + 1


def scan_sections(
    body: str, first_line: int, *, within: tuple[str, int] | None = None
) -> list[Section]:
    """The sections of ``body``, whose first line is file line ``first_line``.

    ``within`` is the file's whole text and where ``body`` starts in it: the sections then
    keep their content as spans of that text instead of copies.
    """
    # (start offset of heading, offset where its content starts, level, title)
    headings: list[tuple[int, int, int, str]] = []
    code = fences.Fences()
    skip_until = -1  # the end of an HTML block
    floor = 0  # the start of the first line after the last block found
    # Offsets below are into ``text``, which is the body behind one extra newline.
    text = "\n" + body
    paragraphs = _Paragraphs(text)
    for match in _CANDIDATE.finditer(text):
        start = match.start() + 1
        if start < skip_until:
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if code.step(line):
            if code.fence is None:
                floor = end + 1
            continue
        stripped = line.lstrip(" ")
        if stripped.startswith("<"):
            html = _html_block(stripped)
            if html is None:
                continue
            html_end, interrupts = html
            # Kind 7 cannot interrupt a paragraph: inside one, it is text.
            if not interrupts and paragraphs.after(_line_before(text, start), floor)[0]:
                continue
            if html_end == "":
                blank = _BLANK_LINE.search(text, end)
                skip_until = floor = len(text) if blank is None else blank.start() + 1
                continue
            if html_end == "</":
                found = _HTML_1_END.search(text, start)
                close = -1 if found is None else found.end()
            else:
                close = text.find(html_end, start)
                close = close if close < 0 else close + len(html_end)
            close = -1 if close < 0 else text.find("\n", close)
            skip_until = floor = len(text) if close < 0 else close + 1
            continue
        if stripped.startswith("#"):
            atx = atx_heading(line)
            if atx is not None:
                headings.append((start, end + 1, atx[0], atx[1]))
                floor = end + 1
            continue
        # A setext underline: it makes the paragraph above a heading, if there is one.
        underline = stripped.rstrip(" \t")
        if underline.strip(underline[:1]) or underline[:1] not in ("=", "-"):
            continue  # a backtick run that opens no fence
        above = _line_before(text, start)
        state, paragraph = paragraphs.after(above, floor) if above >= floor else (_NONE, 0)
        if state == _PARAGRAPH:
            lines = text[paragraph : start - 1].split("\n")
            # Stripped whole as well: a line of other white space (a vertical tab) is text.
            title = " ".join(part.strip() for part in lines).strip()
            level = 1 if stripped.startswith("=") else 2
            headings.append((paragraph, end + 1, level, title))
            floor = end + 1
    sections = []
    line_number = first_line - 1  # the leading newline of ``text`` is counted once below
    counted_to = 0
    for position, (start, content_start, level, title) in enumerate(headings):
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        following = headings[position + 1] if position + 1 < len(headings) else None
        content_end = following[0] if following else len(text)
        has_subsections = following is not None and following[2] > level
        if within is None:
            content = text[content_start:content_end]
            sections.append(Section(level, title, line_number, 1, content, has_subsections))
        else:
            # ``text`` is the body behind one newline; the body starts at ``offset``.
            whole, offset = within
            sections.append(
                Section.spanning(
                    level,
                    title,
                    line_number,
                    1,
                    whole,
                    offset + content_start - 1,
                    offset + content_end - 1,
                    has_subsections,
                )
            )
    return sections


def is_blank(content: str) -> bool:
    """True when ``content`` holds nothing but white space and HTML comments."""
    stripped = content.strip()
    if not stripped.startswith("<!--"):  # text before any comment: kept, so not blank
        return not stripped
    return not strip_html_comments(stripped, across_lines=True).strip()
