"""The item graph from the command line: ``handbook graph`` in every format, its filters and
impact analysis, ``handbook coverage``, and relations declared in ``mkdocs.yml``.

Every test runs the click command in-process with ``CliRunner`` inside the fixture project
``tests/fixtures/graph/`` (or a copy of it, when a test changes it). The fixture lints clean
and holds:

- ADR-0001 (superseded) and ADR-0002 (accepted), the supersession written on both sides;
  ADR-0002 ``mitigates`` RISK-001 (written on both sides) and ``depends-on`` ADR-0003, a
  relation declared in the fixture's ``mkdocs.yml`` (``dependent: source``).
- ADR-0003 ``introduces`` RISK-003 and ``relates-to`` ADR-0004 (symmetric, written on both
  sides); ADR-0004 mitigates THR-001 (written only on the threat's side).
- RR-001 with RISK-001 (mitigated, ``caused-by`` THR-001: written only on the inverse side),
  RISK-002 (low, nothing answers it), RISK-003 (accepted until 2099), RISK-004 (closed).
- TM-001 with THR-001 (mitigated), THR-002 (accepted), THR-003 (false positive).
- FMEA-001 with FM-001 (``handled-by`` RB-001, written on both sides; ``detected-by``
  SLO-001) and FM-002 (no runbook, under both thresholds).
- RB-001, whose title holds ``"``, ``<script>``, ``[``, ``]``, ``|`` and ``#``; SLO-001.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "graph"
TODAY = "2026-01-01"

ADR_0002 = "docs/decisions/0002-use-managed-postgres.md"
RB_TITLE = 'Restart "the" <script>alert(1)</script> worker [now] | #1'

NODES = [
    ("ADR-0001", "adr", "Use self-hosted Postgres", "superseded", "design",
     "docs/decisions/0001-use-self-hosted-postgres.md", 1),
    ("ADR-0002", "adr", "Use managed Postgres", "accepted", "design", ADR_0002, 1),
    ("ADR-0003", "adr", "Use one cloud provider", "accepted", "design",
     "docs/decisions/0003-use-one-cloud-provider.md", 1),
    ("ADR-0004", "adr", "Sign webhooks", "accepted", "design",
     "docs/decisions/0004-sign-webhooks.md", 1),
    ("FM-001", "failure-mode", "Settlement worker crashes in a loop", "analysed", "design",
     "docs/failure-modes/fmea.md", 8),
    ("FM-002", "failure-mode", "Reports render slowly", "analysed", "design",
     "docs/failure-modes/fmea.md", 16),
    ("FMEA-001", "fmea", "Settlement FMEA", "approved", "design",
     "docs/failure-modes/fmea.md", 1),
    ("RB-001", "runbook", RB_TITLE, "active", "operate",
     "docs/runbooks/restart-the-worker.md", 1),
    ("RISK-001", "risk", "Database outage stops payments", "mitigated", "understand",
     "docs/risks/register.md", 8),
    ("RISK-002", "risk", "Slow reports annoy finance", "open", "understand",
     "docs/risks/register.md", 16),
    ("RISK-003", "risk", "Locked in to one cloud provider", "accepted", "understand",
     "docs/risks/register.md", 22),
    ("RISK-004", "risk", "Legacy batch job double-charges", "closed", "understand",
     "docs/risks/register.md", 32),
    ("RR-001", "risk-register", "Payments risk register", "active", "understand",
     "docs/risks/register.md", 1),
    ("SLO-001", "slo", "Settlement latency", "active", "understand",
     "docs/slos/settlement-latency.md", 1),
    ("THR-001", "threat", "Forged webhooks mark unpaid orders as paid", "mitigated", "design",
     "docs/threats/model.md", 8),
    ("THR-002", "threat", "Admins can read refund notes", "accepted", "design",
     "docs/threats/model.md", 14),
    ("THR-003", "threat", "Printed receipts leak card numbers", "false-positive", "design",
     "docs/threats/model.md", 19),
    ("TM-001", "threat-model", "Payments threat model", "approved", "design",
     "docs/threats/model.md", 1),
]  # fmt: skip
"""(id, kind, title, status, phase, path, line) of every node, in the order of the export."""

EDGES = [
    ("ADR-0002", "ADR-0001", "supersedes"),  # both sides written
    ("ADR-0002", "ADR-0003", "depends-on"),  # declared in mkdocs.yml
    ("ADR-0002", "RISK-001", "mitigates"),  # both sides written
    ("ADR-0003", "ADR-0004", "relates-to"),  # symmetric, both sides written
    ("ADR-0003", "RISK-003", "introduces"),
    ("ADR-0004", "THR-001", "mitigates"),  # written only as the threat's mitigated-by
    ("FM-001", "RB-001", "handled-by"),  # both sides written
    ("FM-001", "SLO-001", "detected-by"),
    ("THR-001", "RISK-001", "causes"),  # written only as the risk's caused-by
]
"""(source, target, relation) of every edge, in the order of the export."""

NODE_KEYS = ["id", "kind", "title", "status", "phase", "path", "line"]
KIND = {node[0]: node[1] for node in NODES}


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory is the fixture project."""
    monkeypatch.chdir(FIXTURE)
    return FIXTURE


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the fixture project, which is the working directory."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target


def run(*args: str) -> Result:
    """``handbook ARGS``; never a traceback, whatever the exit code."""
    result = CliRunner().invoke(main, list(args), prog_name="handbook")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"handbook {' '.join(args)} raised {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    return result


