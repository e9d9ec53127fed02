"""Change a document's frontmatter in place, touching only the bytes that must change.

Key order, comments, quoting, blank lines, line endings, a byte-order mark and the whole
body stay exactly as they were: edits are splices at the positions of YAML nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

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
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


class FrontmatterEditor:
    """Holds a document's frontmatter; each edit splices it and re-reads it.

    The file is split by :func:`handbook.parse.frontmatter.split_frontmatter`, as the linter
    reads it. Only the YAML between the fences is edited, as it is written (its own line
    ends, whatever they are): the byte-order mark, both fences, the body and every YAML byte
    outside an edit are kept byte for byte. A line an edit adds ends as the line it follows.

    Values are found by the YAML scanner's tokens, not by node marks alone: an alias is
    replaced by the new value (the anchor it names is left alone), an anchor or tag in front
    of a value is kept, and an empty value gets a space before the new one. A value shared
    with other places (anchored and aliased, or reached through a merge key) is refused,
    since changing it would change them too. :meth:`check` then reads the result back as
    the linter does and refuses it unless only the edited values changed.
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
        self.newline = split.newline or "\n"
        self._head = text[: split.yaml_start]
        self._tail = text[split.yaml_end :]
        self._unchanged = text[split.yaml_start : split.yaml_end]
        self._yaml = self._unchanged
        self._tree: tuple[str, yaml.MappingNode] | None = None
        self._root()  # fail early on YAML that does not parse
        self._expected: Any = _read_data(original)
        if not isinstance(self._expected, dict):
            raise EditError("the frontmatter is not a mapping")

    @property
    def yaml_text(self) -> str:
        """The frontmatter's YAML as edited so far, with LF line ends (as the linter reads
        it); the file keeps its own."""
        return self._yaml.replace("\r\n", "\n").replace("\r", "\n")

    def _root(self) -> yaml.MappingNode:
        """The YAML's node tree, composed once per text (so nodes can be told apart by id)."""
        if self._tree is not None and self._tree[0] == self._yaml:
            return self._tree[1]
        root = self._compose()
        self._tree = (self._yaml, root)
        return root

    def _compose(self) -> yaml.MappingNode:
        try:
            root = yaml_tree.compose(self._yaml)
        except yaml_tree.YamlSyntaxError as error:
            raise EditError(f"frontmatter is not valid YAML: {error.message}") from None
        if root is None:
            return yaml.MappingNode("tag:yaml.org,2002:map", [])
        if not isinstance(root, yaml.MappingNode):
            raise EditError("the frontmatter is not a mapping")
        return root

    def _splice(self, start: int, end: int, replacement: str) -> None:
        self._yaml = self._yaml[:start] + replacement + self._yaml[end:]

    # -- where things are ------------------------------------------------------------------

    def _line_start(self, index: int) -> int:
        """Start of the line that holds ``index``."""
        return max(self._yaml.rfind("\n", 0, index), self._yaml.rfind("\r", 0, index)) + 1

    def _line_end(self, index: int) -> int:
        """Index of the line break at or after ``index`` (the text's length if none)."""
        ends = [i for i in (self._yaml.find("\n", index), self._yaml.find("\r", index)) if i >= 0]
        return min(ends, default=len(self._yaml))

    def _break_at(self, index: int) -> str:
        """The line break that starts at ``index``; the file's own if there is none."""
        if self._yaml.startswith("\r\n", index):
            return "\r\n"
        if self._yaml[index : index + 1] in ("\n", "\r"):
            return self._yaml[index]
        return self.newline

    def _shared(self) -> set[int]:
        """Ids of the nodes reached more than once (through an alias or a merge key)."""
        seen: set[int] = set()
        shared: set[int] = set()
        stack: list[yaml.Node] = [self._root()]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                shared.add(id(node))
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    stack.extend((key_node, value_node))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return shared

    def _mapping(self, path: Sequence[PathPart]) -> yaml.MappingNode:
        root = self._root()
        _, node = yaml_tree.find_node(root, path) if path else (None, root)
        where = ".".join(map(str, path)) or "frontmatter"
        if not isinstance(node, yaml.MappingNode):
            raise EditError(f"{where} is not a mapping")
        if path and id(node) in self._shared():
            raise EditError(f"{where} is shared through a YAML anchor; edit it by hand")
        return node

    def _pair(self, path: Sequence[PathPart], key: str) -> tuple[yaml.Node, yaml.Node] | None:
        mapping = self._mapping(path)
        found = None
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found = (key_node, value_node)
        return found

    def _value(self, key: str, key_node: yaml.Node, node: yaml.Node) -> _Span:
        """Where the value of ``key`` is written: its scalar's or alias's token, or (for an
        empty value) the place just after the colon."""
        if id(key_node) in self._shared():
            raise EditError(f"the key '{key}' is a YAML alias; edit it by hand")
        tokens = yaml.scan(self._yaml, Loader=yaml.SafeLoader)
        after_key = key_node.end_mark.index
        value_token = None
        for token in tokens:
            if token.start_mark.index < after_key:
                continue
            if value_token is None:
                if not isinstance(token, yaml.ValueToken):
                    raise EditError(f"cannot find the value of '{key}'")
                value_token = token
                continue
            if isinstance(token, yaml.AliasToken):
                return _Span(token.start_mark.index, token.end_mark.index, "")
            if isinstance(token, yaml.AnchorToken):
                if id(node) in self._shared():
                    raise EditError(
                        f"'{key}' is anchored (&{token.value}) and used elsewhere; "
                        "changing it would change those too, so edit it by hand"
                    )
                continue
            if isinstance(token, yaml.TagToken):
                raise EditError(f"'{key}' has a YAML tag; edit it by hand")
            if isinstance(token, yaml.ScalarToken):
                style = token.style or ""
                if style in ("|", ">"):
                    raise EditError(f"'{key}' is not a single-line value")
                return _Span(token.start_mark.index, token.end_mark.index, style)
            break
        if value_token is None:
            raise EditError(f"cannot find the value of '{key}'")
        if isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style:
            end = value_token.end_mark.index
            return _Span(end, end, "", empty=True)
        raise EditError(f"'{key}' is not a single value")

    def _write_value(self, span: _Span, written: str) -> None:
        if span.empty:
            written = " " + written
        self._splice(span.start, span.end, written)

    # -- edits -------------------------------------------------------------------------------

    def set_scalar(self, path: Sequence[PathPart], key: str, value: str) -> None:
        """Set ``key`` of the mapping at ``path`` to the text ``value``, keeping its quotes."""
        pair = self._pair(path, key)
        self._expect(path, key, lambda _old: value)
        if pair is None:
            self._add_key(path, key, yaml_scalar(value))
            return
        key_node, node = pair
        if not isinstance(node, yaml.ScalarNode):
            raise EditError(f"'{key}' is not a single value")
        span = self._value(key, key_node, node)
        if span.style == "'":
            written = "'" + value.replace("'", "''") + "'"
        elif span.style == '"':
            written = json.dumps(value, ensure_ascii=False)
        else:
            written = yaml_scalar(value)
        self._write_value(span, written)

    def add_to_list(self, path: Sequence[PathPart], key: str, value: str) -> bool:
        """Append ``value`` to the list under ``key`` (creating it); False if already there."""
        pair = self._pair(path, key)
        item = yaml_scalar(value)
        if pair is None:
            if self._inherited(path, key):
                raise EditError(f"'{key}' comes from a YAML merge key; edit it by hand")
            self._expect(path, key, lambda _old: [value])
            self._add_key(path, key, f"[{item}]")
            return True
        key_node, node = pair
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            self._expect(path, key, lambda _old: [value])
            self._write_value(self._value(key, key_node, node), f"[{item}]")
            return True
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"'{key}' is not a list")
        if any(isinstance(n, yaml.ScalarNode) and n.value == value for n in node.value):
            return False
        if id(node) in self._shared():
            raise EditError(f"'{key}' is shared through a YAML anchor; edit it by hand")
        if key_node.end_mark.index > node.start_mark.index:
            raise EditError(f"'{key}' is a YAML alias; edit it by hand")
        self._expect(path, key, lambda old: [*old, value])
        if node.flow_style:
            close = node.end_mark.index - 1  # the position of "]"
            before = self._yaml[:close].rstrip(" \t\r\n")
            spaced = self._yaml[close - 1 : close] in (" ", "\t")
            if before.endswith(("[", ",")):
                separator = "" if spaced or before.endswith("[") else " "
            else:
                separator = ", "
            self._splice(close, close, f"{separator}{item}")
            return True
        last = node.value[-1]
        # Judged on the text, not on the marks' line numbers: PyYAML also breaks lines at
        # NEL, LS and PS, which neither an editor nor CommonMark does.
        if not isinstance(last, yaml.ScalarNode) or _spans_lines(
            self._yaml[last.start_mark.index : last.end_mark.index]
        ):
            raise EditError(f"the last entry of '{key}' is not a one-line value")
        line_start = self._line_start(last.start_mark.index)
        indent = self._yaml[line_start : last.start_mark.index]
        if indent.strip(" ") != "-":
            raise EditError(f"the entries of '{key}' are not one per line")
        end_of_line = self._line_end(last.end_mark.index)
        self._splice(end_of_line, end_of_line, f"{self._break_at(end_of_line)}{indent}{item}")
        return True

    def _add_key(self, path: Sequence[PathPart], key: str, written: str) -> None:
        mapping = self._mapping(path)
        if not mapping.value:
            if path:
                raise EditError(f"cannot add '{key}' to an empty inline mapping")
            if mapping.flow_style:
                raise EditError(f"cannot add '{key}' to an empty inline mapping")
            self._splice(len(self._yaml), len(self._yaml), f"{key}: {written}{self.newline}")
            return
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            before = self._yaml[:close].rstrip(" \t\r\n")
            separator = " " if before.endswith(",") else ", "
            self._splice(close, close, f"{separator}{key}: {written}")
            return
        first_index = mapping.value[0][0].start_mark.index
        column = first_index - self._line_start(first_index)
        if not path:
            # A top-level key goes last, after the line break the YAML always ends with
            # (the closing fence starts a line), and ends with the same.
            end = len(self._yaml)
            newline = self._break_at(end - 2 if self._yaml.endswith("\r\n") else end - 1)
            self._splice(end, end, f"{' ' * column}{key}: {written}{newline}")
            return
        last_value = mapping.value[-1][1]
        if not isinstance(last_value, yaml.ScalarNode) or last_value.style in ("|", ">"):
            raise EditError(f"cannot add '{key}' after a nested value; edit it by hand")
        line_end = self._line_end(last_value.end_mark.index)
        newline = self._break_at(line_end)
        self._splice(line_end, line_end, f"{newline}{' ' * column}{key}: {written}")

    # -- checking ----------------------------------------------------------------------------

    def _inherited(self, path: Sequence[PathPart], key: str) -> bool:
        target: Any = self._expected
        for part in path:
            try:
                target = target[part]
            except (KeyError, IndexError, TypeError):
                return False
        return isinstance(target, dict) and target.get(key) is not None

    def _expect(self, path: Sequence[PathPart], key: str, change: Callable[[Any], Any]) -> None:
        target: Any = self._expected
        for part in path:
            try:
                target = target[part]
            except (KeyError, IndexError, TypeError):
                raise EditError(f"{'.'.join(map(str, path))} is not in the frontmatter") from None
        if not isinstance(target, dict):
            raise EditError(f"{'.'.join(map(str, path)) or 'frontmatter'} is not a mapping")
        target[key] = change(target.get(key))

    def check(self) -> None:
        """Raise :class:`EditError` unless the result reads, as the linter reads it, as the
        original with exactly the edits made."""
        if self._yaml == self._unchanged:
            return
        if _read_data(self.result()) != self._expected:
            raise EditError(
                "the edit would change more than the value asked for (YAML anchors, "
                "aliases or merge keys?); edit the file by hand"
            )

    def result(self) -> bytes:
        """The file's new bytes; the original ones when no edit changed anything."""
        if self._yaml == self._unchanged:
            return self.original
        return (self._head + self._yaml + self._tail).encode("utf-8")


def _spans_lines(text: str) -> bool:
    return "\n" in text or "\r" in text


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    style: str
    empty: bool = False


def _read_data(data: bytes) -> Any:
    """The frontmatter of ``data`` as the linter reads it (line ends made LF first)."""
    text = data.decode("utf-8")  # a byte-order mark is split_frontmatter's to read
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    split = split_frontmatter(text)
    if not split.closed:
        raise EditError("the frontmatter is never closed")
    try:
        tree = yaml_tree.load(text[split.yaml_start : split.yaml_end])
    except yaml_tree.YamlSyntaxError as error:
        raise EditError(f"frontmatter is not valid YAML: {error.message}") from None
    return {} if tree.value is None else tree.value
