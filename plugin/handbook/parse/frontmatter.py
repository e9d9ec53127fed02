"""Read a Markdown file and split its YAML frontmatter from its body, keeping line numbers.

Every way a file can be unreadable ends here as a :class:`Problem` with a 1-based position,
never as an exception: binary files, invalid UTF-8, an unclosed fence, YAML that does not
parse or is not a mapping.

:func:`split_frontmatter` is the one place that decides where frontmatter starts and ends;
reading, editing (``handbook status``, ``supersede``) and importing all use it:

- the opening fence is ``---`` on the first line (after a byte-order mark, if any), with
  nothing after it but spaces or tabs;
- the closing fence is the first later line that is ``---`` or ``...``, again with only
  spaces or tabs after it; it may be the last line without a line ending;
- lines end with LF, CRLF or a lone CR, as CommonMark counts them.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.finding import Position
from handbook.parse import yaml_tree
from handbook.parse.headings import Section

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files above this size are skipped with an info finding; no delivery document is that big."""

# Both patterns are linear: the only repetition is one run of blanks, each tried once per line.
_OPENING = re.compile(r"\ufeff?---[ \t]*(\r\n?|\n|\Z)")
_CLOSING = re.compile(r"[\r\n](?:---|\.\.\.)[ \t]*(?=[\r\n]|\Z)")


@dataclass(frozen=True, slots=True)
class Split:
    """Where a text's frontmatter and body are. Offsets index the text as given (a leading
    byte-order mark included); lines are 1-based and count LF, CRLF and a lone CR alike.

    Without frontmatter the body is the whole text after the byte-order mark. With an
    unclosed fence, the YAML runs to the end of the text and the body is empty.
    """

    bom: bool
    has_frontmatter: bool
    closed: bool
    yaml_start: int
    """Start of the first YAML line, just after the opening fence's line ending."""
    yaml_end: int
    """End of the YAML text: the start of the closing fence's line."""
    fence_end: int
    """End of the closing fence, its trailing blanks included, before its line ending."""
    body_start: int
    fence_line: int
    """Line of the closing fence (of the last line when it is never closed)."""
    body_line: int
    newline: str
    """The opening fence's line ending (``\\n``, ``\\r\\n`` or ``\\r``); empty without one."""

    yaml_line = 2
    """Line of the first YAML line: always the one after the opening fence."""


def _line_ends(text: str, start: int, end: int) -> int:
    newlines = text.count("\n", start, end)
    returns = text.count("\r", start, end)
    return newlines + returns - text.count("\r\n", start, end) if returns else newlines


