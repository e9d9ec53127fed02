"""``handbook status`` and ``handbook supersede``: change frontmatter in place, both sides
of a supersession at once, every byte not concerned left as it was."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor
from handbook.load import Corpus
from handbook.model import Item
from handbook.settings import Settings
from handbook.suggest import did_you_mean


class LifecycleError(Exception):
    """The change cannot be made; the message says why, and nothing was written."""


@dataclass(slots=True)
class ChangeSet:
    """New contents per file, and a line per change for the user."""

    files: dict[Path, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _editors: dict[Path, FrontmatterEditor] = field(default_factory=dict)
    _names: dict[Path, str] = field(default_factory=dict)

    def editor(self, item: Item) -> FrontmatterEditor:
        path = item.document.path
        if path not in self._editors:
            try:
                self._editors[path] = FrontmatterEditor(path.read_bytes())
                self._names[path] = item.document.rel_path
            except (EditError, OSError) as error:
                raise LifecycleError(f"{item.document.rel_path}: {error}") from None
        return self._editors[path]

    def finish(self) -> ChangeSet:
        for path, editor in self._editors.items():
            try:
                editor.check()
            except EditError as error:
                raise LifecycleError(f"{self._names[path]}: {error}") from None
            if editor.result() != editor.original:
                self.files[path] = editor.result()
        return self


def _find(corpus: Corpus, item_id: str) -> Item:
    found = [item for item in corpus.items if item.id == item_id]
    if not found:
        raise LifecycleError(f"no item has the id {item_id}")
    if len(found) > 1:
        places = ", ".join(item.document.rel_path for item in found)
        raise LifecycleError(f"{item_id} is defined more than once ({places}); fix that first")
    return found[0]


def statuses_of(item: Item) -> list[str]:
    return list(item.kind.statuses)


def change_status(corpus: Corpus, item_id: str, status: str) -> ChangeSet:
    """Set the status of ``item_id``; the status must be one its kind allows."""
    item = _find(corpus, item_id)
    allowed = statuses_of(item)
    if allowed and status not in allowed:
        raise LifecycleError(
            f"'{status}' is not a status of kind '{item.kind.name}'"
            f"{did_you_mean(status, allowed)}; use one of: {', '.join(allowed)}"
        )
    changes = ChangeSet()
    if item.status == status:
        changes.notes.append(f"{item_id}: status is already {status}")
        return changes
    try:
        changes.editor(item).set_scalar(item.node_path, "status", status)
    except EditError as error:
        raise LifecycleError(f"{item.document.rel_path}: {error}") from None
    changes.notes.append(f"{item_id}: status {item.status or '(none)'} → {status}")
    return changes.finish()


def supersede(settings: Settings, corpus: Corpus, old_id: str, new_id: str) -> ChangeSet:
    """``new_id`` supersedes ``old_id``: written on both, and the old one's status set."""
    if old_id == new_id:
        raise LifecycleError("an item cannot supersede itself")
    old, new = _find(corpus, old_id), _find(corpus, new_id)
    relation = settings.relations.relations.get("supersedes")
    if relation is None:
        raise LifecycleError("no 'supersedes' relation is defined")
    if not relation.allows_source(new.kind.name) or not relation.allows_target(old.kind.name):
        raise LifecycleError(
            f"kind '{new.kind.name}' cannot supersede kind '{old.kind.name}' "
            f"(supersedes goes from {', '.join(sorted(relation.sources))} "
            f"to {', '.join(sorted(relation.targets))})"
        )
    chain = _chain(corpus, relation.name, relation.inverse, old_id, new_id)
    if chain is not None:
        raise LifecycleError(
            f"{new_id} cannot supersede {old_id}: {' supersedes '.join(chain)} already, so "
            "this would make a supersedes cycle (the order is: handbook supersede OLD NEW)"
        )
    changes = ChangeSet()
    try:
        if changes.editor(new).add_to_list(new.node_path, relation.name, old_id):
            changes.notes.append(f"{new_id}: {relation.name} += {old_id}")
        if changes.editor(old).add_to_list(old.node_path, relation.inverse, new_id):
            changes.notes.append(f"{old_id}: {relation.inverse} += {new_id}")
        if "superseded" in statuses_of(old) and old.status != "superseded":
            changes.editor(old).set_scalar(old.node_path, "status", "superseded")
            changes.notes.append(f"{old_id}: status {old.status or '(none)'} → superseded")
    except EditError as error:
        raise LifecycleError(str(error)) from None
    return changes.finish()


def _chain(corpus: Corpus, name: str, inverse: str, start: str, goal: str) -> list[str] | None:
    """The ids from ``start`` to ``goal`` along ``name`` (``A supersedes B``, written on A or
    as ``inverse`` on B), or None when ``start`` does not lead to ``goal``. Breadth first,
    each id visited once."""
    following: dict[str, set[str]] = {}
    for item in corpus.items:
        if item.id is None:
            continue
        for target in _ids(item.data.get(name)):
            following.setdefault(item.id, set()).add(target)
        for source in _ids(item.data.get(inverse)):
            following.setdefault(source, set()).add(item.id)
    came_from: dict[str, str] = {start: start}
    frontier = [start]
    while frontier:
        step: list[str] = []
        for node in frontier:
            for nxt in sorted(following.get(node, ())):
                if nxt in came_from:
                    continue
                came_from[nxt] = node
                if nxt == goal:
                    path = [goal]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1]
                step.append(nxt)
        frontier = step
    return None


def _ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [entry for entry in value if isinstance(entry, str)]
    return []
