"""Kinds a project declares itself, beside its own relations, in the handbook block."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "project-kinds"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.chdir(copy)
    return copy


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_project_kind_is_validated_like_a_built_in_one(project: Path) -> None:
    code, out, _ = run("lint", "--format", "json")

    assert code == 1
    found = [(d["path"], d["line"], d["code"]) for d in json.loads(out)["diagnostics"]]
    assert found == [
        ("docs/postmortems/pm-001-outage.md", 2, "HB101"),  # impact-start, from its schema
        ("docs/postmortems/pm-001-outage.md", 4, "HB102"),  # status 'reviewd'
        ("docs/postmortems/pm-001-outage.md", 5, "HB202"),  # breached: SLO-009
        ("docs/postmortems/pm-001-outage.md", 6, "HB301"),  # its sections, from x-handbook
    ]


def test_a_project_kind_takes_part_in_the_graph_and_the_commands(project: Path) -> None:
    graph = json.loads(run("graph", "--format", "json")[1])
    assert {"source": "PM-002", "target": "SLO-001", "relation": "breached"} in graph["edges"]
    assert {n["id"]: n["kind"] for n in graph["nodes"]}["PM-002"] == "postmortem"
    code, out, _ = run("new", "postmortem", "Payments timed out", "--dry-run")
    assert code == 0 and "id: PM-003" in out
    assert "postmortem" in run("schema")[1]
    assert run("graph", "--impact", "SLO-001")[1].startswith("Nothing relies")
    assert "PM-002" in run("graph", "--impact", "PM-002", "--format", "json")[1]


@pytest.mark.parametrize(
    ("kinds", "schema_text", "message"),
    [
        ("{postmortem: {schema: missing.json}}", None, "cannot read missing.json"),
        ("{postmortem: {schema: schemas/bad.json}}", "{not json", "is not JSON"),
        ("{postmortem: {schema: schemas/bad.json}}", '{"type": 5}', "is not a valid JSON Schema"),
        (
            "{postmortem: {schema: schemas/bad.json}}",
            '{"$ref": "nowhere.json#/x"}',
            "plugins.handbook.kinds.postmortem",
        ),
        (  # validation and our own lookups would go round for ever
            "{postmortem: {schema: schemas/bad.json}}",
            '{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},'
            ' "properties": {"title": {"$ref": "#/$defs/a"}}}',
            "plugins.handbook.kinds.postmortem: $ref cycle #/$defs/a -> #/$defs/b -> #/$defs/a"
            " never reaches a schema",
        ),
        (
            "{postmortem: {schema: schemas/bad.json}}",
            '{"properties": {"title": {"$ref": "#/properties/title"}}}',
            "$ref cycle #/properties/title -> #/properties/title never reaches a schema",
        ),
        (
            "{postmortem: {schema: schemas/postmortem.json, colour: red}}",
            None,
            "unknown key 'colour'",
        ),
        ("{Post Mortem: {schema: schemas/postmortem.json}}", None, "lower-case words"),
        ("{postmortem: schemas/postmortem.json}", None, "'schema: PATH'"),
    ],
)
def test_a_broken_kind_declaration_is_one_line_and_exit_2(
    project: Path, kinds: str, schema_text: str | None, message: str
) -> None:
    if schema_text is not None:
        (project / "schemas" / "bad.json").write_text(schema_text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("        postmortem: {schema: schemas/postmortem.json}", f"        {kinds}")
        .replace("      kinds:\n        {", "      kinds: {"),
        encoding="utf-8",
    )

    code, _, err = run("lint")

    assert code == 2, err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_tree_schema_that_refers_to_itself_through_properties_is_fine(project: Path) -> None:
    # Recursion through a property (a tree of steps) reaches a schema at each level.
    schema = json.loads((project / "schemas" / "postmortem.json").read_text(encoding="utf-8"))
    schema["$defs"] = {"step": {"type": "object", "properties": {"then": {"$ref": "#/$defs/step"}}}}
    schema["properties"]["steps"] = {"$ref": "#/$defs/step"}
    (project / "schemas" / "postmortem.json").write_text(json.dumps(schema), encoding="utf-8")
    code, _, err = run("lint")
    assert code == 1 and err == ""
