"""Lint two revisions of a handbook and say what changed between them, as a plain value.

Both sides are read by the linter's own loader and rules (:func:`handbook.lint.lint`), with
the working tree's configuration. Items are matched by id, so an item keeps its history when
its file is renamed; items without an id are matched by their file, followed through git's
rename detection. Findings are matched by a fingerprint of rule, item (or file) and message
with line numbers left out, so a finding that only moved is neither introduced nor fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.diff import git
from handbook.finding import Finding
from handbook.gate_specs import GateConfigError
from handbook.gates import MET, NOT_MET, Runway, Shared, evaluate
from handbook.graph import ItemGraph
from handbook.lint import LintResult, lint
from handbook.model import Item
from handbook.settings import Settings
from handbook.stamps import BODY, LOCK_FILE, canonical, normalise_body

WORKING_TREE = "working tree"


@dataclass(slots=True)
class Side:
    """One revision, linted: its label (a commit, or the working tree) and its run."""

    label: str
    result: LintResult
    runway: Runway | None
    gate_error: str | None = None
    shared: Shared | None = None
    """The gates' outcomes, shared with the side read second (see :class:`Shared`)."""


@dataclass(slots=True)
class Revisions:
    """What to compare, resolved: the repository, the base commit, the head (None: the
    working tree), and the paths of the docs directory and lock file from its top."""

    repo: Path
    base: str
    base_label: str
    head: str | None
    head_label: str
    docs_prefix: str
    lock_path: str


def resolve_revisions(settings: Settings, base: str | None, head: str | None) -> Revisions:
    """Find the repository and the two revisions; raises :class:`git.GitError`."""
    repo = git.toplevel(settings.project_root)
    try:
        docs = settings.docs_dir.resolve().relative_to(repo).as_posix()
        root = settings.project_root.resolve().relative_to(repo).as_posix()
    except ValueError:
        raise git.GitError(f"{settings.docs_dir} is not inside the repository {repo}") from None
    docs = "" if docs == "." else docs
    lock = LOCK_FILE if root == "." else f"{root}/{LOCK_FILE}"
    if base is None:
        branch = git.default_branch(repo)
        base_commit = git.merge_base(repo, branch)
        base_label = f"merge base with {branch} ({base_commit[:10]})"
    else:
        base_commit = git.resolve(repo, base)
        base_label = f"{base} ({base_commit[:10]})"
    head_commit, head_label = None, WORKING_TREE
    if head is not None:
        head_commit = git.resolve(repo, head)
        head_label = f"{head} ({head_commit[:10]})"
    return Revisions(repo, base_commit, base_label, head_commit, head_label, docs, lock)


def read_side(
    settings: Settings,
    revisions: Revisions,
    commit: str | None,
    label: str,
    other: Side | None = None,
) -> Side:
    """Lint one side: a commit read from git objects, or (None) the working tree. The files
    of ``other`` (the side read first) whose text is the same are not parsed again, and the
    gates' expressions are not evaluated again on the items whose inputs are the same."""
    if commit is None:
        result = lint(settings)
    else:
        prefix = revisions.docs_prefix
        tree = git.read_tree(revisions.repo, commit, [prefix], [revisions.lock_path])
        lock_bytes = tree.files.pop(revisions.lock_path, b"")
        start = len(prefix) + 1 if prefix else 0
        sources = {
            path[start:]: data
            for path, data in tree.files.items()
            if not prefix or path.startswith(prefix + "/")
        }
        reuse = {d.docs_path: d.source for d in other.result.corpus.documents} if other else None
        lock = lock_bytes.decode("utf-8", "replace")
        result = lint(settings, sources=sources, links_lock=lock, reuse=reuse)
    shared = other.shared if other is not None else Shared()
    try:
        runway: Runway | None = evaluate(result, settings, shared=shared)
        error = None
    except GateConfigError as problem:
        runway, error = None, str(problem)
    return Side(label, result, runway, error, shared)


# Comparing.


@dataclass(slots=True)
class Comparison:
    """The meaning of the change, as plain values (the JSON contract's ``changes``)."""

    base: Side
    head: Side
    items_added: list[dict[str, Any]] = field(default_factory=list)
    items_removed: list[dict[str, Any]] = field(default_factory=list)
    items_changed: list[dict[str, Any]] = field(default_factory=list)
    relations_added: list[dict[str, str]] = field(default_factory=list)
    relations_removed: list[dict[str, str]] = field(default_factory=list)
    findings_introduced: list[Finding] = field(default_factory=list)
    findings_fixed: list[Finding] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)
    impact_changed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gate_regressions(self) -> list[dict[str, Any]]:
        return [g for g in self.gates if g["before"] == MET and g["after"] == NOT_MET]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.items_added,
                self.items_removed,
                self.items_changed,
                self.relations_added,
                self.relations_removed,
                self.findings_introduced,
                self.findings_fixed,
                self.impact_changed,
                [g for g in self.gates if g["before"] != g["after"] or g["conditions"]],
            )
        )


