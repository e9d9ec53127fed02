"""The item graph: every item a node, every relation an edge, built once per run.

Edges are stored once, under their forward relation name, whichever side declared them; each
keeps the references that declared it, so a finding or an export can name file and line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handbook.model import Item
from handbook.references import Reference
from handbook.relations import RelationRegistry

if TYPE_CHECKING:
    import networkx as nx


EdgeKey = tuple[str, str, str]
"""An edge: (source id, target id, relation name)."""


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
    """The items of a run keyed by id, and their edges keyed by (source, target, relation).

    Held compactly for a lint run (a dict of edges and each item's edges out and in, only for
    items that have some): a :class:`networkx.MultiDiGraph` took about a kilobyte an item.
    :attr:`graph` builds that MultiDiGraph when a command asks for it (the site, ``diff``,
    the gates), node for node and edge for edge as it was always built.
    """

    def __init__(self, relations: RelationRegistry) -> None:
        self.relations = relations
        self.items: dict[str, Item] = {}
        self._edges: dict[EdgeKey, Reference | tuple[Reference, ...]] = {}
        """Every edge, in the order first declared, with the reference that declares it
        (a tuple of them when more than one does: one reference is by far the most)."""
        self._out: dict[str, EdgeKey | list[EdgeKey]] = {}
        self._in: dict[str, EdgeKey | list[EdgeKey]] = {}
        """Each item's edges out and in: the key of its one edge, a list when it has more."""
        self._networkx: nx.MultiDiGraph | None = None

    @classmethod
    def build(
        cls,
        items: Iterable[Item],
        references: Iterable[Reference],
        relations: RelationRegistry,
        first_by_id: dict[str, Item] | None = None,
    ) -> ItemGraph:
        """One pass over items and one over references: linear in their number.

        ``first_by_id``, when given, is the first of ``items`` of each id, already read: the
        graph's :attr:`items` is then that dict (one for the run, not two)."""
        self = cls(relations)
        if first_by_id is not None:
            self.items = first_by_id
        else:
            for item in items:
                if item.id is not None and item.id not in self.items:
                    self.items[item.id] = item
        edges = self._edges
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
            key = (*ends, relation.name)
            known = edges.get(key)
            if known is None:
                edges[key] = reference
                self._add_ends(key)
            elif isinstance(known, tuple):
                edges[key] = (*known, reference)
            else:
                edges[key] = (known, reference)
        return self

    def _add_ends(self, key: EdgeKey) -> None:
        for ends, end in ((self._out, key[0]), (self._in, key[1])):
            known = ends.get(end)
            if known is None:
                ends[end] = key
            elif isinstance(known, list):
                known.append(key)
            else:
                ends[end] = [known, key]

    def _edges_out(self, item_id: str) -> Sequence[EdgeKey]:
        return _listed(self._out.get(item_id))

    def _edges_in(self, item_id: str) -> Sequence[EdgeKey]:
        return _listed(self._in.get(item_id))

    def declared_by(self, key: EdgeKey) -> tuple[Reference, ...]:
        """The references that declare the edge ``key`` (source, target, relation)."""
        value = self._edges[key]
        return value if isinstance(value, tuple) else (value,)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph as a :class:`networkx.MultiDiGraph` (nodes in the items' order, edges in
        the order declared, each with its ``declared_by``), built when first asked for."""
        if self._networkx is None:
            # Imported here: networkx takes a tenth of a second to import, and a lint run
            # never needs it.
            import networkx

            graph = networkx.MultiDiGraph()
            graph.add_nodes_from(self.items)
            for key in self._edges:
                source, target, name = key
                graph.add_edge(source, target, key=name, declared_by=self.declared_by(key))
            self._networkx = graph
        return self._networkx

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def edges(self) -> Iterator[Edge]:
        """Every edge, sorted by source, target and relation."""
        for key in sorted(self._edges):
            yield Edge(*key, self.declared_by(key))

    def outgoing(self, item_id: str, relation: str) -> list[str]:
        """Targets of ``item_id``'s ``relation`` edges, sorted."""
        return sorted(target for _, target, key in self._edges_out(item_id) if key == relation)

    def incoming(self, item_id: str, relation: str) -> list[str]:
        """Sources of ``relation`` edges that end at ``item_id``, sorted."""
        return sorted(source for source, _, key in self._edges_in(item_id) if key == relation)

    def neighbourhood(self, item_id: str, depth: int) -> set[str]:
        """Ids within ``depth`` edges of ``item_id``, in either direction."""
        if item_id not in self.items:
            raise KeyError(item_id)
        seen = {item_id}
        frontier = [item_id]
        for _ in range(depth):
            following = []
            for node in frontier:
                for _, other, _ in self._edges_out(node):
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
                for other, _, _ in self._edges_in(node):
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
        for _, target, name in self._edges_out(node):
            relation = self.relations.relations.get(name)
            if relation is not None and relation.dependent == "target":
                yield (node, name, target), target
        for source, _, name in self._edges_in(node):
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
        for key in self._networkx_order():
            source, target, name = key
            if (
                source in copy.items
                and target in copy.items
                and (not wanted_relations or name in wanted_relations)
            ):
                copy._edges[key] = self._edges[key]
                copy._add_ends(key)
        return copy

    def _networkx_order(self) -> Iterator[EdgeKey]:
        """The edges by source in the items' order, each source's in the order declared: a
        copy's own graph is then built as a copy of the MultiDiGraph was (its predecessors
        in the items' order; a MultiDiGraph lists a source's edges by target, in the order
        of its first edge to each, whatever order they were added in)."""
        for source in self.items:
            yield from self._edges_out(source)


def _listed(found: EdgeKey | list[EdgeKey] | None) -> Sequence[EdgeKey]:
    if found is None:
        return ()
    return found if isinstance(found, list) else (found,)
