"""HB204 finds supersession cycles with its own strongly connected components (networkx
takes a tenth of a second to import, more than the rule's whole work): they are the
components networkx finds, on any graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx
from hypothesis import given, settings
from hypothesis import strategies as st

import handbook.rules.supersedes_cycle  # noqa: F401  (the module, not the rule object)

supersedes_cycle = sys.modules["handbook.rules.supersedes_cycle"]

nodes = st.sampled_from([f"ADR-{n:04d}" for n in range(12)])
graphs = st.lists(st.tuples(nodes, nodes), max_size=40)


def _graph(edges: list[tuple[str, str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    return graph


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_components_are_networkx_components(edges: list[tuple[str, str]]) -> None:
    ours = {frozenset(c) for c in supersedes_cycle._components(_graph(edges))}
    theirs = {frozenset(c) for c in networkx.strongly_connected_components(networkx.DiGraph(edges))}
    assert ours == theirs


def test_components_of_a_known_graph() -> None:
    # 1 → 2 → 3 → 1 is a cycle, 3 → 4 → 5 → 4 another, 6 stands alone with a loop.
    edges = [("1", "2"), ("2", "3"), ("3", "1"), ("3", "4"), ("4", "5"), ("5", "4"), ("6", "6")]
    found = sorted(sorted(c) for c in supersedes_cycle._components(_graph(edges)))
    assert found == [["1", "2", "3"], ["4", "5"], ["6"]]


def test_a_long_chain_needs_no_deep_recursion() -> None:
    edges = [(f"ADR-{n}", f"ADR-{n + 1}") for n in range(5_000)] + [("ADR-5000", "ADR-0")]
    (component,) = supersedes_cycle._components(_graph(edges))
    assert len(component) == 5_001


def test_a_lint_run_does_not_import_networkx() -> None:
    fixture = Path(__file__).parent / "fixtures" / "rules" / "HB204-supersedes-cycle" / "docs"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from handbook import settings_for_docs\n"
        "from handbook.lint import lint\n"
        f"result = lint(settings_for_docs(Path({str(fixture)!r})))\n"
        "print(sorted({f.code for f in result.findings}), 'networkx' in sys.modules)\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stdout == "['HB204'] False\n"