def graph(*args: str) -> str:
    """The standard output of a successful ``handbook graph ARGS``."""
    result = run("graph", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def graph_json(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(graph("--format", "json", *args))
    return document


def node_ids(document: dict[str, Any]) -> set[str]:
    return {node["id"] for node in document["nodes"]}


def edge_tuples(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["source"], e["target"], e["relation"]) for e in document["edges"]]


def lint_codes(*args: str) -> list[tuple[str, int, int, str]]:
    result = run("lint", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code in (0, 1), result.output
    return [
        (d["path"], d["line"], d["column"], d["code"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def assert_usage_error(result: Result, *fragments: str) -> str:
    """Exit 2, nothing on stdout, and exactly one line of error that says each fragment."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], result.stderr
    return errors[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_config(root: Path, relations: str) -> None:
    """Replace the fixture's mkdocs.yml with one declaring ``relations`` (YAML, indented)."""
    (root / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - handbook:\n      relations:\n" + relations,
        encoding="utf-8",
    )


def squeeze(text: str) -> list[str]:
    """The lines of ``text`` with runs of blanks made one, so column widths do not matter."""
    return [" ".join(line.split()) for line in text.splitlines()]


# -- the fixture itself ---------------------------------------------------------------------


def test_fixture_lints_clean(project: Path) -> None:
    result = run("lint", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("All clear:")


def test_container_items_point_at_their_own_line(project: Path) -> None:
    for item_id, _, _, _, _, path, line in NODES:
        text = (FIXTURE / path).read_text(encoding="utf-8").splitlines()
        if line == 1:
            assert text[0] == "---"
            assert f"id: {item_id}" in text
        else:
            assert text[line - 1] == f"  - id: {item_id}", (item_id, line)


# -- json: the contract ---------------------------------------------------------------------


def test_json_is_the_contract(project: Path) -> None:
    document = graph_json()
    assert list(document) == ["version", "nodes", "edges"]
    assert document["version"] == 1
    assert document["nodes"] == [dict(zip(NODE_KEYS, node, strict=True)) for node in NODES]
    assert all(list(node) == NODE_KEYS for node in document["nodes"])
    assert all(list(edge) == ["source", "target", "relation"] for edge in document["edges"])
    assert edge_tuples(document) == EDGES


def test_json_is_the_default_format(project: Path) -> None:
    assert graph() == graph("--format", "json")


def test_json_nodes_and_edges_are_sorted(project: Path) -> None:
    document = graph_json()
    ids = [node["id"] for node in document["nodes"]]
    assert ids == sorted(ids)
    assert edge_tuples(document) == sorted(edge_tuples(document))


def test_each_edge_appears_once_under_its_forward_name(project: Path) -> None:
    edges = edge_tuples(graph_json())
    assert len(edges) == len(set(edges))
    relations = {relation for _, _, relation in edges}
    assert not relations & {"superseded-by", "mitigated-by", "caused-by", "handles", "detects"}
    # Written only on the inverse side, exported forward.
    assert ("ADR-0004", "THR-001", "mitigates") in edges
    assert ("THR-001", "RISK-001", "causes") in edges
    # A symmetric relation written on both sides is one edge.
    assert [e for e in edges if e[2] == "relates-to"] == [("ADR-0003", "ADR-0004", "relates-to")]


def test_json_keeps_titles_as_written(project: Path) -> None:
    [node] = [n for n in graph_json()["nodes"] if n["id"] == "RB-001"]
    assert node["title"] == RB_TITLE


@pytest.mark.parametrize("output_format", ["json", "dot", "graphml", "mermaid", "csv"])
def test_output_is_byte_identical_across_runs(project: Path, output_format: str) -> None:
    assert graph("--format", output_format) == graph("--format", output_format)


def test_output_does_not_depend_on_file_creation_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE)
    expected = {fmt: graph("--format", fmt) for fmt in ("json", "dot", "csv")}
    target = tmp_path / "reversed"
    for source in sorted(FIXTURE.rglob("*"), reverse=True):
        if source.is_file():
            destination = target / source.relative_to(FIXTURE)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
    monkeypatch.chdir(target)
    assert {fmt: graph("--format", fmt) for fmt in expected} == expected


def test_output_file_holds_what_stdout_would(copy: Path) -> None:
    result = run("graph", "--format", "csv", "--output-file", "out/graph.csv")
    assert result.exit_code == 0, result.output
    assert (copy / "out" / "graph.csv").read_text(encoding="utf-8") == graph("--format", "csv")


# -- dot, graphml, mermaid, csv -------------------------------------------------------------

_DOT_NODE = re.compile(r'^  "([^"]+)" \[label="((?:[^"\\]|\\.)*)"\];$')
_DOT_EDGE = re.compile(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]+)"\];$')


def test_dot(project: Path) -> None:
    lines = graph("--format", "dot").splitlines()
    assert lines[0] == "digraph handbook {"
    assert lines[-1] == "}"
    nodes = [m.groups() for m in map(_DOT_NODE.match, lines) if m]
    edges = [m.groups() for m in map(_DOT_EDGE.match, lines) if m]
    assert [node_id for node_id, _ in nodes] == [node[0] for node in NODES]
    assert edges == EDGES
    labels = dict(nodes)
    assert labels["RB-001"] == "RB-001\\n" + RB_TITLE.replace('"', '\\"')
    # Every line is a header, a node, an edge or the closing brace: nothing leaked out.
    assert len(lines) == 3 + len(NODES) + len(EDGES) + 1


_GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def _graphml(text: str) -> tuple[list[ET.Element], list[ET.Element]]:
    root = ET.fromstring(text)
    assert root.tag == f"{_GRAPHML}graphml"
    [body] = root.findall(f"{_GRAPHML}graph")
    assert body.get("edgedefault") == "directed"
    return body.findall(f"{_GRAPHML}node"), body.findall(f"{_GRAPHML}edge")


def _data(element: ET.Element) -> dict[str, str | None]:
    return {d.get("key", ""): d.text for d in element.findall(f"{_GRAPHML}data")}


def test_graphml(project: Path) -> None:
    text = graph("--format", "graphml")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    nodes, edges = _graphml(text)
    assert len(nodes) == len(NODES)
    assert len(edges) == len(EDGES)
    assert [n.get("id") for n in nodes] == [node[0] for node in NODES]
    assert [(e.get("source"), e.get("target"), _data(e)["relation"]) for e in edges] == EDGES
    by_id = {n.get("id"): _data(n) for n in nodes}
    assert by_id["RB-001"] == {
        "kind": "runbook",
        "title": RB_TITLE,
        "status": "active",
        "phase": "operate",
        "path": "docs/runbooks/restart-the-worker.md",
        "line": "1",
    }
    assert by_id["RISK-003"]["line"] == "22"
    assert "<script>" not in text


def test_graphml_stays_well_formed_with_a_control_character_in_a_title(copy: Path) -> None:
    edit(
        copy / "docs/decisions/0004-sign-webhooks.md",
        "title: Sign webhooks\n",
        'title: "Sign\\x01webhooks"\n',
    )
    nodes, edges = _graphml(graph("--format", "graphml"))
    assert (len(nodes), len(edges)) == (len(NODES), len(EDGES))


_MERMAID_NODE = re.compile(r'^  (n_\w+)\["([^"]*)"\]$')
_MERMAID_EDGE = re.compile(r"^  (n_\w+) -->\|([^|]+)\| (n_\w+)$")


def _mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(item id -> label, edges as item ids) of a Mermaid flowchart; every line must parse."""
    lines = text.splitlines()
    assert lines[0].startswith("flowchart ")
    labels: dict[str, str] = {}
    by_node: dict[str, str] = {}
    raw_edges = []
    for line in lines[1:]:
        node, edge = _MERMAID_NODE.match(line), _MERMAID_EDGE.match(line)
        assert node or edge, f"unexpected Mermaid line {line!r}"
        if node:
            label = node.group(2).replace("#58;", ":")  # ':' is written as an entity
            item_id = label.split(":", 1)[0]
            assert node.group(1) not in by_node, "one node line per item"
            by_node[node.group(1)] = item_id
            labels[item_id] = label
        elif edge:
            raw_edges.append(edge.groups())
    edges = [(by_node[source], by_node[target], rel) for source, rel, target in raw_edges]
    return labels, edges


def test_mermaid(project: Path) -> None:
    text = graph("--format", "mermaid")
    assert text.startswith("flowchart")
    labels, edges = _mermaid(text)
    assert list(labels) == [node[0] for node in NODES]
    assert edges == EDGES
    assert labels["ADR-0002"] == "ADR-0002: Use managed Postgres"


def test_mermaid_escapes_every_character_with_a_meaning(project: Path) -> None:
    labels, _ = _mermaid(graph("--format", "mermaid"))
    label = labels["RB-001"]
    for raw in ('"', "<script>", "<", ">", "[", "]", "|"):
        assert raw not in label, raw
    # A '#' only starts an entity such as #quot; or #35;, never stands for itself.
    assert "#" not in re.sub(r"#\w+;", "", label)
    # The words survive, so the label still says what the runbook is.
    for word in ("Restart", "the", "script", "alert", "worker", "now"):
        assert word in label


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv(project: Path) -> None:
    rows = _csv(graph("--format", "csv"))
    assert rows[0] == ["source", "source_kind", "relation", "target", "target_kind"]
    assert rows[1:] == [
        [source, KIND[source], relation, target, KIND[target]] for source, target, relation in EDGES
    ]


def test_csv_neutralises_values_a_spreadsheet_would_run(copy: Path) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    at_formula = "@SUM(A1:A9)"
    (copy / "docs/decisions/0009-evil.md").write_text(
        f"---\nkind: adr\nid: '{formula}'\ntitle: Evil\nstatus: accepted\ndate: 2025-06-01\n"
        "mitigates: [RISK-002]\n---\n# Evil\n",
        encoding="utf-8",
    )
    (copy / "docs/runbooks/evil.md").write_text(
        f"---\nkind: runbook\nid: '{at_formula}'\ntitle: Evil\nstatus: active\nowner: x\n"
        "handles: [FM-002]\n---\n# Evil\n",
        encoding="utf-8",
    )
    rows = _csv(graph("--format", "csv"))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    [mitigation] = [row for row in rows if row[3] == "RISK-002"]
    assert formula in mitigation[0]
    [handler] = [row for row in rows if row[0] == "FM-002"]
    assert at_formula in handler[3]


# -- focus, kind, relation ------------------------------------------------------------------

FOCUS_ADR_0002 = {
    0: {"ADR-0002"},
    1: {"ADR-0002", "ADR-0001", "ADR-0003", "RISK-001"},
    2: {"ADR-0002", "ADR-0001", "ADR-0003", "RISK-001", "ADR-0004", "RISK-003", "THR-001"},
}


@pytest.mark.parametrize("depth", sorted(FOCUS_ADR_0002))
def test_focus_depth(project: Path, depth: int) -> None:
    document = graph_json("--focus", "ADR-0002", "--depth", str(depth))
    assert node_ids(document) == FOCUS_ADR_0002[depth]
    kept = FOCUS_ADR_0002[depth]
    assert edge_tuples(document) == [e for e in EDGES if e[0] in kept and e[1] in kept]


def test_focus_depth_defaults_to_1(project: Path) -> None:
    assert node_ids(graph_json("--focus", "ADR-0002")) == FOCUS_ADR_0002[1]


def test_focus_on_a_contained_item(project: Path) -> None:
    document = graph_json("--focus", "RISK-001")
    assert node_ids(document) == {"RISK-001", "ADR-0002", "THR-001"}
    assert edge_tuples(document) == [
        ("ADR-0002", "RISK-001", "mitigates"),
        ("THR-001", "RISK-001", "causes"),
    ]


def test_focus_applies_to_every_format(project: Path) -> None:
    rows = _csv(graph("--format", "csv", "--focus", "ADR-0002", "--depth", "0"))
    assert rows[1:] == []
    nodes, edges = _graphml(graph("--format", "graphml", "--focus", "ADR-0002"))
    assert {n.get("id") for n in nodes} == FOCUS_ADR_0002[1]
    assert len(edges) == 3


def test_kind_filter(project: Path) -> None:
    document = graph_json("--kind", "risk", "--kind", "threat")
    assert node_ids(document) == {i for i, kind in KIND.items() if kind in ("risk", "threat")}
    assert edge_tuples(document) == [("THR-001", "RISK-001", "causes")]


def test_kind_filter_with_focus(project: Path) -> None:
    document = graph_json("--focus", "ADR-0002", "--depth", "2", "--kind", "adr")
    assert node_ids(document) == {"ADR-0001", "ADR-0002", "ADR-0003", "ADR-0004"}
    assert edge_tuples(document) == [
        ("ADR-0002", "ADR-0001", "supersedes"),
        ("ADR-0002", "ADR-0003", "depends-on"),
        ("ADR-0003", "ADR-0004", "relates-to"),
    ]


def test_relation_filter(project: Path) -> None:
    document = graph_json("--relation", "mitigates")
    assert edge_tuples(document) == [
        ("ADR-0002", "RISK-001", "mitigates"),
        ("ADR-0004", "THR-001", "mitigates"),
    ]
    assert {end for edge in edge_tuples(document) for end in edge[:2]} <= node_ids(document)


def test_relation_filter_repeated_and_user_defined(project: Path) -> None:
    document = graph_json("--relation", "supersedes", "--relation", "depends-on")
    assert edge_tuples(document) == [
        ("ADR-0002", "ADR-0001", "supersedes"),
        ("ADR-0002", "ADR-0003", "depends-on"),
    ]


# -- impact -----------------------------------------------------------------------------------

IMPACT = {
    # what changes: {impacted id: [(from, relation walked, to), ...]}
    "ADR-0003": {
        "ADR-0002": [("ADR-0003", "required-by", "ADR-0002")],
        "RISK-001": [
            ("ADR-0003", "required-by", "ADR-0002"),
            ("ADR-0002", "mitigates", "RISK-001"),
        ],
        "RISK-003": [("ADR-0003", "introduces", "RISK-003")],
    },
    "ADR-0004": {
        "THR-001": [("ADR-0004", "mitigates", "THR-001")],
        "RISK-001": [("ADR-0004", "mitigates", "THR-001"), ("THR-001", "causes", "RISK-001")],
    },
    "ADR-0001": {
        "ADR-0002": [("ADR-0001", "superseded-by", "ADR-0002")],
        "RISK-001": [
            ("ADR-0001", "superseded-by", "ADR-0002"),
            ("ADR-0002", "mitigates", "RISK-001"),
        ],
    },
    "THR-001": {"RISK-001": [("THR-001", "causes", "RISK-001")]},
    "RB-001": {"FM-001": [("RB-001", "handles", "FM-001")]},
    "SLO-001": {"FM-001": [("SLO-001", "detects", "FM-001")]},
    "RISK-002": {},
    "RR-001": {},
}


@pytest.mark.parametrize("root", sorted(IMPACT))
def test_impact_json(project: Path, root: str) -> None:
    document = graph_json("--impact", root)
    assert list(document) == ["version", "item", "impacted"]
    assert document["version"] == 1
    assert document["item"] == root
    expected = IMPACT[root]
    assert [entry["id"] for entry in document["impacted"]] == sorted(expected)
    for entry in document["impacted"]:
        assert list(entry) == ["id", "kind", "title", "path"]
        assert entry["kind"] == KIND[entry["id"]]
        steps = [(s["source"], s["relation"], s["target"]) for s in entry["path"]]
        assert steps == expected[entry["id"]]


def test_impact_text(project: Path) -> None:
    assert squeeze(graph("--impact", "ADR-0004")) == [
        "2 items rely on ADR-0004:",
        "THR-001 threat Forged webhooks mark unpaid orders as paid",
        "via ADR-0004 -mitigates-> THR-001",
        "RISK-001 risk Database outage stops payments",
        "via ADR-0004 -mitigates-> THR-001 -causes-> RISK-001",
    ]


@pytest.mark.parametrize("root", sorted(IMPACT))
def test_impact_text_names_every_impacted_item_and_its_path(project: Path, root: str) -> None:
    lines = squeeze(graph("--impact", root))
    expected = IMPACT[root]
    if not expected:
        assert lines == [f"Nothing relies on {root}."]
        return
    assert len(lines) == 1 + 2 * len(expected)
    listed = {lines[i].split(" ")[0]: lines[i + 1] for i in range(1, len(lines), 2)}
    assert set(listed) == set(expected)
    for item_id, steps in expected.items():
        chain = root + "".join(f" -{relation}-> {target}" for _, relation, target in steps)
        assert listed[item_id] == f"via {chain}"


def test_impact_text_agrees_in_number(project: Path) -> None:
    assert graph("--impact", "THR-001").splitlines()[0] == "1 item relies on THR-001:"


def test_impact_in_an_export_format_is_the_impacted_subgraph(project: Path) -> None:
    rows = _csv(graph("--impact", "ADR-0004", "--format", "csv"))
    assert rows[1:] == [
        ["ADR-0004", "adr", "mitigates", "THR-001", "threat"],
        ["THR-001", "threat", "causes", "RISK-001", "risk"],
    ]


# -- unknown ids, kinds and relations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "close"),
    [
        ("--focus", "ADR-002", "ADR-0002"),
        ("--impact", "ADR-002", "ADR-0002"),
        ("--focus", "RISK-01", "RISK-001"),
        ("--impact", "THR-01", "THR-001"),
    ],
)
def test_unknown_id_exits_2_naming_close_ids(
    project: Path, option: str, value: str, close: str
) -> None:
    assert_usage_error(run("graph", option, value), f"'{value}'", close)


def test_unknown_id_in_lower_case_suggests_the_id(project: Path) -> None:
    assert_usage_error(run("graph", "--impact", "risk-001"), "did you mean RISK-001")


def test_unknown_id_far_from_any_exits_2(project: Path) -> None:
    line = assert_usage_error(run("graph", "--focus", "NOPE-999999"), "NOPE-999999")
    assert "did you mean" not in line


def test_unknown_kind_exits_2(project: Path) -> None:
    assert_usage_error(run("graph", "--kind", "decision"), "'decision'", "adr")


@pytest.mark.parametrize("relation", ["mitigate", "mitigated-by-x"])
def test_unknown_relation_exits_2(project: Path, relation: str) -> None:
    assert_usage_error(run("graph", "--relation", relation), f"'{relation}'", "mitigates")


def test_negative_depth_exits_2(project: Path) -> None:
    result = run("graph", "--focus", "ADR-0002", "--depth", "-1")
    assert result.exit_code == 2
    assert result.stdout == ""


# -- coverage -------------------------------------------------------------------------------

COVERAGE = [
    ("risks × mitigations", "risk", "mitigated-by", ["RISK-001", "RISK-003"], ["RISK-002"], 66.7),
    ("threats × mitigations", "threat", "mitigated-by", ["THR-001", "THR-002"], [], 100.0),
    ("failure modes × runbooks", "failure-mode", "handled-by", ["FM-001"], ["FM-002"], 50.0),
]
"""On TODAY: RISK-004 (closed) and THR-003 (false positive) are left out; RISK-003 is covered
by its acceptance, THR-002 by its status."""


def test_coverage_json(project: Path) -> None:
    result = run("coverage", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["version", "coverage"]
    assert document["version"] == 1
    keys = ["name", "kind", "relation", "covered", "uncovered", "percent"]
    assert document["coverage"] == [dict(zip(keys, row, strict=True)) for row in COVERAGE]


def test_coverage_table(project: Path) -> None:
    result = run("coverage", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert squeeze(result.stdout) == [
        "covered total percent uncovered",
        "risks × mitigations 2 3 66.7% RISK-002",
        "threats × mitigations 2 2 100.0% -",
        "failure modes × runbooks 1 2 50.0% FM-002",
    ]


def test_coverage_table_is_the_default_format(project: Path) -> None:
    assert (
        run("coverage", "--today", TODAY).stdout
        == run("coverage", "--format", "table", "--today", TODAY).stdout
    )


def test_coverage_counts_an_expired_acceptance_as_uncovered(project: Path) -> None:
    result = run("coverage", "--format", "json", "--today", "2100-01-01")
    [risks, _, _] = json.loads(result.stdout)["coverage"]
    assert (risks["covered"], risks["uncovered"], risks["percent"]) == (
        ["RISK-001"],
        ["RISK-002", "RISK-003"],
        33.3,
    )


def test_coverage_follows_the_graph(copy: Path) -> None:
    # A runbook for FM-002, written on the runbook's side only.
    edit(
        copy / "docs/runbooks/restart-the-worker.md",
        "handles: [FM-001]",
        "handles: [FM-001, FM-002]",
    )
    result = run("coverage", "--format", "json", "--today", TODAY)
    [_, _, failure_modes] = json.loads(result.stdout)["coverage"]
    assert (failure_modes["covered"], failure_modes["uncovered"]) == (["FM-001", "FM-002"], [])
    assert failure_modes["percent"] == 100.0


# -- relations in mkdocs.yml ----------------------------------------------------------------

BROKEN_RELATIONS = {
    "unknown kind": (
        "        depends-on: {inverse: required-by, from: [adr], to: [decision]}\n",
        ["relation 'depends-on' names unknown kind 'decision'"],
    ),
    "key of a built-in inverse": (
        "        blocks: {inverse: mitigated-by, from: [adr], to: [risk]}\n",
        ["'mitigates'", "'blocks'", "'mitigated-by'"],
    ),
    "named like a built-in inverse": (
        "        superseded-by: {inverse: replaces, from: [adr], to: [adr]}\n",
        ["'supersedes'", "'superseded-by'"],
    ),
    "two user relations share an inverse": (
        "        depends-on: {inverse: required-by, from: [adr], to: [adr]}\n"
        "        needs: {inverse: required-by, from: [adr], to: [adr]}\n",
        ["'depends-on'", "'needs'", "'required-by'"],
    ),
    "bad dependent": (
        "        depends-on: {inverse: required-by, from: [adr], to: [adr], dependent: both}\n",
        ["relation 'depends-on'", "dependent must be source, target or none"],
    ),
    "negative bound": (
        "        depends-on: {inverse: required-by, from: [adr], to: [adr], min: -1}\n",
        ["relation 'depends-on'", "'min'"],
    ),
    "not a mapping": ("        depends-on: [adr]\n", ["relation 'depends-on'"]),
    "misspelt key": (
        "        depends-on: {inverse: required-by, frm: [adr], to: [adr]}\n",
        ["unknown key 'frm'"],
    ),
}


@pytest.mark.parametrize("command", ["lint", "graph"])
@pytest.mark.parametrize(
    ("relations", "fragments"), BROKEN_RELATIONS.values(), ids=list(BROKEN_RELATIONS)
)
def test_broken_relation_config_exits_2_with_one_line(
    copy: Path, command: str, relations: str, fragments: list[str]
) -> None:
    write_config(copy, relations)
    line = assert_usage_error(run(command), "plugins.handbook.relations", *fragments)
    assert "mkdocs.yml" in line


def test_relation_named_like_a_field_is_a_config_error(copy: Path) -> None:
    write_config(copy, "        status: {inverse: status-of, from: [adr], to: [adr]}\n")
    assert_usage_error(run("lint", "--today", TODAY), "plugins.handbook.relations", "'status'")


def test_user_relation_is_not_an_unknown_field(project: Path) -> None:
    # The fixture writes depends-on in ADR-0002 and lints clean (test_fixture_lints_clean).
    assert "depends-on: [ADR-0003]" in (FIXTURE / ADR_0002).read_text(encoding="utf-8")
    assert lint_codes() == []


def test_undeclared_relation_is_an_unknown_field(copy: Path) -> None:
    write_config(copy, "        {}\n")
    assert lint_codes() == [(ADR_0002, 9, 1, "HB103")]
    assert ("ADR-0002", "ADR-0003", "depends-on") not in edge_tuples(graph_json())


def test_user_relation_inverse_key_writes_the_forward_edge(copy: Path) -> None:
    edit(
        copy / "docs/decisions/0004-sign-webhooks.md",
        "relates-to: [ADR-0003]\n",
        "relates-to: [ADR-0003]\nrequired-by: [ADR-0001]\n",
    )
    assert lint_codes() == []
    edges = edge_tuples(graph_json())
    assert ("ADR-0001", "ADR-0004", "depends-on") in edges
    assert ("ADR-0004", "ADR-0001", "required-by") not in edges


def test_user_relation_wrong_target_kind_is_hb203(copy: Path) -> None:
    edit(copy / ADR_0002, "depends-on: [ADR-0003]", "depends-on: [ADR-0003, RISK-002]")
    assert lint_codes() == [(ADR_0002, 9, 24, "HB203")]


def test_user_relation_from_a_kind_it_does_not_allow_is_hb206(copy: Path) -> None:
    edit(
        copy / "docs/risks/register.md",
        "    caused-by: [THR-001]\n",
        "    caused-by: [THR-001]\n    depends-on: [ADR-0002]\n",
    )
    assert lint_codes() == [("docs/risks/register.md", 16, 5, "HB206")]


def test_user_relation_that_is_not_a_list_is_reported(copy: Path) -> None:
    # As the built-in 'mitigates: RISK-001' is (HB102), not silently dropped.
    edit(copy / ADR_0002, "depends-on: [ADR-0003]", "depends-on: ADR-0003")
    assert lint_codes() == [(ADR_0002, 9, 13, "HB102")]


# -- impact: breadth first, and only the relations asked for --------------------------------
# tests/fixtures/impact/ (ADR-0001 is what changes; "X → Y" is "X relies on Y"):
#
#   ADR-0002 ─depends-on→ ADR-0001
#   ADR-0003 ─depends-on→ ADR-0001, ADR-0002
#   ADR-0004 ─depends-on→ ADR-0002, ADR-0003   and  ─builds-on→ ADR-0001
#   ADR-0005 ─builds-on→ ADR-0001
#   ADR-0006 ─depends-on→ ADR-0005
#
# Breadth first, each item is reached by a shortest chain, and among those by the one through
# the lowest ids. A depth-first walk reaches ADR-0003 through ADR-0002 (two steps, not one) or
# ADR-0004 through ADR-0003; a walk that ignores --relation still finds ADR-0005 and ADR-0006.

IMPACT_FIXTURE = Path(__file__).parent / "fixtures" / "impact"


@pytest.fixture
def impact_project(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(IMPACT_FIXTURE)
    return IMPACT_FIXTURE


def test_impact_fixture_lints_clean(impact_project: Path) -> None:
    result = run("lint")
    assert result.exit_code == 0, result.output


def test_impact_walks_breadth_first(impact_project: Path) -> None:
    assert graph("--impact", "ADR-0001", "--relation", "depends-on") == (
        "3 items rely on ADR-0001:\n"
        "  ADR-0002     adr           Use a connection pool\n"
        "               via ADR-0001 -required-by-> ADR-0002\n"
        "  ADR-0003     adr           Use read replicas\n"
        "               via ADR-0001 -required-by-> ADR-0003\n"
        "  ADR-0004     adr           Cache query results\n"
        "               via ADR-0001 -required-by-> ADR-0002 -required-by-> ADR-0004\n"
    )


def test_impact_without_relation_walks_every_relation(impact_project: Path) -> None:
    assert graph("--impact", "ADR-0001") == (
        "5 items rely on ADR-0001:\n"
        "  ADR-0002     adr           Use a connection pool\n"
        "               via ADR-0001 -required-by-> ADR-0002\n"
        "  ADR-0003     adr           Use read replicas\n"
        "               via ADR-0001 -required-by-> ADR-0003\n"
        "  ADR-0004     adr           Cache query results\n"
        "               via ADR-0001 -built-on-by-> ADR-0004\n"
        "  ADR-0005     adr           Archive old orders\n"
        "               via ADR-0001 -built-on-by-> ADR-0005\n"
        "  ADR-0006     adr           Report from the archive\n"
        "               via ADR-0001 -built-on-by-> ADR-0005 -required-by-> ADR-0006\n"
    )


def test_impact_relation_restricts_the_walk(impact_project: Path) -> None:
    assert graph("--impact", "ADR-0001", "--relation", "builds-on") == (
        "2 items rely on ADR-0001:\n"
        "  ADR-0004     adr           Cache query results\n"
        "               via ADR-0001 -built-on-by-> ADR-0004\n"
        "  ADR-0005     adr           Archive old orders\n"
        "               via ADR-0001 -built-on-by-> ADR-0005\n"
    )
    # Both relations named: the same as no filter.
    assert graph(
        "--impact", "ADR-0001", "--relation", "depends-on", "--relation", "builds-on"
    ) == graph("--impact", "ADR-0001")


def test_impact_json_is_breadth_first_and_restricted(impact_project: Path) -> None:
    document = graph_json("--impact", "ADR-0001", "--relation", "depends-on")
    assert document == {
        "version": 1,
        "item": "ADR-0001",
        "impacted": [
            {
                "id": "ADR-0002",
                "kind": "adr",
                "title": "Use a connection pool",
                "path": [{"source": "ADR-0001", "relation": "required-by", "target": "ADR-0002"}],
            },
            {
                "id": "ADR-0003",
                "kind": "adr",
                "title": "Use read replicas",
                "path": [{"source": "ADR-0001", "relation": "required-by", "target": "ADR-0003"}],
            },
            {
                "id": "ADR-0004",
                "kind": "adr",
                "title": "Cache query results",
                "path": [
                    {"source": "ADR-0001", "relation": "required-by", "target": "ADR-0002"},
                    {"source": "ADR-0002", "relation": "required-by", "target": "ADR-0004"},
                ],
            },
        ],
    }


def test_impact_in_an_export_format_keeps_only_the_relation(impact_project: Path) -> None:
    rows = _csv(graph("--impact", "ADR-0001", "--relation", "builds-on", "--format", "csv"))
    assert rows[1:] == [
        ["ADR-0004", "adr", "builds-on", "ADR-0001", "adr"],
        ["ADR-0005", "adr", "builds-on", "ADR-0001", "adr"],
    ]


def test_impact_relation_may_be_named_from_either_end(impact_project: Path) -> None:
    # The command takes the forward name only; the graph's API also takes the inverse one,
    # the name the walk writes in each step.
    from handbook import load_settings
    from handbook.lint import load_graph

    item_graph = load_graph(load_settings(IMPACT_FIXTURE / "mkdocs.yml"))

    def walked(*relations: str) -> list[tuple[str, tuple[tuple[str, str, str], ...]]]:
        return [(path.item, path.steps) for path in item_graph.impact("ADR-0001", relations)]

    assert walked("required-by") == walked("depends-on")
    assert walked("built-on-by") == walked("builds-on")
    assert [item for item, _ in walked("required-by")] == ["ADR-0002", "ADR-0003", "ADR-0004"]


def test_a_subgraph_keeps_the_relations_and_who_declared_each_edge(impact_project: Path) -> None:
    from handbook import load_settings
    from handbook.lint import load_graph

    item_graph = load_graph(load_settings(IMPACT_FIXTURE / "mkdocs.yml"))
    view = item_graph.subgraph(kinds=["adr"])
    assert list(view.edges()) == list(item_graph.edges())
    assert all(edge.declared_by for edge in view.edges())
    assert view.impact("ADR-0001", ["depends-on"]) == item_graph.impact("ADR-0001", ["depends-on"])


def test_a_duplicate_id_adds_no_edges_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second file claiming ADR-0002 is reported (HB201) and is not the item ADR-0002: what
    # it declares must not become edges of the item that owns the id.
    shutil.copytree(IMPACT_FIXTURE, tmp_path / "p")
    duplicate = (tmp_path / "p" / "docs" / "decisions" / "0002-use-a-connection-pool.md").read_text(
        encoding="utf-8"
    )
    (tmp_path / "p" / "docs" / "decisions" / "0009-duplicate.md").write_text(
        duplicate.replace("depends-on: [ADR-0001]", "depends-on: [ADR-0006]"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "p")
    edges = {(e["source"], e["target"], e["relation"]) for e in graph_json()["edges"]}
    assert ("ADR-0002", "ADR-0001", "depends-on") in edges
    assert ("ADR-0002", "ADR-0006", "depends-on") not in edges


# The graph itself, as a run builds it (the mutation group's survivors: see the contributor
# guide). Each reads the fixture, or a copy changed for the case, through lint's own graph.


def _built(root: Path) -> Any:
    from handbook.config import load_settings
    from handbook.lint import lint

    return lint(load_settings(root / "mkdocs.yml")).context.graph


def _declared(item_graph: Any, key: tuple[str, str, str]) -> list[tuple[str, str, int]]:
    return [(r.writer.id, r.key, r.index) for r in item_graph.declared_by(key)]


def test_an_edge_keeps_every_reference_that_declares_it(project: Path) -> None:
    item_graph = _built(project)
    # Written on both sides: ADR-0002 supersedes, ADR-0001 superseded-by.
    both = ("ADR-0002", "ADR-0001", "supersedes")
    assert sorted(_declared(item_graph, both)) == [
        ("ADR-0001", "superseded-by", 0),
        ("ADR-0002", "supersedes", 0),
    ]
    assert item_graph.outgoing("ADR-0002", "supersedes") == ["ADR-0001"]
    assert item_graph.incoming("ADR-0001", "supersedes") == ["ADR-0002"]
    # Written on one side only: ADR-0003 introduces RISK-003.
    assert _declared(item_graph, ("ADR-0003", "RISK-003", "introduces")) == [
        ("ADR-0003", "introduces", 0)
    ]


def test_an_edge_declared_three_times_keeps_all_three(copy: Path) -> None:
    edit(
        copy / "docs/decisions/0003-use-one-cloud-provider.md",
        "introduces: [RISK-003]",
        "introduces: [RISK-003, RISK-003, RISK-003]",
    )
    item_graph = _built(copy)
    assert _declared(item_graph, ("ADR-0003", "RISK-003", "introduces")) == [
        ("ADR-0003", "introduces", 0),
        ("ADR-0003", "introduces", 1),
        ("ADR-0003", "introduces", 2),
    ]
    assert item_graph.outgoing("ADR-0003", "introduces") == ["RISK-003"]


def test_a_reference_to_no_item_leaves_the_other_edges(copy: Path) -> None:
    # ADR-0001 is the first item read: its dangling reference comes before every other.
    edit(
        copy / "docs/decisions/0001-use-self-hosted-postgres.md",
        "superseded-by: [ADR-0002]",
        "superseded-by: [ADR-0002]\nrelates-to: [ADR-9999]",
    )
    before = {(e.source, e.target, e.relation) for e in _built(FIXTURE).edges()}
    after = {(e.source, e.target, e.relation) for e in _built(copy).edges()}
    assert after == before
    assert len(after) > 5


def test_the_networkx_graph_is_built_when_asked(project: Path) -> None:
    item_graph = _built(project)
    nx_graph = item_graph.graph
    assert list(nx_graph.nodes) == list(item_graph.items)
    assert sorted(nx_graph.edges(keys=True)) == sorted(
        (e.source, e.target, e.relation) for e in item_graph.edges()
    )
    assert item_graph.graph is nx_graph


def test_a_copy_lists_its_edges_in_the_networkx_order(copy: Path) -> None:
    # ADR-0003 → RISK-003 (introduces), → ADR-0004 (relates-to), → RISK-003 (mitigates):
    # a MultiDiGraph lists a source's edges by target, in the order of its first edge to
    # each, so the two to RISK-003 come together.
    edit(
        copy / "docs/decisions/0003-use-one-cloud-provider.md",
        "relates-to: [ADR-0004]",
        "relates-to: [ADR-0004]\nmitigates: [RISK-003]",
    )
    item_graph = _built(copy)
    full = [e for e in item_graph.graph.edges(keys=True) if e[0] == "ADR-0003"]
    assert full == [
        ("ADR-0003", "RISK-003", "introduces"),
        ("ADR-0003", "RISK-003", "mitigates"),
        ("ADR-0003", "ADR-0004", "relates-to"),
    ]
    assert list(item_graph.subgraph().graph.edges(keys=True)) == list(
        item_graph.graph.edges(keys=True)
    )


def test_a_neighbourhood_goes_on_through_edges_that_end_at_an_item(project: Path) -> None:
    item_graph = _built(project)
    # RB-001 ← FM-001 (handled-by) ← … : FM-001 is reached by an edge ending at RB-001, and
    # what is next to FM-001 one step further.
    one = item_graph.neighbourhood("RB-001", 1)
    two = item_graph.neighbourhood("RB-001", 2)
    assert one == {"RB-001", "FM-001"}
    assert two == one | {"SLO-001"}
    with pytest.raises(KeyError) as unknown:
        item_graph.neighbourhood("RB-404", 1)
    assert unknown.value.args == ("RB-404",)


# -- reports written whole (mutation testing) -----------------------------------------------
# The tests above read the JSON back, which leaves out its indent and whether non-ASCII text
# is kept as it is.


def test_coverage_json_is_written_out(project: Path) -> None:
    def row(name: str, kind: str, relation: str, covered: str, uncovered: str, pc: str) -> str:
        return (
            f'    {{\n      "name": "{name}",\n      "kind": "{kind}",\n'
            f'      "relation": "{relation}",\n      "covered": {covered},\n'
            f'      "uncovered": {uncovered},\n      "percent": {pc}\n    }}'
        )

    result = run("coverage", "--format", "json", "--today", TODAY)
    assert result.stdout == (
        '{\n  "version": 1,\n  "coverage": [\n'
        + row(
            "risks × mitigations",
            "risk",
            "mitigated-by",
            '[\n        "RISK-001",\n        "RISK-003"\n      ]',
            '[\n        "RISK-002"\n      ]',
            "66.7",
        )
        + ",\n"
        + row(
            "threats × mitigations",
            "threat",
            "mitigated-by",
            '[\n        "THR-001",\n        "THR-002"\n      ]',
            "[]",
            "100.0",
        )
        + ",\n"
        + row(
            "failure modes × runbooks",
            "failure-mode",
            "handled-by",
            '[\n        "FM-001"\n      ]',
            '[\n        "FM-002"\n      ]',
            "50.0",
        )
        + "\n  ]\n}\n"
    )


def test_coverage_table_lists_each_uncovered_item(project: Path) -> None:
    result = run("coverage", "--today", "2100-01-01")
    assert result.stdout == (
        "                          covered  total  percent  uncovered\n"
        "risks × mitigations             1      3    33.3%  RISK-002, RISK-003\n"
        "threats × mitigations           2      2   100.0%  -\n"
        "failure modes × runbooks        1      2    50.0%  FM-002\n"
    )


def test_impact_json_is_written_out(copy: Path) -> None:
    # A title that is not ASCII, kept as it is.
    adr = copy / ADR_0002
    edit(adr, "title: Use managed Postgres\n", "title: Use managed Postgres, à la carte\n")
    edit(adr, "# Use managed Postgres\n", "# Use managed Postgres, à la carte\n")

    def step(source: str, relation: str, target: str) -> str:
        return (
            f'        {{\n          "source": "{source}",\n'
            f'          "relation": "{relation}",\n          "target": "{target}"\n        }}'
        )

    assert graph("--format", "json", "--impact", "ADR-0001") == (
        '{\n  "version": 1,\n  "item": "ADR-0001",\n  "impacted": [\n'
        '    {\n      "id": "ADR-0002",\n      "kind": "adr",\n'
        '      "title": "Use managed Postgres, à la carte",\n      "path": [\n'
        + step("ADR-0001", "superseded-by", "ADR-0002")
        + "\n      ]\n    },\n"
        '    {\n      "id": "RISK-001",\n      "kind": "risk",\n'
        '      "title": "Database outage stops payments",\n      "path": [\n'
        + step("ADR-0001", "superseded-by", "ADR-0002")
        + ",\n"
        + step("ADR-0002", "mitigates", "RISK-001")
        + "\n      ]\n    }\n  ]\n}\n"
    )
