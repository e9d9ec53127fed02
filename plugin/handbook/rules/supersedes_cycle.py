"""HB204: decisions supersede each other in a circle."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from handbook.finding import Finding, Severity
from handbook.references import Reference
from handbook.rules.rule import LintContext, Rule

if TYPE_CHECKING:
    import networkx as nx


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    import networkx  # only when the rule runs (see handbook.graph)

    graph = networkx.DiGraph()
    by_writer: dict[str, list[tuple[tuple[str, str], Reference]]] = {}
    for reference in context.references:
        if reference.relation_key.relation.name != "supersedes":
            continue
        target = context.resolve(reference.target_id)
        if target is None or reference.writer.id is None or target.id is None:
            continue
        source, superseded = reference.endpoints(target)
        assert source.id is not None and superseded.id is not None
        graph.add_edge(source.id, superseded.id)
        by_writer.setdefault(reference.writer.id, []).append(
            ((source.id, superseded.id), reference)
        )
    for component in sorted(
        (sorted(c) for c in networkx.strongly_connected_components(graph)), key=lambda c: c[0]
    ):
        if len(component) == 1 and not graph.has_edge(component[0], component[0]):
            continue
        cycle = _cycle_through(graph, component)[:-1]
        edges = set(pairwise([*cycle, cycle[0]]))
        # Reported at every member, where it writes its part of the cycle, so a change that
        # closes the cycle in any one of the files is annotated in that file.
        for index, member in enumerate(cycle):
            turn = [*cycle[index:], *cycle[:index], member]
            message = "supersedes cycle: " + " → ".join(turn)
            own = [ref for edge, ref in by_writer.get(member, ()) if edge in edges]
            if own:
                yield rule.finding(own[0].writer.document, own[0].position, message, member)
                continue
            item = context.resolve(member)
            if item is not None:
                yield rule.finding(item.document, item.position("id"), message, member)


def _cycle_through(graph: nx.DiGraph, component: list[str]) -> list[str]:
    start = component[0]
    path = [start]
    seen = {start}
    node = start
    members = set(component)
    while True:
        following = sorted(n for n in graph.successors(node) if n in members)
        nxt = next((n for n in following if n not in seen), following[0])
        path.append(nxt)
        if nxt in seen:
            return path[path.index(nxt) :]
        seen.add(nxt)
        node = nxt


RULE = Rule(
    code="HB204",
    name="supersedes-cycle",
    severity=Severity.ERROR,
    summary="Decisions supersede each other in a circle.",
    rationale=(
        "Supersession is a history: each decision replaces older ones. A cycle (ADR-0003 "
        "supersedes ADR-0005, which supersedes ADR-0003) leaves no decision in force and "
        "breaks the decision log's chains."
    ),
    bad="ADR-0003: supersedes: [ADR-0005]   and   ADR-0005: supersedes: [ADR-0003]",
    good="ADR-0005: supersedes: [ADR-0003]   (and ADR-0003 says nothing, or superseded-by)",
    check=check,
)
