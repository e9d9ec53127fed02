"""Convert a benchmark corpus into a Doorstop tree, for the side-by-side run of bench/peers.md.

Doorstop keeps requirements as *documents* (a folder with a ``.doorstop.yml``: prefix,
separator, digits, parent) that hold *items* (one file each, named by the item's UID). Every
document but one names a parent document, so the documents form one tree. This script maps
the corpus onto that layout, one document per folder:

- ``docs/`` is the root document (prefix ``HB``); each folder under it (``decisions``,
  ``risks``, ...) is a child document whose prefix is the corpus's prefix for that folder's
  main kind (``ADR``, ``RISK``, ...). A folder that also holds a second kind (risk registers
  beside risks, FMEAs beside failure modes, threat models beside threats) keeps those items
  under their own UIDs: Doorstop allows a UID whose prefix differs from its document's and
  reports it only as information.
- Each document of the corpus becomes one item in Markdown item format (``PREFIX-NNN.md``):
  its frontmatter fields, unchanged, beside Doorstop's own attributes (``level``,
  ``normative``, ``links``), then its ``# Title`` heading (Doorstop's ``header``) and body
  (Doorstop's ``text``). A field whose name Doorstop reserves is renamed ``hb-NAME``: the
  corpus's ``links`` (web links, not UIDs) becomes ``hb-links``.
- Each entry of a container (a register's ``risks``, a threat model's ``threats``, an FMEA's
  ``failure-modes``) becomes an item of its own, one level below its container, with the
  entry's fields; its text is its title (Doorstop warns about an item without text).
- Every relation (``mitigates``, ``caused-by``, ... in both directions) is kept as a field
  and its targets are also written to ``links``, so that Doorstop checks that each one names
  an item that exists; Doorstop's links point from child to parent, handbook's relations in
  both directions, so Doorstop reports most of them as information ("parent is ..., but
  linked to ...").
- A landing page (an ``index.md`` without frontmatter) becomes its document's first item, a
  non-normative heading at level 1.0 (UID number 0); the documents follow at levels 1.1,
  1.2, ... in the order of their paths.

The tree gets its own ``git init`` (Doorstop looks for a working copy above the current
folder). Doorstop does not validate fields against a schema: what it checks is its own
structure (UIDs, levels, links to items that exist, review stamps, child links), so the
conversion keeps the corpus's fields as data only.

Usage: ``python bench/peers_doorstop.py CORPUS_DIR OUT_DIR`` (``CORPUS_DIR`` as
``bench/corpus.py`` writes it, with its documents under ``docs/``; ``OUT_DIR`` must not exist
or be empty); then ``cd OUT_DIR && doorstop``. It prints a summary as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

ROOT_PREFIX = "HB"
# The folder's main kind gives the document's prefix (the first kind corpus.FOLDERS names).
FOLDER_PREFIX: dict[str, str] = {}
for _kind, _folder in corpus.FOLDERS.items():
    FOLDER_PREFIX.setdefault(_folder, corpus.PREFIX[_kind])
RELATION_FIELDS = frozenset(corpus.RELATIONS) | frozenset(corpus.RELATIONS.values())
CONTAINER_FIELDS = ("risks", "threats", "failure-modes")
# Attributes Doorstop gives a meaning of its own (doorstop.core.item.Item.__init__).
DOORSTOP_RESERVED = frozenset(
    {"active", "derived", "header", "level", "links", "normative", "ref", "references"}
    | {"reviewed", "text"}
)
ADR_FILE = re.compile(r"^(\d+)-")
UID_SHAPE = re.compile(r"^[A-Za-z][\w.-]*?-\d+$")


def split(text: str) -> tuple[dict[str, Any] | None, str]:
    """Split a document into its frontmatter mapping (None when it has none) and its body."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return None, text
    data = yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)
    return (data if isinstance(data, dict) else None), text[end + 5 :]


def heading_and_text(body: str) -> tuple[str, str]:
    """The first ``# `` heading (Doorstop's ``header``) and the text after it."""
    lines = body.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            return line[2:].strip(), "".join(lines[index + 1 :]).lstrip("\n")
        break
    return "", body