def compare(base: Side, head: Side, moved: Mapping[str, str], settings: Settings) -> Comparison:
    """What changed from ``base`` to ``head``; ``moved`` maps renamed docs paths (from the
    project root) old → new."""
    out = Comparison(base, head)
    relation_keys = set(settings.relations.keys)
    before = _items(base.result.corpus.items, moved)
    after = _items(head.result.corpus.items, {})
    for key in sorted(after.keys() - before.keys()):
        out.items_added.append(_summary(after[key]))
    for key in sorted(before.keys() - after.keys()):
        out.items_removed.append(_summary(before[key]))
    for key in sorted(after.keys() & before.keys()):
        changes = _field_changes(before[key], after[key], relation_keys)
        old_path = before[key].document.rel_path
        if changes or old_path != after[key].document.rel_path:
            entry = _summary(after[key])
            if old_path != entry["path"]:
                entry["renamed_from"] = old_path
            entry["changes"] = changes
            heat = _heat(before[key], after[key])
            if heat is not None:
                entry["heat"] = heat
            out.items_changed.append(entry)
    base_graph, head_graph = base.result.graph, head.result.graph
    base_edges, head_edges = _edges(base_graph), _edges(head_graph)
    out.relations_added = [_edge(e) for e in sorted(head_edges - base_edges)]
    out.relations_removed = [_edge(e) for e in sorted(base_edges - head_edges)]
    out.findings_introduced, out.findings_fixed = _findings(
        base.result.findings, head.result.findings, moved
    )
    out.gates = _gates(base.runway, head.runway)
    touched = {e[0] for e in base_edges ^ head_edges} | {e[2] for e in base_edges ^ head_edges}
    touched |= {str(i["id"]) for i in out.items_added + out.items_removed if i["id"]}
    out.impact_changed = _impact(base_graph, head_graph, touched)
    return out


def _items(items: list[Item], moved: Mapping[str, str]) -> dict[tuple[str, ...], Item]:
    found: dict[tuple[str, ...], Item] = {}
    for item in items:
        if item.id is not None:
            key: tuple[str, ...] = ("id", item.id)
        else:
            path = moved.get(item.document.rel_path, item.document.rel_path)
            key = ("path", path, *map(str, item.node_path))
        found.setdefault(key, item)
    return found


def _summary(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.name,
        "title": item.title,
        "status": item.status,
        "path": item.document.rel_path,
        "line": item.line,
    }


def _json_value(value: object) -> object:
    return json.loads(canonical(value))


def _field_changes(old: Item, new: Item, relation_keys: set[str]) -> list[dict[str, Any]]:
    if old.data == new.data and (
        old.node_path or old.document.source.body == new.document.source.body
    ):
        return []  # most items of a pull request are untouched: no canonical form needed
    changes: list[dict[str, Any]] = []
    names = [k for k in new.data if k not in relation_keys]
    names += [k for k in old.data if k not in relation_keys and k not in new.data]
    for name in names:
        if name == "id":
            continue
        was, now = old.data.get(name), new.data.get(name)
        if name not in old.data:
            changes.append({"field": name, "change": "added", "after": _json_value(now)})
        elif name not in new.data:
            changes.append({"field": name, "change": "removed", "before": _json_value(was)})
        elif canonical(was) != canonical(now):
            changes.append(
                {
                    "field": name,
                    "change": "changed",
                    "before": _json_value(was),
                    "after": _json_value(now),
                }
            )
    same_text = old.document.source.body == new.document.source.body
    if not old.node_path and not new.node_path and not same_text:
        old_body = normalise_body(old.document.source.body)
        new_body = normalise_body(new.document.source.body)
        if old_body != new_body:
            changes.append({"field": BODY, "change": "changed"})
    return changes


def _heat(old: Item, new: Item) -> dict[str, Any] | None:
    """Where a rated item sits on its kind's heat map (its scored factors, score and level),
    before and after; None when it did not move or the kind rates nothing."""
    facts = new.kind.facts
    if facts.levels is None:
        return None
    computed = facts.computed.get(facts.levels.score)
    if computed is None:
        return None

    def place(item: Item) -> dict[str, Any]:
        data = item.data
        spot: dict[str, Any] = {n: data.get(n) for n in computed.factors}
        spot["score"] = computed.compute(data)
        spot["level"] = facts.level(data)
        return spot

    was, now = place(old), place(new)
    if was == now:
        return None
    direction = "same"
    old_score, new_score = was["score"], now["score"]
    if old_score is not None and new_score is not None and old_score != new_score:
        direction = "up" if new_score > old_score else "down"
    return {"before": was, "after": now, "direction": direction}


