"""Turn YAML text into plain Python values while keeping the node tree for positions.

PyYAML's C parser composes the node tree; we construct values ourselves so that dates stay
strings, duplicate keys and foreign tags become problems instead of silent surprises, and an
alias bomb is stopped by a budget instead of eating the machine. Nothing is ever executed:
no tag other than YAML's core schema is honoured.
"""

from __future__ import annotations

import bisect
import re
import sys
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_PLAIN_TAGS: dict[str, str] = {}
"""The tag each short plain scalar resolved to: keys and common values recur in every
document, and the resolver's regular expressions need not be tried on them again."""
_PLAIN_TAGS_KEPT = 4096
_LOADER: Any = _Loader
_resolve = _LOADER.resolve


class _ComposeLoader(_Loader):  # type: ignore[misc]
    """The loader with a cheaper resolver: libyaml's composer calls back into Python for
    every node (``resolve``, ``descend_resolver``, ``ascend_resolver``). Without path
    resolvers (PyYAML's safe loaders have none) the last two do nothing and a mapping or a
    sequence always gets its default tag; a plain scalar gets what the loader's implicit
    resolvers say, asked once per distinct short value. Tags are exactly the loader's."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG  # quoted, or a block scalar: a string
            assert value is not None
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _resolve(self, kind, value, implicit)
                if len(value) <= _INTERNED_LENGTH and len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    # Builtins, not functions: libyaml calls them for every node, and a no-op builtin costs
    # no Python frame. dict.get takes (node, index) and returns index; tuple() takes nothing.
    descend_resolver: Any = {}.get
    ascend_resolver = tuple


_COMPOSE_LOADER: type = _ComposeLoader
if _LOADER.yaml_path_resolvers or (
    _LOADER.DEFAULT_SCALAR_TAG,
    _LOADER.DEFAULT_SEQUENCE_TAG,
    _LOADER.DEFAULT_MAPPING_TAG,
) != (_STR_TAG, _SEQ_TAG, _MAP_TAG):  # pragma: no cover - a loader changed by someone else
    _COMPOSE_LOADER = _Loader

MAX_VALUES = 20_000
"""How many values one frontmatter block may expand to; far above any real document."""

MAX_DEPTH = 100
"""How deeply frontmatter may nest; real documents stay under ten levels."""

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {
    _TAG + "str",
    _TAG + "int",
    _TAG + "float",
    _TAG + "bool",
    _TAG + "null",
    _TAG + "timestamp",
}
_MERGE = _TAG + "merge"
_INTERNED_LENGTH = 32
"""Keys, and string values up to this length, are interned: every document repeats its
kind's keys and most of its short values, and a run holds them all."""
_TEXT_TAGS = frozenset({_TAG + "str", _TAG + "timestamp"})
"""Scalars kept as the text written (dates stay strings)."""
_Scalar = yaml.ScalarNode
_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}

PathPart = str | int
NodePath = tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Something wrong in the YAML itself, at a 0-based line and column of the YAML text."""

    rule: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int


class YamlSyntaxError(Exception):
    """The text is not YAML; carries the 0-based position the parser stopped at."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(slots=True)
class YamlTree:
    """Constructed values, the root node they came from, and problems met on the way."""

    value: Any
    root: yaml.Node | None
    problems: list[YamlProblem] = field(default_factory=list)


_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int] | None:
    """Where each line of ``text`` starts, or None when libyaml's own count is right.

    libyaml implements YAML 1.1, which also breaks lines at NEL, LINE SEPARATOR and
    PARAGRAPH SEPARATOR; CommonMark, editors and every line number handbook reports count
    only LF, CRLF and a lone CR. Marks of a text holding one of those three are recounted.
    """
    if not any(c in text for c in _YAML11_BREAKS):
        return None
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def mark_position(text: str, mark: yaml.Mark) -> tuple[int, int]:
    """The 0-based line and column of ``mark`` in ``text``, lines counted as CommonMark does."""
    starts = _line_starts(text)
    if starts is None:
        return mark.line, mark.column
    line = bisect.bisect_right(starts, mark.index) - 1
    return line, mark.index - starts[line]