def uid_of(path: Path, data: dict[str, Any]) -> str | None:
    """The item's UID: its ``id``, or for a decision record the number in its file name."""
    value = data.get("id")
    if isinstance(value, str) and UID_SHAPE.match(value):
        return value
    number = ADR_FILE.match(path.name)
    if number and path.parent.name == corpus.FOLDERS["adr"]:
        return f"{corpus.PREFIX['adr']}-{number.group(1)}"
    return None


def fields(data: dict[str, Any]) -> dict[str, Any]:
    """The corpus's fields, with the names Doorstop reserves renamed."""
    return {
        (f"hb-{key}" if key in DOORSTOP_RESERVED else key): value for key, value in data.items()
    }


def item_text(attributes: dict[str, Any], header: str, text: str) -> str:
    """One item in Doorstop's Markdown format: YAML frontmatter, ``# header``, text."""
    front = yaml.safe_dump(attributes, sort_keys=False, allow_unicode=True, width=1000)
    head = f"# {header}\n\n" if header else ""
    return f"---\n{front}---\n{head}{text}"


@dataclass
class Item:
    """One item to write: its folder, UID, attributes (without ``links``) and Markdown."""

    folder: Path
    uid: str
    attributes: dict[str, Any]
    header: str
    text: str
    links: dict[str, None] = field(default_factory=dict)


@dataclass
class Tree:
    """The Doorstop tree being built, then written under ``out``."""

    out: Path
    items: dict[str, Item] = field(default_factory=dict)
    documents: list[tuple[Path, str, str | None]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    """(item, relation field, target) as the corpus writes them."""

    def add(self, item: Item) -> bool:
        if item.uid in self.items:
            self.skipped.append(f"{item.uid}: a second item with this UID")
            return False
        self.items[item.uid] = item
        return True


def level(*parts: int) -> str:
    """A Doorstop level: ``1.0`` is a heading, ``1.3`` its third item, ``1.3.2`` below that."""
    return ".".join(str(part) for part in parts) if len(parts) > 1 else f"{parts[0]}.0"


def relations(tree: Tree, uid: str, data: dict[str, Any]) -> None:
    """Note every relation ``data`` writes, as (item, field, target)."""
    for key, value in data.items():
        if key not in RELATION_FIELDS:
            continue
        for target in value if isinstance(value, list) else [value]:
            if isinstance(target, str) and target.strip():
                tree.edges.append((uid, key, target.strip()))


def read_folder(tree: Tree, docs: Path, folder: Path, target: Path, prefix: str) -> None:
    """Read the items of one corpus folder (its own files only), to be written to ``target``."""
    position = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".md"):
        relative = path.relative_to(docs).as_posix()
        data, body = split(path.read_text(encoding="utf-8"))
        header, text = heading_and_text(body)
        if data is None:
            if path.name != "index.md":
                tree.skipped.append(f"{relative}: no frontmatter")
                continue
            attributes = {"level": "1.0", "normative": False, "hb-source": relative}
            tree.add(Item(target, f"{prefix}-000", attributes, header, text))
            continue
        uid = uid_of(path, data)
        if uid is None:
            tree.skipped.append(f"{relative}: no id")
            continue
        position += 1
        own = {key: value for key, value in data.items() if key not in CONTAINER_FIELDS}
        attributes = {"level": level(1, position), "normative": True, "hb-source": relative}
        if not tree.add(Item(target, uid, attributes | fields(own), header, text)):
            continue
        relations(tree, uid, own)
        entries = [
            entry
            for key in CONTAINER_FIELDS
            if isinstance(data.get(key), list)
            for entry in data[key]
            if isinstance(entry, dict)
        ]
        for number, entry in enumerate(entries, start=1):
            entry_uid = entry.get("id")
            if not (isinstance(entry_uid, str) and UID_SHAPE.match(entry_uid)):
                tree.skipped.append(f"{relative}: entry {number} has no id")
                continue
            entry_attributes = {"level": level(1, position, number), "normative": True}
            entry_attributes |= {"container": uid} | fields(entry)
            title = str(entry.get("title", ""))
            if tree.add(Item(target, entry_uid, entry_attributes, "", title + "\n")):
                relations(tree, entry_uid, entry)