Edge = tuple[str, str, str]


def _edges(graph: ItemGraph) -> set[Edge]:
    return {(e.source, e.relation, e.target) for e in graph.edges()}


def _edge(edge: Edge) -> dict[str, str]:
    return {"source": edge[0], "relation": edge[1], "target": edge[2]}


_NUMBERED = frozenset({"line", "lines", "column"})


def _without_line_numbers(message: str) -> str:
    """``message`` with the number after ``line``, ``lines`` or ``column`` made ``N``."""
    words = message.split(" ")
    for index in range(1, len(words)):
        word = words[index]
        digits = word.rstrip(",.;:)").replace("-", "").replace("–", "")
        if words[index - 1] in _NUMBERED and digits.isdigit():
            words[index] = "N" + word[len(word.rstrip(",.;:)")) :]
    return " ".join(words)


def fingerprint(finding: Finding, moved: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    """A finding's identity across revisions: its rule, its item (or file, followed through
    a rename) and its message with line and column numbers left out."""
    where = finding.item or (moved or {}).get(finding.path, finding.path)
    return (finding.code, where, _without_line_numbers(finding.message))


def _findings(
    base: list[Finding], head: list[Finding], moved: Mapping[str, str]
) -> tuple[list[Finding], list[Finding]]:
    before = Counter(fingerprint(f, moved) for f in base)
    after = Counter(fingerprint(f) for f in head)
    introduced, fixed = [], []
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in head:
        key = fingerprint(finding)
        seen[key] += 1
        if seen[key] > before[key]:
            introduced.append(finding)
    seen.clear()
    for finding in base:
        key = fingerprint(finding, moved)
        seen[key] += 1
        if seen[key] > after[key]:
            fixed.append(finding)
    return introduced, fixed


def _gates(base: Runway | None, head: Runway | None) -> list[dict[str, Any]]:
    if base is None or head is None:
        return []
    old = {g.phase: g for g in base.gates}
    rows = []
    for gate in head.gates:
        was = old.get(gate.phase)
        before_conditions = {c.spec.id: c.passed for c in was.conditions} if was else {}
        conditions = [
            {"id": c.spec.id, "before": before_conditions.get(c.spec.id), "after": c.passed}
            for c in gate.conditions
            if before_conditions.get(c.spec.id) != c.passed
        ]
        rows.append(
            {
                "phase": gate.phase,
                "number": gate.number,
                "before": was.state if was else None,
                "after": gate.state,
                "conditions": conditions,
            }
        )
    return rows


_MAX_IMPACT_ROOTS = 2000


def _impact(base: ItemGraph, head: ItemGraph, touched: set[str]) -> list[dict[str, Any]]:
    """Items whose impact set (what relies on them, transitively) differs: only items from
    which a changed edge or item can be reached need looking at."""
    roots = _reaching(base, touched) | _reaching(head, touched)
    rows = []
    for item_id in sorted(roots)[:_MAX_IMPACT_ROOTS]:
        was = {p.item for p in base.impact(item_id)} if item_id in base else set()
        now = {p.item for p in head.impact(item_id)} if item_id in head else set()
        if item_id not in base or item_id not in head or was == now:
            continue
        rows.append({"id": item_id, "added": sorted(now - was), "removed": sorted(was - now)})
    return rows


def _reaching(graph: ItemGraph, touched: set[str]) -> set[str]:
    """``touched`` and every item whose impact walk can reach one of them."""
    seen = {t for t in touched if t in graph}
    frontier = list(seen)
    while frontier:
        node = frontier.pop()
        for _, other in _relied_on(graph, node):
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return seen


def _relied_on(graph: ItemGraph, node: str) -> list[tuple[str, str]]:
    """The items ``node`` relies on (the reverse of the impact walk's steps)."""
    found = []
    relations = graph.relations.relations
    for source, _, name in graph.graph.in_edges(node, keys=True):
        relation = relations.get(name)
        if relation is not None and relation.dependent == "target":
            found.append((name, source))
    for _, target, name in graph.graph.out_edges(node, keys=True):
        relation = relations.get(name)
        if relation is not None and relation.dependent == "source":
            found.append((name, target))
    return found
