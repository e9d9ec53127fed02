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

Ends = Reference | list[Reference] | tuple[Reference, ...]
"""An item's edges at one end: the first reference of each (see :class:`ItemGraph`)."""


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

    Held compactly for a lint run: an edge is the first reference that declares it, listed
    under its source's id and its target's, and its key is read from that reference when
    asked for (:func:`edge_key`); a :class:`networkx.MultiDiGraph` took about a kilobyte an
    item, and a key tuple and a dict entry for each edge another 120 bytes (50 MB for a
    corpus of 400,000 references). :attr:`graph` builds that MultiDiGraph when a command
    asks for it (the site, ``diff``, the gates), node for node and edge for edge as it was
    always built.
    """

    def __init__(self, relations: RelationRegistry) -> None:
        self.relations = relations
        self.items: dict[str, Item] = {}
        self._order: list[Reference] = []
        """Every edge, as the first reference that declares it, in the order declared."""
        self._more: dict[int, tuple[Reference, ...]] = {}
        """The references of the edges more than one declares, by the ``id`` of the first
        (held by :attr:`_order`, so the id is not reused)."""
        self._out: dict[str, Ends] = {}
        self._in: dict[str, Ends] = {}
        """Each item's edges out and in: its one edge, a list when it has more (a tuple once
        :meth:`build` is done: a list keeps room to grow)."""
        self._wide: dict[str, dict[EdgeKey, Reference]] = {}
        """The edges out of an item with more than :data:`WIDE_FROM` of them, by key: a new
        reference finds its edge there instead of among all the item's edges."""
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
        known = self.items
        for reference in references:
            writer = reference.writer
            if (
                reference.target_id not in known
                or writer.id is None
                or known.get(writer.id) is not writer
            ):
                continue
            key = edge_key(reference)
            first = self._find(key)
            if first is None:
                self._add(key, reference)
            else:
                self._more[id(first)] = (*self._more.get(id(first), (first,)), reference)
        for ends in (self._out, self._in):
            for end, held in ends.items():  # values replaced, never keys: no resize
                if isinstance(held, list):
                    ends[end] = tuple(held)
        return self

    def _find(self, key: EdgeKey) -> Reference | None:
        """The first reference of the edge ``key``, if it is one already."""
        wide = self._wide.get(key[0])
        if wide is not None:
            return wide.get(key)
        source, target, name = key
        for reference in _listed(self._out.get(source)):
            # edge_key(reference) == key, without making the key: the other end, the name.
            if _far(reference, source) == target and reference.relation_key.relation.name == name:
                return reference
        return None

    def _add(self, key: EdgeKey, reference: Reference) -> None:
        self._order.append(reference)
        for ends, end in ((self._out, key[0]), (self._in, key[1])):
            known = ends.get(end)
            if known is None:
                ends[end] = reference
            elif isinstance(known, list):
                known.append(reference)
            elif isinstance(known, tuple):
                ends[end] = [*known, reference]
            else:
                ends[end] = [known, reference]
        source = key[0]
        wide = self._wide.get(source)
        if wide is not None:
            wide[key] = reference
        else:
            out = self._out[source]
            if isinstance(out, list) and len(out) > WIDE_FROM:
                self._wide[source] = {edge_key(known): known for known in out}

    def _ends(self, ends: dict[str, Ends], item_id: str) -> Iterator[tuple[str, str]]:
        """The other end and the relation name of each edge of ``item_id`` in ``ends``
        (:attr:`_out` or :attr:`_in`), read from its references without its key."""
        for reference in _listed(ends.get(item_id)):
            yield _far(reference, item_id), reference.relation_key.relation.name

    def _declared(self, first: Reference) -> tuple[Reference, ...]:
        return self._more.get(id(first)) or (first,)

    def declared_by(self, key: EdgeKey) -> tuple[Reference, ...]:
        """The references that declare the edge ``key`` (source, target, relation)."""
        first = self._find(key)
        if first is None:
            raise KeyError(key)
        return self._declared(first)

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
            for first in self._order:
                source, target, name = edge_key(first)
                graph.add_edge(source, target, key=name, declared_by=self._declared(first))
            self._networkx = graph
        return self._networkx

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def edges(self) -> Iterator[Edge]:
        """Every edge, sorted by source, target and relation."""
        # Source by source (sorted), each one's few edges sorted: the same order as all the
        # keys sorted, without a key held for every edge at once.
        for source in sorted(self._out):
            keyed = sorted((edge_key(first), first) for first in _listed(self._out[source]))
            for key, first in keyed:
                yield Edge(*key, self._declared(first))

    def outgoing(self, item_id: str, relation: str) -> list[str]:
        """Targets of ``item_id``'s ``relation`` edges, sorted."""
        return sorted(
            _far(reference, item_id)
            for reference in _listed(self._out.get(item_id))
            if reference.relation_key.relation.name == relation
        )

    def incoming(self, item_id: str, relation: str) -> list[str]:
        """Sources of ``relation`` edges that end at ``item_id``, sorted."""
        return sorted(
            _far(reference, item_id)
            for reference in _listed(self._in.get(item_id))
            if reference.relation_key.relation.name == relation
        )

    def neighbourhood(self, item_id: str, depth: int) -> set[str]:
        """Ids within ``depth`` edges of ``item_id``, in either direction."""
        if item_id not in self.items:
            raise KeyError(item_id)
        seen = {item_id}
        frontier = [item_id]
        for _ in range(depth):
            following = []
            for node in frontier:
                for reference in (*_listed(self._out.get(node)), *_listed(self._in.get(node))):
                    other = _far(reference, node)
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
        for target, name in self._ends(self._out, node):
            relation = self.relations.relations.get(name)
            if relation is not None and relation.dependent == "target":
                yield (node, name, target), target
        for source, name in self._ends(self._in, node):
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
        for first in self._networkx_order():
            key = edge_key(first)
            source, target, name = key
            if (
                source in copy.items
                and target in copy.items
                and (not wanted_relations or name in wanted_relations)
            ):
                copy._add(key, first)
                more = self._more.get(id(first))
                if more is not None:
                    copy._more[id(first)] = more
        return copy

    def _networkx_order(self) -> Iterator[Reference]:
        """The edges by source in the items' order, each source's in the order declared: a
        copy's own graph is then built as a copy of the MultiDiGraph was (its predecessors
        in the items' order; a MultiDiGraph lists a source's edges by target, in the order
        of its first edge to each, whatever order they were added in)."""
        for source in self.items:
            yield from _listed(self._out.get(source))


WIDE_FROM = 32
"""How many edges out of one item are looked through, one by one, for the edge of a new
reference: past that, the item's edges are kept by key too (a release plan that names
thousands of risks would otherwise cost its square)."""


def _far(reference: Reference, end: str) -> str:
    """The other end of the edge ``reference`` declares, seen from its end ``end``: the
    edge joins the writer and the target, whichever way it points."""
    writer = reference.writer.id
    assert writer is not None
    return reference.target_id if writer == end else writer


def edge_key(reference: Reference) -> EdgeKey:
    """The edge ``reference`` declares, as (source id, target id, relation name): stored
    under its forward name whichever side wrote it, its ends in order for a symmetric one."""
    relation_key = reference.relation_key
    writer = reference.writer.id
    assert writer is not None
    relation = relation_key.relation
    if relation.symmetric:
        low, high = sorted((writer, reference.target_id))
        return (low, high, relation.name)
    if relation_key.forward:
        return (writer, reference.target_id, relation.name)
    return (reference.target_id, writer, relation.name)


def _listed(found: Ends | None) -> Sequence[Reference]:
    if found is None:
        return ()
    return found if isinstance(found, (list, tuple)) else (found,)
