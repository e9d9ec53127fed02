"""The compact item graph holds each edge as the first reference that declares it: whatever
the references, it answers every question as the graph of key tuples it replaced."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from handbook import graph as graph_module
from handbook import settings_for_docs
from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.references import Reference

RELATIONS = settings_for_docs(Path(__file__).parent / "fixtures" / "graph" / "docs").relations
KEYS = sorted(RELATIONS.keys)
IDS = ["A", "B", "C", "D", "E"]
ADR: Any = SimpleNamespace(name="adr")
"""The kind of every item here: the graph reads only its name."""


def _items(ids: Iterable[str]) -> dict[str, Item]:
    """An item of each id, by id, with no data and no document (the graph reads neither)."""
    return {item_id: Item(item_id, ADR, {}, None) for item_id in ids}  # type: ignore[arg-type]


def _naive(
    items: dict[str, Item], references: list[Reference]
) -> dict[tuple[str, str, str], list[Reference]]:
    """The edges as the graph of key tuples built them, in the order first declared."""
    edges: dict[tuple[str, str, str], list[Reference]] = {}
    for reference in references:
        target, writer = items.get(reference.target_id), reference.writer
        if target is None or writer.id is None or items.get(writer.id) is not writer:
            continue
        source, end = reference.endpoints(target)
        assert source.id is not None and end.id is not None
        relation = reference.relation_key.relation
        ends = (source.id, end.id)
        if relation.symmetric:
            ends = (min(ends), max(ends))
        edges.setdefault((*ends, relation.name), []).append(reference)
    return edges


references_strategy = st.lists(
    st.tuples(st.sampled_from(IDS), st.sampled_from(KEYS), st.sampled_from([*IDS, "MISSING"])),
    max_size=60,
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(written=references_strategy, wide_from=st.sampled_from([0, 1, 2, 32]))
def test_the_compact_graph_answers_as_the_graph_of_keys(
    written: list[tuple[str, str, str]], wide_from: int
) -> None:
    items = _items(IDS)
    stranger = Item("A", ADR, {}, None)  # type: ignore[arg-type]  # a second A: not the graph's
    references = [
        Reference(
            stranger if index % 7 == 6 else items[writer],
            RELATIONS.keys[key],
            index,
            target,
        )
        for index, (writer, key, target) in enumerate(written)
    ]
    # A reference reads the key it is written under from its relation key.
    assert [reference.key for reference in references] == [key for _, key, _ in written]
    expected = _naive(items, references)
    real = graph_module.WIDE_FROM
    graph_module.WIDE_FROM = wide_from
    try:
        graph = ItemGraph.build(items.values(), references, RELATIONS)
    finally:
        graph_module.WIDE_FROM = real
    assert [(e.source, e.target, e.relation, e.declared_by) for e in graph.edges()] == [
        (*key, tuple(refs)) for key, refs in sorted(expected.items())
    ]
    for key, refs in expected.items():
        assert graph.declared_by(key) == tuple(refs)
    networkx = graph.graph
    assert [(s, t, k, d["declared_by"]) for s, t, k, d in networkx.edges(keys=True, data=True)] == [
        (s, t, k, d["declared_by"])
        for s, t, k, d in _networkx(expected).edges(keys=True, data=True)
    ]
    for item_id in IDS:
        for name in {relation for _, _, relation in expected} | {"mitigates"}:
            assert graph.outgoing(item_id, name) == sorted(
                t for s, t, n in expected if s == item_id and n == name
            )
            assert graph.incoming(item_id, name) == sorted(
                s for s, t, n in expected if t == item_id and n == name
            )
        near = {item_id}
        for s, t, _ in expected:
            if item_id in (s, t):
                near |= {s, t}
        assert graph.neighbourhood(item_id, 1) == near
    copy = graph.subgraph(keep={"A", "B", "C"})
    assert [e.declared_by for e in copy.edges()] == [
        tuple(refs) for (s, t, _), refs in sorted(expected.items()) if {s, t} <= {"A", "B", "C"}
    ]


def _networkx(edges: dict[tuple[str, str, str], list[Reference]]) -> Any:
    import networkx

    graph = networkx.MultiDiGraph()
    graph.add_nodes_from(IDS)
    for (source, target, name), refs in edges.items():
        graph.add_edge(source, target, key=name, declared_by=tuple(refs))
    return graph


def test_a_built_graph_holds_each_end_s_edges_without_room_to_grow() -> None:
    items = _items(IDS)
    key = RELATIONS.keys["mitigates"]
    references = [Reference(items["A"], key, index, t) for index, t in enumerate("BCD")]
    graph = ItemGraph.build(items.values(), references, RELATIONS)
    assert graph._out["A"] == tuple(references)  # a list of three kept room for four
    # An edge added later (as a copy is made) still joins the others.
    late = Reference(items["A"], key, 3, "E")
    graph._add(graph_module.edge_key(late), late)
    assert graph.outgoing("A", "mitigates") == ["B", "C", "D", "E"]
    assert graph.incoming("E", "mitigates") == ["A"]


def _fan(count: int) -> tuple[ItemGraph, list[Reference]]:
    """A graph where ``S`` mitigates ``count`` items, each once."""
    items = _items(["S", *(f"T{n}" for n in range(count))])
    key = RELATIONS.keys["mitigates"]
    references = [Reference(items["S"], key, n, f"T{n}") for n in range(count)]
    return ItemGraph.build(items.values(), references, RELATIONS), references


def test_a_source_with_more_edges_than_wide_from_is_indexed_once_by_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert graph_module.WIDE_FROM == 32
    narrow, _ = _fan(32)
    assert "S" not in narrow._wide  # as many as WIDE_FROM: walked, not indexed
    keys: list[Reference] = []
    edge_key = graph_module.edge_key

    def counted(reference: Reference) -> tuple[str, str, str]:
        keys.append(reference)
        return edge_key(reference)

    monkeypatch.setattr(graph_module, "edge_key", counted)
    wide, references = _fan(40)
    # One key each as it is added, and one each for the 33 the index was made from, once.
    assert len(keys) == 40 + 33
    assert wide._wide["S"] == {edge_key(r): r for r in references}

    # Found by its key: the source's edges are not walked (a register has 500).
    def walked(reference: Reference, end: str) -> str:
        raise AssertionError("walked the edges of a source indexed by key")

    monkeypatch.setattr(graph_module, "_far", walked)
    assert wide.declared_by(("S", "T39", "mitigates")) == (references[39],)
    with pytest.raises(KeyError) as raised:
        wide.declared_by(("S", "T40", "mitigates"))
    assert raised.value.args == (("S", "T40", "mitigates"),)


def test_an_edge_declared_from_both_ends_keeps_both_in_edges_and_in_a_subgraph() -> None:
    items = _items("ABC")
    forward = Reference(items["A"], RELATIONS.keys["mitigates"], 0, "B")
    inverse = Reference(items["B"], RELATIONS.keys["mitigated-by"], 0, "A")
    once = Reference(items["A"], RELATIONS.keys["mitigates"], 1, "C")
    graph = ItemGraph.build(items.values(), [forward, once, inverse], RELATIONS)
    expected = [("A", "B", "mitigates", (forward, inverse)), ("A", "C", "mitigates", (once,))]
    assert [(e.source, e.target, e.relation, e.declared_by) for e in graph.edges()] == expected
    copy = graph.subgraph({"A", "B", "C"})
    assert [(e.source, e.target, e.relation, e.declared_by) for e in copy.edges()] == expected
    assert copy.declared_by(("A", "B", "mitigates")) == (forward, inverse)
    assert graph.subgraph({"A", "C"}).declared_by(("A", "C", "mitigates")) == (once,)