def link(tree: Tree, *, drop_dangling: bool) -> int:
    """Give each relation one Doorstop link, from its source to its target; return the
    number of links to no item left out (``drop_dangling``).

    A forward field (``mitigates``) on X naming T links X to T; an inverse field
    (``mitigated-by``) on X naming Y is the same relation written from the other end, so Y
    links to X. ``relates-to`` has no direction: the item that writes it links. A relation
    written at both ends gives one link. An inverse field naming no item stays on X, as a
    link to that missing item, so that Doorstop sees it.
    """
    inverse_of = {inverse: forward for forward, inverse in corpus.RELATIONS.items()}
    dropped = 0
    pairs: set[frozenset[str]] = set()
    for uid, key, target in tree.edges:
        forward = key not in inverse_of or key == inverse_of[key]
        source, sink = (uid, target) if forward or target not in tree.items else (target, uid)
        if sink not in tree.items and drop_dangling:
            dropped += 1
            continue
        pair = frozenset((source, sink))
        if pair in pairs:
            continue
        pairs.add(pair)
        tree.items[source].links[sink] = None
    return dropped


def write(tree: Tree) -> int:
    """Write the documents and items; return the number of links written."""
    for folder, prefix, parent in tree.documents:
        settings: dict[str, Any] = {"digits": 3, "itemformat": "markdown", "prefix": prefix}
        settings["sep"] = "-"
        if parent is not None:
            settings["parent"] = parent
        folder.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump({"settings": settings}, sort_keys=True)
        (folder / ".doorstop.yml").write_text(text, encoding="utf-8")
    links = 0
    for item in tree.items.values():
        attributes = item.attributes | {"links": list(item.links)}
        links += len(item.links)
        (item.folder / f"{item.uid}.md").write_text(
            item_text(attributes, item.header, item.text), encoding="utf-8"
        )
    return links


def convert(
    corpus_dir: Path, out: Path, *, git: bool = True, drop_dangling: bool = False
) -> dict[str, Any]:
    """Write the Doorstop tree of ``corpus_dir/docs`` under ``out``; return a summary."""
    docs = corpus_dir / "docs"
    if not docs.is_dir():
        raise SystemExit(f"peers_doorstop: no docs/ folder in {corpus_dir}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SystemExit(f"peers_doorstop: {out} exists and is not empty; give a new folder")
    tree = Tree(out)
    root = out / "docs"
    tree.documents.append((root, ROOT_PREFIX, None))
    read_folder(tree, docs, docs, root, ROOT_PREFIX)
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        prefix = FOLDER_PREFIX.get(folder.name)
        if prefix is None:
            tree.skipped.append(f"{folder.name}/: a folder of no known kind")
            continue
        tree.documents.append((root / folder.name, prefix, ROOT_PREFIX))
        read_folder(tree, docs, folder, root / folder.name, prefix)
    dropped = link(tree, drop_dangling=drop_dangling)
    links = write(tree)
    if git:
        subprocess.run(["git", "init", "-q", str(out)], check=True)
    return {
        "documents": len(tree.documents),
        "items": len(tree.items),
        "relations": len(tree.edges),
        "links": links,
        "dangling_links_dropped": dropped,
        "skipped": tree.skipped,
        "out": str(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus_dir", type=Path, help="a folder written by bench/corpus.py")
    parser.add_argument("out_dir", type=Path, help="a new folder for the Doorstop tree")
    parser.add_argument("--no-git", action="store_true", help="do not run git init in OUT_DIR")
    parser.add_argument(
        "--drop-dangling",
        action="store_true",
        help="leave out links to ids no item has (doorstop stops at the first one)",
    )
    args = parser.parse_args()
    summary = convert(
        args.corpus_dir, args.out_dir, git=not args.no_git, drop_dangling=args.drop_dangling
    )
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
