"""The new bytes of an imported record: a frontmatter block put above a body that stays byte
for byte, or edits spliced into the frontmatter a MADR 3/4 record already has."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor, yaml_scalar
from handbook.authoring.importers.plan import Record
from handbook.parse.frontmatter import split_frontmatter

Value = str | list[str]
Fields = Sequence[tuple[str, Value]]

_BOM = b"\xef\xbb\xbf"
_TOP_KEYS = ("kind", "id", "title")
"""Keys put before the others when they are added to existing frontmatter."""


class RewriteError(Exception):
    """The record cannot be rewritten safely; nothing is written. The message says why."""


def render(key: str, value: Value) -> str:
    """``value`` as YAML text: a scalar, or a flow list (``[Alice, Bob]``)."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(item) for item in value) + "]"
    if key == "date":
        return value  # already checked to be YYYY-MM-DD; the linter reads it as text
    return yaml_scalar(value)


def new_block(fields: Fields, newline: str) -> bytes:
    """A frontmatter block with ``fields`` in order, ending in ``newline``."""
    lines = ["---", *(f"{key}: {render(key, value)}" for key, value in fields), "---"]
    return (newline.join(lines) + newline).encode("utf-8")


def rewritten(record: Record, fields: Fields) -> bytes:
    """The record's new bytes: frontmatter added or edited, the body untouched."""
    if record.frontmatter is None:
        bom = _BOM if record.raw.startswith(_BOM) else b""
        return bom + new_block(fields, record.newline) + record.raw[len(bom) :]
    result = _edit(record, fields)
    if body_after_frontmatter(result) != body_after_frontmatter(record.raw):
        raise RewriteError("the edit would change the body; nothing written")  # a safety net
    return result


def body_after_frontmatter(data: bytes) -> bytes:
    """Everything after the line that closes the frontmatter (split as the linter splits)."""
    text = data.decode("utf-8", errors="surrogateescape")
    split = split_frontmatter(text)
    if not split.closed:
        return b""
    return text[split.body_start :].encode("utf-8", errors="surrogateescape")


class _ImportEditor(FrontmatterEditor):
    """The frontmatter editor, with the three edits an import needs besides its own."""

    def rename_key(self, old: str, new: str) -> None:
        pair = self._pair((), old)
        if pair is None:
            raise EditError(f"no '{old}' to rename")
        key_node, _ = pair
        self._splice(key_node.start_mark.index, key_node.end_mark.index, new)

    def replace_value(self, key: str, written: str) -> None:
        pair = self._pair((), key)
        if pair is None:
            raise EditError(f"no '{key}' to change")
        _, node = pair
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            raise EditError(f"'{key}' is a block scalar; change it by hand")
        if isinstance(node, yaml.CollectionNode) and not node.flow_style:
            raise EditError(f"'{key}' is a block list or mapping; change it by hand")
        self._splice(node.start_mark.index, node.end_mark.index, written)

    def add_key(self, key: str, written: str, first: bool) -> None:
        mapping = self._mapping(())
        if not first or not mapping.value or mapping.flow_style:
            self._add_key((), key, written)
            return
        first_key = mapping.value[0][0]
        line_start = self._line_start(first_key.start_mark.index)
        indent = " " * (first_key.start_mark.index - line_start)  # not the mark's column:
        # PyYAML also breaks lines at NEL, LS and PS
        self._splice(line_start, line_start, f"{indent}{key}: {written}{self.newline}")


def _edit(record: Record, fields: Fields) -> bytes:
    try:
        editor = _ImportEditor(record.raw)
        for old, new in record.renames.items():
            editor.rename_key(old, new)
        existing = {record.renames.get(k, k): v for k, v in (record.frontmatter or {}).items()}
        top = [(k, v) for k, v in fields if k in _TOP_KEYS and k not in existing]
        for key, value in reversed(top):
            editor.add_key(key, render(key, value), first=True)
        for key, value in fields:
            if key in _TOP_KEYS and key not in existing:
                continue
            if key not in existing:
                editor.add_key(key, render(key, value), first=False)
            elif existing[key] == value:
                continue
            elif isinstance(value, list) and isinstance(existing[key], list):
                for item in value:
                    editor.add_to_list((), key, item)
            else:
                editor.replace_value(key, render(key, value))
    except EditError as error:
        raise RewriteError(f"frontmatter: {error}") from None
    return editor.result()
