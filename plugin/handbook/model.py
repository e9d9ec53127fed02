"""Documents and the items they hold.

A document is one Markdown file. It holds one item (an ADR, a runbook) or is a container
item that lists others (a risk register lists risks). Every item knows where its mapping
sits in the frontmatter, so any finding about it can point at the exact line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from handbook.finding import Position
from handbook.kinds import Kind
from handbook.parse import decision_text
from handbook.parse.frontmatter import SourceFile
from handbook.parse.yaml_tree import NodePath, find_node

_NO_LINES: Mapping[str, int] = MappingProxyType({})
"""The body lines of an item that reads none from its body: one shared, read-only mapping,
not an empty dict for each of 300,000 items."""

_ENTRY_PATHS: dict[tuple[str, int], NodePath] = {}


def entry_path(key: str, index: int) -> NodePath:
    """The node path ``(key, index)`` of a container's entry, one tuple for each: the same
    paths repeat in every register (a tuple an item was a tenth of a register's items)."""
    path = (key, index)
    return _ENTRY_PATHS.setdefault(path, path)


_ENTRY_SHAPES: dict[str, type] = {}
"""One class per contained kind, whose instances lend their attribute dicts to
:func:`shared_keys`."""


def shared_keys(kind_name: str, entry: dict[str, Any]) -> dict[str, Any]:
    """``entry``, equal and in the same order, as a dict whose keys are shared with the
    other entries of ``kind_name``: the instance dict of one class per kind, which CPython
    holds as a split table (the keys once per class, the values alone in each dict), half
    the size of a dict built key by key (a register of 500 risks repeats the same eight
    keys 500 times). Still a ``dict`` in every respect: adding a key the others lack only
    makes that one an ordinary dict again. An entry with a key that is not a string (YAML's
    ``1:``) or that names a special attribute (``__class__``) is given back as it is."""
    if any(type(key) is not str or key[:2] == "__" for key in entry):
        return entry
    shape = _ENTRY_SHAPES.get(kind_name)
    if shape is None:
        shape = _ENTRY_SHAPES[kind_name] = type(f"_{kind_name}_entry", (), {})
    holder = shape()
    for key, value in entry.items():
        setattr(holder, key, value)
    compact: dict[str, Any] = holder.__dict__
    return compact


_ID_DERIVED, _TITLE_DERIVED = 1, 2


@dataclass(slots=True, eq=False)
class Item:
    """A node of the graph: one mapping of frontmatter with an id and a kind."""

    id: str | None
    kind: Kind
    data: dict[str, Any]
    document: Document
    node_path: NodePath = ()
    container: Item | None = None
    derived: int = 0
    """What was not written in the frontmatter, as bits (:attr:`id_derived`,
    :attr:`title_derived`): one slot for both, and an item of eight slots fills its 96
    bytes where nine took 112 (a run holds an item for each of a register's entries)."""
    body_lines: Mapping[str, int] = field(default_factory=lambda: _NO_LINES)
    """Fields read from the body (a decision log linted where it lies), by the line each is
    written on: findings about them point there."""

    @property
    def id_derived(self) -> bool:
        """True when the id came from the file name rather than an ``id:`` key."""
        return bool(self.derived & _ID_DERIVED)

    @id_derived.setter
    def id_derived(self, value: bool) -> None:
        self.derived = self.derived | _ID_DERIVED if value else self.derived & ~_ID_DERIVED

    @property
    def title_derived(self) -> bool:
        """True when the title came from the document's first heading."""
        return bool(self.derived & _TITLE_DERIVED)

    @title_derived.setter
    def title_derived(self, value: bool) -> None:
        self.derived = self.derived | _TITLE_DERIVED if value else self.derived & ~_TITLE_DERIVED

    @property
    def title(self) -> str:
        value = self.data.get("title")
        return value if isinstance(value, str) else ""

    @property
    def status(self) -> str | None:
        value = self.data.get("status")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        return self.id or f"{self.kind.name} in {self.document.rel_path}"

    def position(self, *path: str | int, key: bool = False) -> Position:
        """Where ``path`` (relative to this item's mapping) is written in the file.

        With ``key=True`` the position of the key itself, else its value. A path that is
        not written points at the deepest part of it that is.
        """
        if path and isinstance(path[0], str) and path[0] in self.body_lines:
            return Position.at(self.body_lines[path[0]])
        return self.document.position((*self.node_path, *path), key=key)

    def anchor(self) -> Position:
        """Where a finding about the item as a whole points: its mapping when it is an entry
        of a container; in a document of its own, the ``id:`` line, else the first key of its
        frontmatter (the ``---`` fence only when the frontmatter holds no key at all)."""
        if self.node_path:
            return self.position()
        if not self.id_derived and "id" in self.data:
            key, value = self.position("id", key=True), self.position("id")
            return Position(key.line, key.column, value.end_line, value.end_column)
        root = self.document.source.root
        if isinstance(root, yaml.MappingNode) and root.value:
            return self.document.source.node_position(root.value[0][0])
        return self.position()

    @property
    def line(self) -> int:
        if not self.node_path:
            return 1
        noted = self.document.source.entry_lines.get(self.node_path)  # type: ignore[arg-type]
        return noted if noted is not None else self.position().line


@dataclass(slots=True, eq=False)
class Document:
    """One Markdown file, as read, with the items it holds."""

    source: SourceFile
    docs_prefix: str
    """How paths under ``docs_dir`` start relative to the project root (``docs/``): one
    string for the run (see :attr:`rel_path`)."""
    docs_path: str
    """Path relative to ``docs_dir``, with ``/`` separators."""
    kind: Kind | None = None
    items: list[Item] = field(default_factory=list)

    @property
    def rel_path(self) -> str:
        """Path relative to the project root, with ``/`` separators (as findings report it):
        made when asked for, not held beside :attr:`docs_path` for each of 50,000 files."""
        return self.docs_prefix + self.docs_path

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data or {}

    def position(self, path: NodePath, key: bool = False) -> Position:
        root = self.source.root if path else None
        key_node, value_node = find_node(root, path)
        if not path or value_node is None or value_node is root:
            return Position(1, 1, 1, 4) if self.source.has_frontmatter else Position.at(1)
        node: yaml.Node | None = key_node if key and key_node is not None else value_node
        assert node is not None
        return self.source.node_position(node)


def id_from_file_name(file_name: str, prefix: str) -> str | None:
    """``0007-use-postgres.md`` gives ``ADR-0007`` (with prefix ``ADR``), as adr-tools names;
    so do ``ADR007-…``, ``adr-007-…``, ``adr_007_…`` and ``ADR-0007-…``. One name alone:
    the lint run reads a folder's names together (a digit by chance is no number)."""
    found = decision_text.number_in_name(file_name)
    return None if found is None else f"{prefix}-{found.number:04d}"
