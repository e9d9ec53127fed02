"""Suspect links: the fingerprints of what a link's target meant when someone last read it.

A link is a reference written in an item's frontmatter (``mitigates: [RISK-001]``). Its
writer relies on what the target says; when the target's meaning changes (the fields its
kind declares under ``meaning`` in its ``x-handbook`` block, and its body), the link is
*suspect* until a person re-reads the target and confirms it with ``handbook review``.

The confirmations live in one lock file beside ``mkdocs.yml`` (ADR 0015): per link, a short
hash of each part of the target's meaning. Hashes are of a canonical JSON of the parsed
values and of a normalised body, so key order, quoting, flow or block style, trailing spaces
and line ends never make a link suspect. A link without a stamp is not tracked; a project
adopts suspect links by running ``handbook review --all`` once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from handbook.model import Item

LOCK_FILE = "handbook-links.lock"
"""The lock file's name, in the project root (the folder of ``mkdocs.yml``)."""

LOCK_VERSION = 1
BODY = "body"
"""The name of the body's part in a stamp (no field of a built-in kind has this name)."""

_HASH_LENGTH = 12
_MAX_DEPTH = 64

Stamp = Mapping[str, str]
"""Part name (a field, or ``body``) → the short hash of its value."""


def names_an_item(lock: str, items: Iterable[Item]) -> bool:
    """Whether the lock file's text names one of ``items`` (a suspect link then compares
    the body of the document holding it)."""
    return bool(lock) and any(item.id and item.id in lock for item in items)


def link_key(writer: str, key: str, target: str) -> str:
    """How a link is named in the lock file: ``ADR-0003 mitigates RISK-001``."""
    return f"{writer} {key} {target}"


def _plain(value: object, depth: int = 0) -> object:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, Mapping):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, depth + 1) for v in value]
    return str(value)


def canonical(value: object) -> str:
    """``value`` as canonical JSON: sorted keys, no spaces, dates as ``YYYY-MM-DD``."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def normalise_body(text: str) -> str:
    """The body with line ends made ``\\n``, trailing spaces cut, runs of blank lines made
    one, and leading and trailing blank lines dropped."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def meaning(item: Item, relation_keys: Collection[str]) -> dict[str, Any]:
    """What makes up ``item``'s meaning: the values of its kind's meaning fields (every field
    but ``id`` and the relations when the kind declares none), and its normalised body."""
    kind = item.kind
    data = item.data
    names = kind.meaning_fields
    if names is None:
        names = tuple(sorted(k for k in data if k != "id" and k not in relation_keys))
    parts: dict[str, Any] = {name: data[name] for name in names if name in data}
    if kind.meaning_body and not item.node_path:
        parts[BODY] = normalise_body(item.document.source.body)
    return parts


def stamp_of(item: Item, relation_keys: Collection[str]) -> dict[str, str]:
    """The stamp of ``item`` as it is now: a short hash of each part of its meaning."""
    parts = meaning(item, relation_keys)
    return {
        name: _digest(value if name == BODY else canonical(value))
        for name, value in sorted(parts.items())
    }


def changed_parts(stamped: Stamp, current: Stamp) -> list[str]:
    """The parts that differ (changed, added or removed), sorted."""
    return sorted(n for n in {*stamped, *current} if stamped.get(n) != current.get(n))


@dataclass(slots=True)
class Lock:
    """The lock file as read: the stamp of each confirmed link, and where each is written."""

    stamps: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    """Why the file could not be read (then no link is tracked); None when it could."""
    problem_line: int = 1


def parse_lock(text: str | None) -> Lock:
    """Read a lock file's text (None or empty: no file, nothing tracked); a file that does
    not read as a lock gives a :class:`Lock` with a ``problem`` and no stamps."""
    if not text or not text.strip():
        return Lock()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Lock(problem=f"not valid JSON: {error.msg}", problem_line=error.lineno)
    if not isinstance(data, dict) or not isinstance(data.get("links"), dict):
        return Lock(problem='not a links lock: expected {"version": 1, "links": {…}}')
    if data.get("version") != LOCK_VERSION:
        return Lock(problem=f"unknown version {data.get('version')!r} (this handbook reads 1)")
    lock = Lock()
    for key, stamp in data["links"].items():
        if not isinstance(stamp, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in stamp.items()
        ):
            return Lock(problem=f"the stamp of {key!r} is not a mapping of part to hash")
        lock.stamps[str(key)] = dict(stamp)
    needles = {json.dumps(key, ensure_ascii=False): key for key in lock.stamps}
    for number, line in enumerate(text.splitlines(), start=1):
        head = line.strip().split(":", 1)[0].strip()
        if head in needles:
            lock.lines.setdefault(needles[head], number)
    return lock


def render_lock(stamps: Mapping[str, Stamp]) -> str:
    """The lock file's text: one link a line, sorted, so that a confirmation is one line of
    the pull request's diff and two branches' confirmations merge without conflict."""
    lines = ["{", f'  "version": {LOCK_VERSION},', '  "links": {']
    keys = sorted(stamps)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        body = json.dumps(dict(sorted(stamps[key].items())), ensure_ascii=False)
        lines.append(f"    {json.dumps(key, ensure_ascii=False)}: {body}{comma}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)
