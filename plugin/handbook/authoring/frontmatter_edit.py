"""Change a document's frontmatter in place, touching only the bytes that must change.

Key order, comments, quoting, blank lines, line endings, a byte-order mark and the whole
body stay exactly as they were: edits are splices at the positions of YAML nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from handbook.parse import yaml_tree
from handbook.parse.frontmatter import split_frontmatter
from handbook.parse.yaml_tree import PathPart

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")
_RESERVED = frozenset({"yes", "no", "on", "off", "true", "false", "null", "~", "y", "n"})


class EditError(Exception):
    """The frontmatter cannot be edited safely; the message says why."""


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same string."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED and not value.rstrip().endswith(":"):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


class FrontmatterEditor:
    """Holds a document's frontmatter; each edit splices it and re-reads it.

    The file is split by :func:`handbook.parse.frontmatter.split_frontmatter`, as the linter
    reads it. Only the YAML between the fences is edited: the byte-order mark, both fences
    and the body are kept as they were, byte for byte. The YAML is edited with LF line ends
    and written back with the opening fence's line ending when it changed.
    """

    def __init__(self, original: bytes) -> None:
        self.original = original
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError as error:
            raise EditError(f"not valid UTF-8 (offset {error.start})") from None
        split = split_frontmatter(text)
        if not split.has_frontmatter:
            raise EditError("the file has no frontmatter to edit")
        if not split.closed:
            raise EditError("the frontmatter is never closed")
        self.bom = split.bom
        self.newline = split.newline
        self._head = text[: split.yaml_start]
        self._tail = text[split.yaml_end :]
        self._written = text[split.yaml_start : split.yaml_end]
        self._unchanged = _lf(self._written)
        self._yaml = self._unchanged
        self._root()  # fail early on YAML that does not parse

    @property
    def yaml_text(self) -> str:
        """The frontmatter's YAML as edited so far, with LF line ends."""
        return self._yaml

    def _root(self) -> yaml.MappingNode:
        try:
            root = yaml_tree.compose(self.yaml_text)
        except yaml_tree.YamlSyntaxError as error:
            raise EditError(f"frontmatter is not valid YAML: {error.message}") from None
        if root is None:
            return yaml.MappingNode("tag:yaml.org,2002:map", [])
        if not isinstance(root, yaml.MappingNode):
            raise EditError("the frontmatter is not a mapping")
        return root

    def _splice(self, start: int, end: int, replacement: str) -> None:
        self._yaml = self._yaml[:start] + replacement + self._yaml[end:]

    def _mapping(self, path: Sequence[PathPart]) -> yaml.MappingNode:
        _, node = yaml_tree.find_node(self._root(), path) if path else (None, self._root())
        if not isinstance(node, yaml.MappingNode):
            raise EditError(f"{'.'.join(map(str, path)) or 'frontmatter'} is not a mapping")
        return node

    def _pair(self, path: Sequence[PathPart], key: str) -> tuple[yaml.Node, yaml.Node] | None:
        mapping = self._mapping(path)
        found = None
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found = (key_node, value_node)
        return found

    def set_scalar(self, path: Sequence[PathPart], key: str, value: str) -> None:
        """Set ``key`` of the mapping at ``path`` to the text ``value``, keeping its quotes."""
        pair = self._pair(path, key)
        if pair is None:
            self._add_key(path, key, yaml_scalar(value))
            return
        _, node = pair
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            raise EditError(f"'{key}' is not a single-line value")
        style = node.style
        if style == "'":
            written = "'" + value.replace("'", "''") + "'"
        elif style == '"':
            written = json.dumps(value, ensure_ascii=False)
        else:
            written = yaml_scalar(value)
        self._splice(node.start_mark.index, node.end_mark.index, written)

    def add_to_list(self, path: Sequence[PathPart], key: str, value: str) -> bool:
        """Append ``value`` to the list under ``key`` (creating it); False if already there."""
        pair = self._pair(path, key)
        item = yaml_scalar(value)
        if pair is None:
            self._add_key(path, key, f"[{item}]")
            return True
        _, node = pair
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            self._splice(node.start_mark.index, node.end_mark.index, f"[{item}]")
            return True
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"'{key}' is not a list")
        if any(isinstance(n, yaml.ScalarNode) and n.value == value for n in node.value):
            return False
        if node.flow_style:
            close = node.end_mark.index - 1  # the position of "]"
            before = self.yaml_text[:close].rstrip()
            separator = "" if before.endswith("[") else ", "
            self._splice(close, close, f"{separator}{item}")
            return True
        last = node.value[-1]
        line_start = self.yaml_text.rfind("\n", 0, last.start_mark.index) + 1
        indent = self.yaml_text[line_start : last.start_mark.index]
        end_of_line = self.yaml_text.find("\n", last.end_mark.index)
        end_of_line = len(self.yaml_text) if end_of_line < 0 else end_of_line
        self._splice(end_of_line, end_of_line, f"\n{indent}{item}")
        return True

    def _add_key(self, path: Sequence[PathPart], key: str, written: str) -> None:
        mapping = self._mapping(path)
        if not mapping.value:
            if path:
                raise EditError(f"cannot add '{key}' to an empty inline mapping")
            self._splice(len(self.yaml_text), len(self.yaml_text), f"{key}: {written}\n")
            return
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            self._splice(close, close, f", {key}: {written}")
            return
        first_key = mapping.value[0][0]
        column = first_key.start_mark.column
        last_value = mapping.value[-1][1]
        end = last_value.end_mark.index
        # After the last entry (a block value ends at the start of the next line).
        line_end = end if self.yaml_text[end - 1 : end] == "\n" else self.yaml_text.find("\n", end)
        if line_end < 0:
            self._splice(
                len(self.yaml_text), len(self.yaml_text), f"\n{' ' * column}{key}: {written}\n"
            )
            return
        insert_at = line_end if self.yaml_text[line_end - 1 : line_end] != "\n" else line_end - 1
        self._splice(insert_at, insert_at, f"\n{' ' * column}{key}: {written}")

    def result(self) -> bytes:
        """The file's new bytes; the original ones when no edit changed anything."""
        if self._yaml == self._unchanged:
            written = self._written
        elif self.newline != "\n":
            written = self._yaml.replace("\n", self.newline)
        else:
            written = self._yaml
        return (self._head + written + self._tail).encode("utf-8")


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
