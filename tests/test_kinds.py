"""Every phase's kinds: the schemas are well-formed and described, a complete document of
each kind lints clean and an incomplete one yields exactly the findings it should,
``handbook new`` of each new kind lints clean once filled, and the new relations reach the
graph, its exports and the relations panel with no code of their own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from click.testing import CliRunner

from handbook import lint, settings_for_docs
from handbook.cli import main
from handbook.kinds import KindCatalog
from handbook.relations import RelationRegistry
from handbook.schemas import builtin_schemas

FIXTURES = Path(__file__).parent / "fixtures" / "kinds"
COMPLETE = FIXTURES / "complete"
TODAY = dt.date(2026, 1, 1)
NEW_KINDS = ("outcome", "constraint", "contract", "postmortem")
SCHEMAS = builtin_schemas()
KIND_NAMES = sorted(name for name, body in SCHEMAS.items() if "x-handbook" in body)


def run_lint(docs: Path) -> list[str]:
    settings = dataclasses.replace(settings_for_docs(docs), today=TODAY)
    return [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in lint(settings).findings]


def _properties(node: Any, path: str = "") -> list[tuple[str, str, Any]]:
    """(path, name, spec) of every property declared anywhere in a schema."""
    found = []
    if isinstance(node, dict):
        for name, spec in (node.get("properties") or {}).items():
            found.append((path, name, spec))
        for key, value in node.items():
            if key != "x-handbook":
                found += _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _properties(value, f"{path}/{index}")
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_is_draft_2020_12_with_every_property_described_in_kebab_case(
    name: str,
) -> None:
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema_rs.meta.validate(schema)
    for path, prop, spec in _properties(schema):
        assert prop == "$schema" or re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9.]+)*", prop), (
            path,
            prop,
        )
        assert isinstance(spec, dict) and spec.get("description"), (path, prop)


@pytest.mark.parametrize("name", NEW_KINDS)
def test_new_kinds_are_built_in_with_sections_and_status_groups(name: str) -> None:
    kind = KindCatalog.builtin()[name]
    assert kind.sections and all(section.synonyms for section in kind.sections)
    assert kind.folder and kind.phase
    assert kind.in_group("draft", "draft")


def test_the_new_relations_are_declared_with_their_inverse() -> None:
    relations = RelationRegistry.from_config({}).relations
    wanted = {
        "measured-by": ("measures", ["outcome"], ["slo"]),
        "constrains": (
            "constrained-by",
            ["constraint"],
            ["adr", "slo", "contract", "release-plan"],
        ),
        "involves": ("involved-in", ["postmortem"], ["failure-mode", "risk", "runbook"]),
        "rolled-back-by": ("rolls-back", ["release-plan"], ["runbook"]),
    }
    for name, (inverse, sources, targets) in wanted.items():
        relation = relations[name]
        got = (relation.inverse, sorted(relation.sources), sorted(relation.targets))
        assert got == (inverse, sorted(sources), sorted(targets)), name
    assert "contract" in relations["verified-by"].sources
    common = SCHEMAS["common"]["$defs"]["document"]["properties"]
    for name, (inverse, _, _) in wanted.items():
        assert name in common and inverse in common


def test_a_complete_document_of_every_phase_kind_lints_clean() -> None:
    assert run_lint(COMPLETE / "docs") == []


def test_an_incomplete_document_yields_exactly_these_findings() -> None:
    text = (FIXTURES / "incomplete" / "messages.txt").read_text(encoding="utf-8")
    assert run_lint(FIXTURES / "incomplete" / "docs") == text.splitlines()


NEW_EDGES = {
    ("OUT-001", "measured-by", "SLO-001"),
    ("CONS-001", "constrains", "ADR-0001"),
    ("CONS-001", "constrains", "CTR-001"),
    ("CONS-001", "constrains", "SLO-001"),
    ("CONS-001", "constrains", "REL-001"),
    ("CTR-001", "verified-by", "EXP-001"),
    ("PM-001", "involves", "FM-001"),
    ("PM-001", "involves", "RISK-001"),
    ("PM-001", "involves", "RB-001"),
    ("REL-001", "rolled-back-by", "RB-001"),
}


def _graph(*args: str) -> str:
    result = CliRunner().invoke(
        main,
        ["graph", "--config-file", str(COMPLETE / "mkdocs.yml"), *args],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_the_new_relations_are_graph_edges_in_every_export() -> None:
    graph = json.loads(_graph("--format", "json"))
    edges = {(e["source"], e["relation"], e["target"]) for e in graph["edges"]}
    assert edges >= NEW_EDGES
    kinds = {node["id"]: node["kind"] for node in graph["nodes"]}
    assert {kinds[i] for i in ("OUT-001", "CONS-001", "CTR-001", "PM-001")} == set(NEW_KINDS)
    csv = _graph("--format", "csv")
    assert "OUT-001,outcome,measured-by,SLO-001,slo" in csv
    assert "measured-by" in _graph("--format", "mermaid")


def test_coverage_and_impact_walk_the_new_relations() -> None:
    impact = json.loads(_graph("--impact", "SLO-001", "--format", "json"))
    # The outcome relies on the SLO that measures it (measured-by: dependent source).
    paths = {row["id"]: row["path"] for row in impact["impacted"]}
    assert paths["OUT-001"] == [{"source": "SLO-001", "relation": "measures", "target": "OUT-001"}]
    coverage = CliRunner().invoke(
        main,
        ["coverage", "--config-file", str(COMPLETE / "mkdocs.yml"), "--format", "json"],
        catch_exceptions=False,
    )
    assert coverage.exit_code == 0, coverage.output
    assert json.loads(coverage.output)["coverage"]


def test_the_built_site_shows_the_new_relations(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    completed = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=COMPLETE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    site = tmp_path / "site"
    graph = json.loads((site / "graph.json").read_text(encoding="utf-8"))
    assert {(e["source"], e["relation"], e["target"]) for e in graph["edges"]} >= NEW_EDGES
    html = (site / "outcomes" / "out-001-checkout-always-works" / "index.html").read_text()
    panel = html[html.index('class="hb-relations"') :]
    assert "measured-by" in panel and "slo-001-checkout-availability/" in panel
    slo = (site / "slos" / "slo-001-checkout-availability" / "index.html").read_text()
    panel = slo[slo.index('class="hb-relations"') :]
    assert "measures" in panel and "constrained-by" in panel
    runbook = (site / "runbooks" / "rb-001-roll-back-payments" / "index.html").read_text()
    panel = runbook[runbook.index('class="hb-relations"') :]
    assert "involved-in" in panel and "rolls-back" in panel


def _filled(text: str) -> str:
    """A new document as its author leaves it: every comment replaced by a sentence."""
    return re.sub(r"<!--.*?-->", "Written by the author.", text, flags=re.S)


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_handbook_new_of_each_new_kind_lints_clean_once_filled(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDBOOK_OWNER", "ana")
    runner = CliRunner()
    written = runner.invoke(main, ["new", kind, f"A new {kind}"], catch_exceptions=False)
    assert written.exit_code == 0, written.output
    path = tmp_path / written.output.strip()
    assert path.parent.name == KindCatalog.builtin()[kind].folder
    raw = runner.invoke(main, ["lint", "--format", "json"], catch_exceptions=False)
    assert {d["code"] for d in json.loads(raw.output)["diagnostics"]} == {"HB301"}
    path.write_text(_filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(main, ["lint", "--format", "json", "--strict"], catch_exceptions=False)
    assert json.loads(result.output)["diagnostics"] == [], result.output
    assert result.exit_code == 0
