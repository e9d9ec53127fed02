"""``handbook new``: a new document from its kind's template, with the next free id."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from handbook.authoring import atomic
from handbook.authoring.frontmatter_edit import yaml_scalar
from handbook.kinds import Kind
from handbook.load import Corpus
from handbook.model import Item
from handbook.parse.frontmatter import split_text
from handbook.settings import Settings

_DEFAULT_WIDTH = {"ADR": 4}

MAX_NUMBER = 999_999
"""The highest id number the schemas' id pattern (``^[A-Z][A-Z0-9]*-[0-9]{1,6}$``,
``schemas/common.json``) allows."""

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


class NewError(Exception):
    """The document cannot be written; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class NewDocument:
    """What ``handbook new`` is about to write."""

    path: Path
    item_id: str
    text: str


def slug(title: str, limit: int = 60) -> str:
    """``"Use Postgres for orders!"`` → ``"use-postgres-for-orders"``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "untitled"


def next_id(kind: Kind, corpus: Corpus) -> str:
    """One above the highest number any item with the kind's prefix has, padded alike."""
    pattern = re.compile(rf"^{re.escape(kind.id_prefix)}-(\d+)$")
    numbers = []
    width = _DEFAULT_WIDTH.get(kind.id_prefix, 3)
    for item in corpus.items:
        match = pattern.match(item.id or "")
        if match:
            numbers.append(int(match.group(1)))
            width = max(width, len(match.group(1)))
    number = max(numbers, default=0) + 1
    if number > MAX_NUMBER:
        raise NewError(
            f"{kind.id_prefix}-{MAX_NUMBER} is the highest id the schema allows "
            "(at most six digits); there is no free id above it"
        )
    return f"{kind.id_prefix}-{number:0{width}d}"


def folder_for(kind: Kind, settings: Settings) -> str:
    """The folder new documents of ``kind`` go to: one the project mapped to the kind (the
    first in mkdocs.yml), else the built-in default."""
    for folder, name in settings.configured_folders.items():
        if name == kind.name:
            return folder
    mapped = sorted(folder for folder, name in settings.kind_folders.items() if name == kind.name)
    if mapped:
        return mapped[0]
    return kind.folder or f"{kind.name}s"


def template_text(kind: Kind, templates_dir: Path | None) -> str:
    """The project's template for ``kind`` if it has one, else the built-in one."""
    if templates_dir is not None:
        custom = templates_dir / f"{kind.name}.md"
        if custom.is_file():
            return _read_template(custom)
        if custom.exists() or custom.is_symlink():  # a folder, a FIFO, a dangling link
            raise NewError(f"template {custom.name} in {templates_dir} is not a regular file")
    packaged = resources.files("handbook") / "templates" / f"{kind.name}.md"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return "---\nkind: {{kind}}\nid: {{id}}\ntitle: {{title_yaml}}\n---\n# {{title}}\n"


def _read_template(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NewError(f"cannot read template {path}: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NewError(
            f"template {path} is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset "
            f"{error.start})"
        ) from None


def plan_new(
    kind: Kind,
    title: str,
    settings: Settings,
    corpus: Corpus,
    owner: str,
    today: dt.date,
    templates_dir: Path | None = None,
) -> NewDocument:
    """Work out the id, path and text of a new document (nothing is written)."""
    item_id = next_id(kind, corpus)
    number = item_id.rsplit("-", 1)[1]
    name = (
        f"{number}-{slug(title)}.md"
        if kind.name == "adr"
        else f"{item_id.lower()}-{slug(title)}.md"
    )
    path = settings.docs_dir / folder_for(kind, settings) / name
    values = {
        "id": item_id,
        "kind": kind.name,
        "title": title,
        "title_yaml": yaml_scalar(title),
        "date": today.isoformat(),
        "owner": yaml_scalar(owner),
    }
    # One pass: a value that holds a placeholder (a title with "{{owner}}") stays as written.
    text = _PLACEHOLDER.sub(
        lambda match: values.get(match.group(1), match.group(0)),
        template_text(kind, templates_dir),
    )
    _check_frontmatter(text, item_id)
    return NewDocument(path, item_id, text)


def _check_frontmatter(text: str, item_id: str) -> None:
    """Refuse a filled template whose frontmatter does not read back with the new id."""
    source = split_text(Path("new.md"), text)
    broken = [p for p in source.problems if p.rule == "invalid-frontmatter"]
    if broken:
        raise NewError(
            f"the template gives frontmatter that does not parse ({broken[0].message}, "
            f"line {broken[0].position.line}); nothing was written"
        )
    data = source.data or {}
    if "id" in data and data["id"] != item_id:
        raise NewError(
            f"the template gives the id {data['id']!r} instead of {item_id}; nothing was written"
        )


def same_title(kind: Kind, title: str, corpus: Corpus) -> list[Item]:
    """Items of ``kind`` already titled ``title`` (ignoring case): likely the same document."""
    wanted = title.casefold()
    return [
        item
        for item in corpus.items
        if item.kind.name == kind.name and item.title.casefold() == wanted
    ]


def write_new(document: NewDocument) -> None:
    """Create the file; raises :class:`atomic.FileExists` rather than overwrite."""
    atomic.create(document.path, document.text)
