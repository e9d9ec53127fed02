"""The item graph: every item a node, every relation an edge, built once per run.

Edges are stored once, under their forward relation name, whichever side declared them; each
keeps the references that declared it, so a finding or an export can name file and line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handbook.model import Item
from handbook.references import Reference
from handbook.relations import RelationRegistry

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class Edge:
    """One relation between two items, with every reference that declares it."""

    source: str
    target: str
    relation: str
    declared_by: tuple[Reference, ...]


@dataclass(frozen=True, slots=True)
class ImpactPath:
    """An item reached by impact analysis, and the chain of edges that reaches it."""

    item: str
    steps: tuple[tuple[str, str, str], ...]
    """(from id, relation, to id) for each edge walked, in order."""


class ItemGraph:
    """A :class:`networkx.MultiDiGraph` of items keyed by id, edges keyed by relation."""

    def __init__(self, relations: RelationRegistry) -> None:
        # Imported here: networkx takes a tenth of a second to import, and commands that never
        # build a graph (a pre-commit lint of one file with graph rules off) need not pay it.
        import networkx

        self.relations = relations
        self.graph: nx.MultiDiGraph = networkx.MultiDiGraph()
        self.items: dict[str, Item] = {}

    @classmethod
    def build(
        cls,
        items: Iterable[Item],
        references: Iterable[Reference],
        relations: RelationRegistry,
    ) -> ItemGraph:
        """One pass over items and one over references: linear in their number."""
        self = cls(relations)
        graph = self.graph
        for item in items:
            if item.id is not None and item.id not in self.items:
                self.items[item.id] = item
                graph.add_node(item.id)
        declared: dict[tuple[str, str, str], list[Reference]] = {}
        for reference in references:
            target = self.items.get(reference.target_id)
            writer = reference.writer
            if target is None or writer.id is None or self.items.get(writer.id) is not writer:
                continue
            source, end = reference.endpoints(target)
            assert source.id is not None and end.id is not None
            relation = reference.relation_key.relation
            ends = (source.id, end.id)
            if relation.symmetric:
                ends = (min(ends), max(ends))
            declared.setdefault((*ends, relation.name), []).append(reference)
        for (source_id, target_id, name), refs in declared.items():
            graph.add_edge(source_id, target_id, key=name, declared_by=tuple(refs))
        return self

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def edges(self) -> Iterator[Edge]:
        """Every edge, sorted by source, target and relation."""
        rows = sorted(self.graph.edges(keys=True, data="declared_by"))
        for source, target, relation, declared_by in rows:
            yield Edge(source, target, relation, declared_by)

    def outgoing(self, item_id: str, relation: str) -> list[str]:
        """Targets of ``item_id``'s ``relation`` edges, sorted."""
        return sorted(
            target for _, target, key in self.graph.out_edges(item_id, keys=True) if key == relation
        )

    def incoming(self, item_id: str, relation: str) -> list[str]:
        """Sources of ``relation`` edges that end at ``item_id``, sorted."""
        return sorted(
            source for source, _, key in self.graph.in_edges(item_id, keys=True) if key == relation
        )

    def neighbourhood(self, item_id: str, depth: int) -> set[str]:
        """Ids within ``depth`` edges of ``item_id``, in either direction."""
        seen = {item_id}
        frontier = [item_id]
        for _ in range(depth):
            following = []
            for node in frontier:
                for other in (*self.graph.successors(node), *self.graph.predecessors(node)):
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
            frontier = following
        return seen

    def impact(self, item_id: str, relations: Iterable[str] = ()) -> list[ImpactPath]:
        """Everything that relies on ``item_id``, directly or through others, with the chain.

        Each relation declares which end relies on the other (``dependent``); the walk goes
        from an item to its dependents, breadth first, so each path is a shortest one.
        With ``relations``, only edges of those relations are walked.
        """
        only = set(relations)
        paths: dict[str, tuple[tuple[str, str, str], ...]] = {item_id: ()}
        queue = deque([item_id])
        while queue:
            node = queue.popleft()
            for step, other in sorted(self._dependents(node)):
                if only and step[1] not in only and self._forward_name(step[1]) not in only:
                    continue
                if other not in paths:
                    paths[other] = (*paths[node], step)
                    queue.append(other)
        return [ImpactPath(node, steps) for node, steps in sorted(paths.items()) if steps]

    def _forward_name(self, key: str) -> str:
        relation_key = self.relations.key(key)
        return relation_key.relation.name if relation_key else key

    def _dependents(self, node: str) -> Iterator[tuple[tuple[str, str, str], str]]:
        for _, target, name in self.graph.out_edges(node, keys=True):
            relation = self.relations.relations.get(name)
            if relation is not None and relation.dependent == "target":
                yield (node, name, target), target
        for source, _, name in self.graph.in_edges(node, keys=True):
            relation = self.relations.relations.get(name)
            if relation is not None and relation.dependent == "source":
                yield (node, relation.inverse, source), source

    def subgraph(
        self,
        keep: set[str] | None = None,
        kinds: Iterable[str] = (),
        relations: Iterable[str] = (),
    ) -> ItemGraph:
        """A copy limited to the ids in ``keep``, items of ``kinds`` and edges of ``relations``
        (each filter applies only when given)."""
        wanted_kinds, wanted_relations = set(kinds), set(relations)
        copy = ItemGraph(self.relations)
        for item_id, item in self.items.items():
            if keep is not None and item_id not in keep:
                continue
            if wanted_kinds and item.kind.name not in wanted_kinds:
                continue
            copy.items[item_id] = item
            copy.graph.add_node(item_id)
        for source, target, name, data in self.graph.edges(keys=True, data=True):
            if (
                source in copy.items
                and target in copy.items
                and (not wanted_relations or name in wanted_relations)
            ):
                copy.graph.add_edge(source, target, key=name, **data)
        return copy
