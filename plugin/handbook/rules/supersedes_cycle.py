"""HB204: decisions supersede each other in a circle."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from handbook.finding import Finding, Severity
from handbook.references import Reference
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    graph: dict[str, set[str]] = {}
    by_writer: dict[str, list[tuple[tuple[str, str], Reference]]] = {}
    for reference in context.references:
        if reference.relation_key.relation.name != "supersedes":
            continue
        target = context.resolve(reference.target_id)
        if target is None or reference.writer.id is None or target.id is None:
            continue
        source, superseded = reference.endpoints(target)
        assert source.id is not None and superseded.id is not None
        graph.setdefault(source.id, set()).add(superseded.id)
        graph.setdefault(superseded.id, set())
        by_writer.setdefault(reference.writer.id, []).append(
            ((source.id, superseded.id), reference)
        )
    for component in sorted((sorted(c) for c in _components(graph)), key=lambda c: c[0]):
        if len(component) == 1 and component[0] not in graph[component[0]]:
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


def _components(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, without
    recursion: a chain of thousands of decisions is not a stack of thousands of calls)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component


def _cycle_through(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    start = component[0]
    path = [start]
    seen = {start}
    node = start
    members = set(component)
    while True:
        following = sorted(n for n in graph[node] if n in members)
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