def split_frontmatter(text: str) -> Split:
    """Find the frontmatter fences of ``text``; see the module's docstring for the rules."""
    bom = text.startswith("\ufeff")
    opening = _OPENING.match(text)
    if opening is None:
        start = 1 if bom else 0
        return Split(bom, False, False, start, start, start, start, 1, 1, "")
    newline = opening.group(1)
    yaml_start = opening.end()
    closing = _CLOSING.search(text, opening.start(1)) if newline else None
    if closing is None:
        end = len(text)
        last = _line_ends(text, 0, end) + 1
        return Split(bom, True, False, yaml_start, end, end, end, last, last + 1, newline)
    # The match starts with the one character of line ending before the fence (the LF of a
    # CRLF: a CR followed by LF cannot be followed by the fence).
    yaml_end = max(closing.start() + 1, yaml_start)
    fence_end = closing.end()
    body_start = fence_end + (
        2 if text.startswith("\r\n", fence_end) else 1 if fence_end < len(text) else 0
    )
    fence_line = _line_ends(text, 0, yaml_end) + 1
    return Split(
        bom,
        True,
        True,
        yaml_start,
        yaml_end,
        fence_end,
        body_start,
        fence_line,
        fence_line + 1,
        newline,
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found while reading, named by the rule that reports it."""

    rule: str
    message: str
    position: Position


COMPOSED_KEPT = 64
"""How many frontmatter node trees :attr:`SourceFile.root` keeps, most recent first."""
COMPOSED_KEPT_CHARS = 256 * 1024
"""How many characters of YAML the trees kept may have been composed from, the latest tree
whatever its size: a node tree takes several times its text (64 registers of 500 risks
held 140 MB)."""
_COMPOSED: OrderedDict[str, tuple[yaml.Node | None]] = OrderedDict()
_COMPOSED_CHARS = [0]
"""The characters of YAML of the trees in ``_COMPOSED``."""


PACKED_ABOVE = 4096
"""The characters of YAML above which :meth:`SourceFile.pack_yaml` compresses it: a short
frontmatter's saving (a few hundred bytes) is not worth zlib's set-up on every file (50
microseconds), a register's (80 KB of 100) is."""
_UNPACKED: OrderedDict[int, tuple[SourceFile, str]] = OrderedDict()
"""The YAML of released sources unpacked again (see :attr:`SourceFile.yaml_text`), by the
source's ``id`` (each entry holds its source, so the id is not reused while it is kept), as
bounded as the trees: :data:`COMPOSED_KEPT` of them, from :data:`COMPOSED_KEPT_CHARS`."""
_UNPACKED_CHARS = [0]


PACK_CHARS = 32 * 1024
"""How many characters of short frontmatter :func:`pack_together` compresses as one: enough
for zlib to find what the documents repeat (their keys, a register's owners), few enough
that reading one document's YAML back unpacks little besides."""


class YamlPack:
    """The YAML of several short frontmatters compressed as one (see :func:`pack_together`):
    each alone is too short to pay for zlib, together they pack to a fifth."""

    __slots__ = ("_ends", "_packed")

    def __init__(self, texts: list[str]) -> None:
        self._packed = zlib.compress("".join(texts).encode("utf-8", "surrogatepass"), 1)
        ends, end = array("I"), 0
        for text in texts:
            end += len(text)
            ends.append(end)
        self._ends = ends

    def text(self, index: int) -> str:
        """The ``index``-th YAML packed, unpacked with the last few packs (as the trees
        are kept: findings come document by document)."""
        key = id(self)
        kept = _UNPACKED_PACKS.get(key)
        if kept is None:
            whole = zlib.decompress(self._packed).decode("utf-8", "surrogatepass")
            kept = _UNPACKED_PACKS[key] = (self, whole)
            while len(_UNPACKED_PACKS) > PACKS_KEPT:
                _UNPACKED_PACKS.popitem(last=False)
        else:
            _UNPACKED_PACKS.move_to_end(key)
        start = self._ends[index - 1] if index else 0
        return kept[1][start : self._ends[index]]


PACKS_KEPT = 4
_UNPACKED_PACKS: OrderedDict[int, tuple[YamlPack, str]] = OrderedDict()
"""The packs unpacked last, by ``id`` (each entry holds its pack, so the id is not reused
while it is kept)."""


def pack_together(sources: list[SourceFile]) -> None:
    """Hold the short YAML of ``sources`` (what :meth:`SourceFile.pack_yaml` leaves as it
    is) compressed, :data:`PACK_CHARS` at a time, for a run that let their texts go."""
    group: list[SourceFile] = []
    size = 0
    for source in (*sources, None):
        if source is None or size + len(source.yaml_kept) > PACK_CHARS:
            if len(group) > 1:
                pack = YamlPack([member.yaml_kept for member in group])
                for index, member in enumerate(group):
                    member.yaml_packed, member.yaml_index, member.yaml_kept = pack, index, ""
            group, size = [], 0
        if source is not None and source.yaml_kept and source.released is not None:
            group.append(source)
            size += len(source.yaml_kept)


class EntryLines(Mapping[tuple[str, int], int]):
    """The 1-based line of each mapping listed under a top-level key (a register's risks),
    by (key, index): a mapping read from one array of lines per key (0 for an entry that
    is no mapping), four bytes an entry, where a dict of tuples took a hundred and thirty."""

    __slots__ = ("_lines",)

    def __init__(self) -> None:
        self._lines: dict[str, array[int]] = {}

    def note(self, key: str, index: int, line: int) -> None:
        lines = self._lines.setdefault(key, array("I"))
        lines.extend([0] * (index + 1 - len(lines)))
        lines[index] = line

    def only(self, key: str | None) -> EntryLines:
        """These lines for the entries under ``key`` alone (none for None): a document's
        items are the entries of one key at most, and no line of another is asked for."""
        lines = self._lines.get(key) if key is not None else None
        if key is None or lines is None:
            return _NO_ENTRY_LINES
        if len(self._lines) == 1:
            return self
        kept = EntryLines()
        kept._lines[key] = lines
        return kept

    def __getitem__(self, path: tuple[str, int]) -> int:
        if not isinstance(path, tuple) or len(path) != 2:
            raise KeyError(path)
        key, index = path
        lines = self._lines.get(key) if isinstance(key, str) else None
        if lines is None or not isinstance(index, int) or not 0 <= index < len(lines):
            raise KeyError(path)
        line = lines[index]
        if not line:
            raise KeyError(path)
        return line

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for key, lines in self._lines.items():
            for index, line in enumerate(lines):
                if line:
                    yield key, index

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


_NO_ENTRY_LINES = EntryLines()
"""The entry lines of a frontmatter that lists no mappings: one shared, empty instance."""


@dataclass(slots=True)
class SourceFile:
    """A Markdown file as read: its frontmatter (values and nodes) and its body.

    ``yaml_line`` is the 1-based file line of the first YAML line; ``body_line`` the 1-based
    line where the body starts. ``data`` is ``None`` when the file has no frontmatter at all.
    """

    location: str
    """The file's path, as text: a :class:`~pathlib.Path` kept for each of 50,000 files held
    three times what its text does (its parts, its name, the text too); see :attr:`path`."""
    text: str = ""
    data: dict[str, Any] | None = None
    yaml_kept: str = ""
    """The frontmatter's YAML (see :attr:`yaml_text`) until :meth:`pack_yaml` packs it."""
    yaml_packed: bytes | YamlPack = b""
    """The frontmatter's YAML compressed, once :meth:`pack_yaml` let the text go; or the
    pack holding it with others (:func:`pack_together`), as its ``yaml_index``-th."""
    yaml_index: int = 0
    entry_lines: EntryLines = field(default_factory=lambda: _NO_ENTRY_LINES)
    """1-based line of each mapping listed under a top-level key (a register's risks),
    noted while the tree is at hand so item lines need no second parse."""
    yaml_line: int = 2
    body_start: int = 0
    """Where the body starts in ``text`` (kept as an offset: a copy of every body would
    double what a run holds)."""
    body_line: int = 1
    has_frontmatter: bool = False
    readable: bool = True
    """False when the frontmatter could not be read at all; schema checks are then skipped."""
    problems: tuple[Problem, ...] = ()
    """What reading found wrong; a tuple, since most files have none (one shared empty one,
    not an empty list for each of 50,000 files)."""
    sections: list[Section] | None = None
    """The body's sections, once scanned (see :func:`handbook.load.sections_of`)."""
    released: int | None = None
    """The hash of the text once a run has let it go (see :func:`handbook.load.release_texts`):
    ``text`` and ``sections`` are then empty, and the text read again must hash alike."""

    @property
    def path(self) -> Path:
        """The file's path (made again from :attr:`location` each time it is asked for)."""
        return Path(self.location)

    @property
    def body(self) -> str:
        """The Markdown after the frontmatter (the whole text without frontmatter)."""
        return self.text[self.body_start :] if self.body_start else self.text

    @property
    def yaml_text(self) -> str:
        """The frontmatter's YAML (empty when it is no mapping), kept so that its node tree
        can be composed again on demand: once packed (:meth:`pack_yaml`), unpacked again
        when asked for, the last :data:`COMPOSED_KEPT` of them kept as the trees are."""
        if self.yaml_kept or not self.yaml_packed:
            return self.yaml_kept
        if isinstance(self.yaml_packed, YamlPack):
            return self.yaml_packed.text(self.yaml_index)
        key = id(self)
        kept = _UNPACKED.get(key)
        if kept is not None:
            _UNPACKED.move_to_end(key)
            return kept[1]
        text = zlib.decompress(self.yaml_packed).decode("utf-8", "surrogatepass")
        _UNPACKED[key] = (self, text)
        _UNPACKED_CHARS[0] += len(text)
        while len(_UNPACKED) > 1 and (
            len(_UNPACKED) > COMPOSED_KEPT or _UNPACKED_CHARS[0] > COMPOSED_KEPT_CHARS
        ):
            _UNPACKED_CHARS[0] -= len(_UNPACKED.popitem(last=False)[1][1])
        return text

    def pack_yaml(self) -> None:
        """Hold the frontmatter's YAML compressed when it is longer than
        :data:`PACKED_ABOVE` (a register's, to a fifth), for a run that lets the file's text
        go: positions unpack it."""
        if len(self.yaml_kept) > PACKED_ABOVE:
            self.yaml_packed = zlib.compress(self.yaml_kept.encode("utf-8", "surrogatepass"), 1)
            self.yaml_kept = ""

    @property
    def root(self) -> yaml.Node | None:
        """The frontmatter's YAML node tree, for positions.

        Composed again when asked for rather than kept: only documents with findings need
        it, and holding every document's tree would cost memory and garbage-collector time.
        The last :data:`COMPOSED_KEPT` trees are kept (findings come document by document),
        so memory stays bounded when four files in ten have findings, as long as they come
        from at most :data:`COMPOSED_KEPT_CHARS` characters of YAML.
        """
        if not self.yaml_text or self.data is None:
            return None
        text = self.yaml_text
        kept = _COMPOSED.get(text)
        if kept is not None:
            _COMPOSED.move_to_end(text)
            return kept[0]
        try:
            root = yaml_tree.compose(text)
        except yaml_tree.YamlSyntaxError:
            root = None
        _COMPOSED[text] = (root,)
        _COMPOSED_CHARS[0] += len(text)
        while len(_COMPOSED) > 1 and (
            len(_COMPOSED) > COMPOSED_KEPT or _COMPOSED_CHARS[0] > COMPOSED_KEPT_CHARS
        ):
            _COMPOSED_CHARS[0] -= len(_COMPOSED.popitem(last=False)[0])
        return root

    def node_position(self, node: yaml.Node, yaml_text: str | None = None) -> Position:
        """The 1-based span of a YAML node in the file (of ``yaml_text``, the frontmatter's
        YAML, when it is not kept on this source)."""
        text = self.yaml_text if yaml_text is None else yaml_text
        start_line, start_column = yaml_tree.mark_position(text, node.start_mark)
        end_line, end_column = yaml_tree.mark_position(text, node.end_mark)
        if end_column == 0 and end_line > start_line:
            # Block values end at the start of the next line; point at the end of the last one.
            end_line -= 1
            end_column = len(self._line(end_line + self.yaml_line))
        return Position(
            start_line + self.yaml_line,
            start_column + 1,
            end_line + self.yaml_line,
            end_column + 1,
        )

    def _line(self, number: int) -> str:
        # A line of the frontmatter is a whole line of its YAML: read there, positions need
        # no file text (a run may have let it go, see handbook.load.release_texts).
        index = number - self.yaml_line
        if index >= 0 and self.yaml_text:
            lines = self.yaml_text.split("\n", index + 1)
            if index < len(lines) - 1:
                return lines[index]
        lines = self.text.split("\n", number)
        return lines[number - 1] if len(lines) >= number else ""


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> SourceFile:
    """Read and split ``path``; problems are recorded on the result, never raised."""
    source = SourceFile(os.fspath(path))
    try:
        # Opened without blocking and judged by the open descriptor: a path swapped for a FIFO
        # or a device after discovery would otherwise block on open, or be read for ever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb", closefd=True) as stream:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return _unreadable(source, "file-skipped", "not a regular file; not read")
            if status.st_size > max_bytes:
                return _too_large(source, status.st_size, max_bytes)
            raw = stream.read(max_bytes + 1)
            if len(raw) > max_bytes:  # it grew after fstat
                return _too_large(source, len(raw), max_bytes)
    except OSError as error:
        return _unreadable(source, "file-skipped", f"cannot read file: {error.strerror}")
    return _from_bytes(source, raw)


def source_from_bytes(path: Path, raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> SourceFile:
    """Split ``raw`` as :func:`read_source` splits the file ``path`` holding it (a file read
    from a git revision); problems are recorded on the result, never raised."""
    source = SourceFile(os.fspath(path))
    if len(raw) > max_bytes:
        return _too_large(source, len(raw), max_bytes)
    return _from_bytes(source, raw)


def looks_binary(raw: bytes) -> bool:
    """Whether ``raw`` is a binary file with a ``.md`` name (a NUL in its first 8 KiB)."""
    return b"\0" in raw[:8192]


def as_read(text: str) -> str:
    """Decoded text as a source keeps it: no byte-order mark, ``\\n`` line ends."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _from_bytes(source: SourceFile, raw: bytes) -> SourceFile:
    if looks_binary(raw):
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
    source.text = as_read(text)
    _split(source)
    return source


def split_text(path: Path, text: str) -> SourceFile:
    """Split already-decoded text, as :func:`read_source` does after reading."""
    source = SourceFile(os.fspath(path), text=text)
    _split(source)
    return source


def _too_large(source: SourceFile, size: int, max_bytes: int) -> SourceFile:
    return _unreadable(
        source,
        "file-skipped",
        f"file is {size / 1048576:.1f} MiB, above the "
        f"{max_bytes / 1048576:g} MiB limit; not checked",
    )


def _unreadable(
    source: SourceFile, rule: str, message: str, position: Position | None = None
) -> SourceFile:
    source.readable = False
    source.problems += (Problem(rule, message, position or Position.at(1)),)
    return source


def _split(source: SourceFile) -> None:
    text = source.text
    split = split_frontmatter(text)
    if not split.has_frontmatter:
        return
    source.has_frontmatter = True
    if not split.closed:
        source.data = {}
        source.readable = False
        source.body_start = len(text)
        source.body_line = split.body_line
        source.problems += (
            Problem(
                "invalid-frontmatter",
                "frontmatter opened with '---' on line 1 is never closed "
                "(add a line with '---' after the last key)",
                Position(1, 1, 1, 4),
            ),
        )
        return
    source.body_start = split.body_start
    source.body_line = split.body_line
    source.yaml_line = split.yaml_line
    _load_yaml(source, text[split.yaml_start : split.yaml_end])


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
        source.problems += (Problem("invalid-frontmatter", message, position),)
        return
    offset = source.yaml_line
    source.problems += tuple(
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
        for problem in tree.problems
    )
    if tree.value is None:
        return
    if not isinstance(tree.value, dict):
        shape = "a list" if isinstance(tree.value, list) else "a single value"
        assert tree.root is not None
        source.readable = False
        source.problems += (
            Problem(
                "invalid-frontmatter",
                f"frontmatter must be a mapping of keys to values, not {shape}",
                source.node_position(tree.root, yaml_text),
            ),
        )
        return
    source.data = tree.value
    source.yaml_kept = yaml_text
    for key_node, value_node in tree.root.value if isinstance(tree.root, yaml.MappingNode) else ():
        if isinstance(value_node, yaml.SequenceNode) and isinstance(key_node, yaml.ScalarNode):
            for index, entry in enumerate(value_node.value):
                if isinstance(entry, yaml.MappingNode):
                    line, _ = yaml_tree.mark_position(yaml_text, entry.start_mark)
                    if source.entry_lines is _NO_ENTRY_LINES:
                        source.entry_lines = EntryLines()
                    source.entry_lines.note(str(key_node.value), index, line + source.yaml_line)


def _tab_indentation(yaml_text: str) -> tuple[int, int] | None:
    """The 0-based line and column of the first tab used as indentation, if any."""
    for index, line in enumerate(yaml_text.split("\n")):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return index, len(line) - len(stripped)
    return None