def compose(text: str) -> yaml.Node | None:
    """Compose ``text`` into a node tree, raising :class:`YamlSyntaxError` on bad syntax."""
    try:
        return yaml.compose(text, Loader=_COMPOSE_LOADER)
    except yaml.MarkedYAMLError as error:
        problem = error.problem or error.context or "invalid YAML"
        context = error.context or ""
        # An unclosed bracket or quote is noticed only where the parser gives up (the next
        # key, the end); the author needs the place where it was opened.
        opened = error.context_mark is not None and ("flow" in context or "quoted" in context)
        mark = error.context_mark if opened else (error.problem_mark or error.context_mark)
        if opened:
            detail = f" ({context} that starts here)"
        else:
            detail = f" ({context})" if context and error.problem else ""
        line, column = mark_position(text, mark) if mark is not None else (0, 0)
        raise YamlSyntaxError(f"{problem}{detail}", line, column) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error).splitlines()[0], 0, 0) from None


def load(text: str) -> YamlTree:
    """Compose and construct ``text``; syntax errors raise :class:`YamlSyntaxError`."""
    root = compose(text)
    if root is None:
        return YamlTree(None, None)
    builder = _Builder(text)
    value = builder.build(root)
    return YamlTree(value, root, builder.problems)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[YamlProblem] = []
        self.budget = MAX_VALUES
        self.depth = 0
        self.stopped = False

    def problem(self, rule: str, message: str, node: yaml.Node) -> None:
        start = mark_position(self.text, node.start_mark)
        end = mark_position(self.text, node.end_mark)
        self.problems.append(YamlProblem(rule, message, *start, *end))

    def stop(self, message: str, node: yaml.Node) -> None:
        if not self.stopped:
            self.stopped = True
            self.problem("invalid-frontmatter", message, node)

    def build(self, node: yaml.Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            self.stop(
                f"frontmatter expands to more than {MAX_VALUES} values "
                "(aliases used as a YAML bomb?); the rest is ignored",
                node,
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.build_scalar(node)
        if self.depth >= MAX_DEPTH:
            self.stop(f"frontmatter is nested more than {MAX_DEPTH} levels deep", node)
            return None
        expected = _TAG + ("map" if isinstance(node, yaml.MappingNode) else "seq")
        if not self.check_tag(node, expected):
            return None  # a refused tag: the value is dropped, not used half-understood
        self.depth += 1
        try:
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node)
            return self.build_sequence(node)
        finally:
            self.depth -= 1

    def check_tag(self, node: yaml.Node, expected: str) -> bool:
        """Report a tag other than ``expected``; True when the tag is fine."""
        if node.tag == expected:
            return True
        self.problem(
            "invalid-frontmatter",
            f"YAML tag {_short_tag(node.tag)} is not allowed; handbook reads plain YAML only",
            node,
        )
        return False

    def build_sequence(self, node: yaml.Node) -> list[Any]:
        # One value a child, in a list of that length: grown by append, a list of one
        # reference holds room for four (a run holds hundreds of thousands of them).
        children = node.value
        result: list[Any] = [None] * len(children)
        for index, child in enumerate(children):
            # As in build_mapping: a plain string is built without a call of build().
            if child.__class__ is _Scalar and child.tag in _TEXT_TAGS and self.budget > 0:
                self.budget -= 1
                text = child.value
                result[index] = sys.intern(text) if len(text) <= _INTERNED_LENGTH else text
            else:
                result[index] = self.build(child)
        return result

    def build_mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("invalid-frontmatter", "a mapping key must be plain text", key_node)
                continue
            key = sys.intern(str(key_node.value))
            if key in result:
                self.problem(
                    "duplicate-key",
                    f"key '{key}' appears more than once in this mapping; the last one wins",
                    key_node,
                )
            # Most values are plain strings: built here as build() would, without its call.
            if value_node.__class__ is _Scalar and value_node.tag in _TEXT_TAGS and self.budget > 0:
                self.budget -= 1
                text = value_node.value
                result[key] = sys.intern(text) if len(text) <= _INTERNED_LENGTH else text
            else:
                result[key] = self.build(value_node)
        # YAML 1.1 merge keys: explicit keys win, then earlier merged mappings over later ones.
        # Merged values go through build(), so aliases in merges spend the same budget.
        for source in _merge_sources(merges):
            merged = self.build(source)
            if isinstance(merged, dict):
                for key, value in merged.items():
                    result.setdefault(key, value)
        return result

    def build_scalar(self, node: yaml.Node) -> Any:
        tag, text = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            self.check_tag(node, _TAG + "str")
            return None
        if tag == _TAG + "str" or tag == _TAG + "timestamp":
            # Short values repeat across documents (statuses, owners, dates, ids): one copy.
            return sys.intern(text) if len(text) <= _INTERNED_LENGTH else text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _BOOL[text.lower()]
        try:
            return _to_int(text) if tag == _TAG + "int" else _to_float(text)
        except ValueError:
            # Only absurd numbers get here (thousands of digits); keep the text, and the
            # schema will say it is not a number.
            return text


def intern_short(text: str) -> str:
    """``text`` interned as :func:`load` interns a value: when it is short enough."""
    return sys.intern(text) if len(text) <= _INTERNED_LENGTH else text


def intern_again(value: object) -> None:
    """Intern, in place, the short strings of ``value`` (a mapping or a list, read by
    :func:`load`, walked to the bottom) as :func:`load` interned them: a copy of the values,
    unpickled from another process, holds its own string for each one the run shares."""
    pending = [value]
    while pending:
        current = pending.pop()
        if type(current) is dict:
            places: Iterable[tuple[Any, object]] = current.items()
        elif type(current) is list:
            places = enumerate(current)
        else:
            continue
        for place, inner in places:  # values replaced, never keys or length: no resize
            if type(inner) is str:
                if len(inner) <= _INTERNED_LENGTH:
                    current[place] = sys.intern(inner)
            elif type(inner) is dict or type(inner) is list:
                pending.append(inner)


def _merge_sources(values: list[yaml.Node]) -> list[yaml.Node]:
    sources: list[yaml.Node] = []
    for value in values:
        sources.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
    return sources


def _to_int(text: str) -> int:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if ":" in digits:
        total = 0
        for part in digits.split(":"):
            total = total * 60 + int(part)
        return sign * total
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _to_float(text: str) -> float:
    cleaned = text.replace("_", "").lower()
    if cleaned in (".nan",):
        return float("nan")
    if cleaned.endswith(".inf"):
        return float("-inf") if cleaned.startswith("-") else float("inf")
    if ":" in cleaned:
        sign = -1.0 if cleaned.startswith("-") else 1.0
        total = 0.0
        for part in cleaned.lstrip("+-").split(":"):
            total = total * 60 + float(part)
        return sign * total
    return float(cleaned)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def find_node(
    root: yaml.Node | None, path: Sequence[PathPart]
) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The (key node, value node) at ``path``; the deepest existing pair when it is missing.

    The key node is ``None`` for the root and for sequence entries.
    """
    key_node: yaml.Node | None = None
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = _lookup(node, part, 0)
            if found is None:
                break
            key_node, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            key_node, node = None, node.value[part]
        else:
            break
    return key_node, node


def _lookup(node: yaml.MappingNode, key: str, depth: int) -> tuple[yaml.Node, yaml.Node] | None:
    """The pair for ``key``: the last explicit one, else the first from a merged mapping."""
    return _index(node, depth).get(key)


_INDEXES: weakref.WeakKeyDictionary[yaml.Node, dict[str, tuple[yaml.Node, yaml.Node]]] = (
    weakref.WeakKeyDictionary()
)
"""Each mapping node's keys, merged mappings resolved, built once per node: merge keys
form a graph with shared parts (``<<: [*a, *a]`` at every level), and walking it again for
each lookup costs as many steps as the graph has paths (exponential), not nodes."""


def _index(node: yaml.MappingNode, depth: int) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    index = _INDEXES.get(node)
    if index is not None:
        return index
    explicit: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    merges: list[yaml.Node] = []
    for k, v in node.value:
        if k.tag == _MERGE:
            merges.append(v)
        elif isinstance(k, yaml.ScalarNode):
            explicit[str(k.value)] = (k, v)  # the last explicit key wins, as when building
    index = {}
    if depth < MAX_DEPTH:
        for source in _merge_sources(merges):
            if isinstance(source, yaml.MappingNode):
                for name, pair in _index(source, depth + 1).items():
                    index.setdefault(name, pair)  # earlier merged mappings win
    index.update(explicit)
    _INDEXES[node] = index
    return index
