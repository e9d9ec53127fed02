"""``handbook review``: confirm links after a person has re-read their targets.

Confirming a link writes its target's stamp (:mod:`handbook.stamps`) into the lock file
beside ``mkdocs.yml``: one line per link, so the confirmation shows in the pull request's
diff. Every other link's line is kept as it was; the file is replaced atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handbook.authoring.lifecycle import ChangeSet, LifecycleError
from handbook.load import Corpus
from handbook.model import Item
from handbook.references import Reference, collect_references
from handbook.settings import Settings
from handbook.stamps import LOCK_FILE, Lock, changed_parts, link_key, parse_lock, render_lock
from handbook.stamps import stamp_of as _stamp_of


@dataclass(slots=True)
class Review:
    """What a review confirms: the new lock file (in ``changes``) and counts for the user."""

    changes: ChangeSet = field(default_factory=ChangeSet)
    confirmed: int = 0
    suspect: int = 0
    """How many of the confirmed links were suspect."""
    dropped: int = 0
    """Stamps of links no longer written, removed."""


def lock_path(settings: Settings) -> Path:
    return settings.project_root / LOCK_FILE


def read_lock_file(settings: Settings) -> tuple[str, Lock]:
    """The lock file's text and what it says; raises :class:`LifecycleError` when it cannot
    be read (it is never overwritten then)."""
    path = lock_path(settings)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", Lock()
    except (OSError, UnicodeDecodeError) as error:
        raise LifecycleError(f"{LOCK_FILE} cannot be read: {error}") from None
    lock = parse_lock(text)
    if lock.problem is not None:
        raise LifecycleError(f"{LOCK_FILE}: {lock.problem}; fix it first, nothing was written")
    return text, lock


def review(
    settings: Settings,
    corpus: Corpus,
    item_id: str | None,
    targets: Sequence[str] = (),
) -> Review:
    """Confirm the links that ``item_id`` writes (only those to ``targets`` when given), or
    every link of the handbook when ``item_id`` is None."""
    text, lock = read_lock_file(settings)
    relation_keys = settings.relations.keys
    items = _items_by_id(corpus)
    references = list(collect_references(corpus.items, settings.relations))
    if item_id is not None:
        _check_item(item_id, items)
        references = [r for r in references if r.writer.id == item_id]
        missing = [t for t in targets if t not in {r.target_id for r in references}]
        if missing:
            raise LifecycleError(f"{item_id} has no link to {', '.join(missing)}")
        if targets:
            references = [r for r in references if r.target_id in targets]
    chosen = [r for r in references if r.writer.id is not None and r.target_id in items]
    if item_id is not None and not chosen:
        raise LifecycleError(f"{item_id} writes no link to an item of the handbook")
    result = Review()
    stamps = dict(lock.stamps)
    for reference in chosen:
        assert reference.writer.id is not None
        key = link_key(reference.writer.id, reference.key, reference.target_id)
        now = _stamp_of(items[reference.target_id], relation_keys)
        before = stamps.get(key)
        if before is not None and changed_parts(before, now):
            result.suspect += 1
            result.changes.notes.append(
                f"confirmed {key} (changed: {', '.join(changed_parts(before, now))})"
            )
        stamps[key] = now
        result.confirmed += 1
    written = {_key_of(r) for r in collect_references(corpus.items, settings.relations)}
    for key in sorted(stamps):
        stale = key not in written
        if stale and (item_id is None or key.split(" ", 1)[0] == item_id):
            del stamps[key]
            result.dropped += 1
            result.changes.notes.append(f"dropped {key} (no longer written)")
    new_text = render_lock(stamps)
    if text and render_lock(lock.stamps) != text:
        result.changes.notes.append(
            f"{LOCK_FILE} was not in its own layout (edited by hand?); it is written in it, "
            "every stamp kept"
        )
    if new_text != text:
        result.changes.files[lock_path(settings)] = new_text.encode("utf-8")
    return result


def _key_of(reference: Reference) -> str | None:
    writer = reference.writer.id
    return None if writer is None else link_key(writer, reference.key, reference.target_id)


def _items_by_id(corpus: Corpus) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for item in corpus.items:
        if item.id is not None:
            items.setdefault(item.id, item)
    return items


def _check_item(item_id: str, items: dict[str, Item]) -> None:
    if item_id not in items:
        raise LifecycleError(f"no item has the id {item_id}")
