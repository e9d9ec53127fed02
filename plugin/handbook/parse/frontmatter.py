"""Read a Markdown file and split its YAML frontmatter from its body, keeping line numbers.

Every way a file can be unreadable ends here as a :class:`Problem` with a 1-based position,
never as an exception: binary files, invalid UTF-8, an unclosed fence, YAML that does not
parse or is not a mapping.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.finding import Position
from handbook.parse import yaml_tree
from handbook.parse.headings import Section

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files above this size are skipped with an info finding; no delivery document is that big."""

_FENCE = "---"
_CLOSER = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found while reading, named by the rule that reports it."""

    rule: str
    message: str
    position: Position


@dataclass(slots=True)
class SourceFile:
    """A Markdown file as read: its frontmatter (values and nodes) and its body.

    ``yaml_line`` is the 1-based file line of the first YAML line; ``body_line`` the 1-based
    line where the body starts. ``data`` is ``None`` when the file has no frontmatter at all.
    """

    path: Path
    text: str = ""
    data: dict[str, Any] | None = None
    yaml_text: str = ""
    """The frontmatter's YAML, kept so that its node tree can be composed again on demand."""
    composed: tuple[yaml.Node | None] | None = None
    entry_lines: dict[tuple[str, int], int] = field(default_factory=dict)
    """1-based line of each mapping listed under a top-level key (a register's risks),
    noted while the tree is at hand so item lines need no second parse."""
    yaml_line: int = 2
    body: str = ""
    body_line: int = 1
    has_frontmatter: bool = False
    readable: bool = True
    """False when the frontmatter could not be read at all; schema checks are then skipped."""
    problems: list[Problem] = field(default_factory=list)
    sections: list[Section] | None = None
    """The body's sections, once scanned (see :func:`handbook.load.sections_of`)."""

    @property
    def root(self) -> yaml.Node | None:
        """The frontmatter's YAML node tree, for positions.

        Composed again when asked for rather than kept: only documents with findings need
        it, and holding every document's tree would cost memory and garbage-collector time.
        """
        if not self.yaml_text or self.data is None:
            return None
        if self.composed is None:
            try:
                self.composed = (yaml_tree.compose(self.yaml_text),)
            except yaml_tree.YamlSyntaxError:
                self.composed = (None,)
        return self.composed[0]

    def node_position(self, node: yaml.Node) -> Position:
        """The 1-based span of a YAML node in the file."""
        start, end = node.start_mark, node.end_mark
        end_line, end_column = end.line, end.column
        if end_column == 0 and end_line > start.line:
            # Block values end at the start of the next line; point at the end of the last one.
            end_line -= 1
            end_column = len(self._line(end_line + self.yaml_line))
        return Position(
            start.line + self.yaml_line,
            start.column + 1,
            end_line + self.yaml_line,
            end_column + 1,
        )

    def _line(self, number: int) -> str:
        lines = self.text.split("\n", number)
        return lines[number - 1] if len(lines) >= number else ""


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> SourceFile:
    """Read and split ``path``; problems are recorded on the result, never raised."""
    source = SourceFile(path)
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                return _unreadable(
                    source,
                    "file-skipped",
                    f"file is {size / 1048576:.1f} MiB, above the "
                    f"{max_bytes / 1048576:g} MiB limit; not checked",
                )
            raw = stream.read()
    except OSError as error:
        return _unreadable(source, "file-skipped", f"cannot read file: {error.strerror}")
    if b"\0" in raw[:8192]:
        return _unreadable(source, "file-skipped", "binary file with a .md name; not checked")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return _unreadable(
            source,
            "invalid-frontmatter",
            f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
            Position.at(line, column),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    source.text = text
    _split(source)
    return source


def split_text(path: Path, text: str) -> SourceFile:
    """Split already-decoded text, as :func:`read_source` does after reading."""
    source = SourceFile(path, text=text)
    _split(source)
    return source


def _unreadable(
    source: SourceFile, rule: str, message: str, position: Position | None = None
) -> SourceFile:
    source.readable = False
    source.problems.append(Problem(rule, message, position or Position.at(1)))
    return source


def _split(source: SourceFile) -> None:
    text = source.text
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    if first_line.rstrip() != _FENCE:
        source.body = text
        return
    source.has_frontmatter = True
    # The closing fence: the first later line that is exactly --- or ... (trailing blanks ok).
    start = first_end + 1 if first_end >= 0 else len(text)
    closer = _CLOSER.search(text, start)
    close_at = closer.start() if closer else -1
    line_number = text.count("\n", 0, close_at) + 1 if closer else text.count("\n") + 1
    if close_at < 0:
        source.data = {}
        source.readable = False
        source.body = ""
        source.body_line = line_number + 1
        source.problems.append(
            Problem(
                "invalid-frontmatter",
                "frontmatter opened with '---' on line 1 is never closed "
                "(add a line with '---' after the last key)",
                Position(1, 1, 1, 4),
            )
        )
        return
    yaml_text = text[start:close_at]
    after = text.find("\n", close_at)
    source.body = "" if after < 0 else text[after + 1 :]
    source.body_line = line_number + 1
    source.yaml_line = 2
    _load_yaml(source, yaml_text)


def _load_yaml(source: SourceFile, yaml_text: str) -> None:
    source.data = {}
    try:
        tree = yaml_tree.load(yaml_text)
    except yaml_tree.YamlSyntaxError as error:
        source.readable = False
        tab = _tab_indentation(yaml_text)
        if tab is not None:
            message = "tab character used for indentation; YAML allows only spaces"
            position = Position.at(tab[0] + source.yaml_line, tab[1] + 1)
        else:
            message = f"frontmatter is not valid YAML: {error.message}"
            position = Position.at(error.line + source.yaml_line, error.column + 1)
        source.problems.append(Problem("invalid-frontmatter", message, position))
        return
    offset = source.yaml_line
    for problem in tree.problems:
        source.problems.append(
            Problem(
                problem.rule,
                problem.message,
                Position(
                    problem.line + offset,
                    problem.column + 1,
                    problem.end_line + offset,
                    problem.end_column + 1,
                ),
            )
        )
    if tree.value is None:
        return
    if not isinstance(tree.value, dict):
        shape = "a list" if isinstance(tree.value, list) else "a single value"
        assert tree.root is not None
        source.readable = False
        source.problems.append(
            Problem(
                "invalid-frontmatter",
                f"frontmatter must be a mapping of keys to values, not {shape}",
                source.node_position(tree.root),
            )
        )
        return
    source.data = tree.value
    source.yaml_text = yaml_text
    for key_node, value_node in tree.root.value if isinstance(tree.root, yaml.MappingNode) else ():
        if isinstance(value_node, yaml.SequenceNode) and isinstance(key_node, yaml.ScalarNode):
            for index, entry in enumerate(value_node.value):
                if isinstance(entry, yaml.MappingNode):
                    source.entry_lines[(str(key_node.value), index)] = (
                        entry.start_mark.line + source.yaml_line
                    )


def _tab_indentation(yaml_text: str) -> tuple[int, int] | None:
    """The 0-based line and column of the first tab used as indentation, if any."""
    for index, line in enumerate(yaml_text.split("\n")):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return index, len(line) - len(stripped)
    return None
