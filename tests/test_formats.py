"""Every ``handbook lint --format``: snapshots of the fixture project, and format contracts.

Snapshots
    ``tests/snapshots/lint.<format>.txt`` holds the output of
    ``handbook lint --format <format> --today 2025-06-01`` run in ``tests/fixtures/cli/``,
    byte for byte (in the SARIF snapshot the tool's version reads ``<version>``, so that a
    release does not rewrite it). When an output change is intended, rewrite them with::

        HANDBOOK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_formats.py

    and review the diff of ``tests/snapshots/`` like any other change.

Contracts
    What other tools rely on, checked on the parsed output: the JSON keys of PRODUCT.md,
    SARIF 2.1.0 against the official schema (vendored in ``tests/data/``, nothing is
    fetched), GitHub workflow-command escaping as actions/toolkit does it, the GitLab Code
    Quality shape, JUnit XML, and byte-for-byte reproducibility.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner, Result

from handbook import __version__
from handbook.cli import main
from handbook.finding import Finding, Severity
from handbook.lint import LintResult
from handbook.load import Corpus
from handbook.report import FORMATS, github, json_format
from handbook.rules import ALL_RULES, RULES_BY_KEY

TESTS = Path(__file__).parent
FIXTURE = TESTS / "fixtures" / "cli"
SNAPSHOTS = TESTS / "snapshots"
SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
TODAY = "2025-06-01"
SNAPSHOT_FORMATS = ["full", "concise", "json", "github", "gitlab", "sarif", "junit"]
UPDATE = os.environ.get("HANDBOOK_UPDATE_SNAPSHOTS") == "1"

DIAGNOSTIC_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "rule",
    "severity",
    "message",
    "item",
}
SUMMARY_KEYS = {"files", "items", "errors", "warnings", "infos"}
DOCUMENTS = {
    "docs/index.md",
    "docs/decisions/0001-use-postgres.md",
    "docs/decisions/0002-cache-layer.md",
    "docs/risks/risk-001-stale-prices.md",
    "docs/runbooks/rb-001-failover.md",
}

CODE_QUALITY_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "description": "GitLab Code Quality report: an array of violations.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {
                            "begin": {"type": "integer", "minimum": 1},
                            "end": {"type": "integer", "minimum": 1},
                        },
                    },
                },
            },
        },
    },
}


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(FIXTURE)


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the fixture project, which is the working directory."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target


def lint(output_format: str, *args: str) -> str:
    """The report of ``handbook lint --format FORMAT --today TODAY ARGS``."""
    result: Result = CliRunner().invoke(
        main, ["lint", "--format", output_format, "--today", TODAY, *args], prog_name="handbook"
    )
    assert isinstance(result.exception, SystemExit | None), result.output
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def diagnostics(*args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(lint("json", *args))["diagnostics"]
    return found


def unescape_data(text: str) -> str:
    """The reverse of actions/toolkit ``escapeData``."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    """The reverse of actions/toolkit ``escapeProperty``."""
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


_COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")


def parse_github(output: str) -> list[dict[str, str]]:
    """Each workflow command as the runner reads it: level, unescaped properties, message."""
    commands = []
    for line in output.splitlines():
        match = _COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        command = {"level": match["level"], "message": unescape_data(match["message"])}
        for pair in match["properties"].split(","):
            key, _, value = pair.partition("=")
            command[key] = unescape_property(value)
        commands.append(command)
    return commands


def _add_weird_runbook(project: Path) -> str:
    """A runbook whose file name and unknown key hold every character GitHub escapes."""
    name = "docs/runbooks/rb-002:restore,drill.md"
    (project / name).write_text(
        "---\n"
        "id: RB-002\n"
        "title: Restore drill\n"
        "status: active\n"
        "owner: team-orders\n"
        "mitigates: [RISK-001]\n"
        '"odd:key,100%\\nnext": 1\n'
        "---\n\n# Restore drill\n\n## Symptoms\n\nx\n\n## Steps\n\ny\n\n## Verification\n\nz\n",
        encoding="utf-8",
    )
    return name


def _normalised(output_format: str, text: str) -> str:
    if output_format == "sarif":
        for key in ("semanticVersion", "version"):
            text = text.replace(f'"{key}": "{__version__}"', f'"{key}": "<version>"', 1)
    return text


# -- snapshots ------------------------------------------------------------------------------


def test_every_format_has_a_snapshot() -> None:
    assert sorted(FORMATS) == sorted(SNAPSHOT_FORMATS)
    if not UPDATE:
        stored = sorted(p.name for p in SNAPSHOTS.glob("lint.*.txt"))
        assert stored == sorted(f"lint.{name}.txt" for name in SNAPSHOT_FORMATS)


@pytest.mark.parametrize("output_format", SNAPSHOT_FORMATS)
def test_snapshot(output_format: str) -> None:
    output = _normalised(output_format, lint(output_format))
    snapshot = SNAPSHOTS / f"lint.{output_format}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_bytes(output.encode("utf-8"))
        return
    assert snapshot.is_file(), (
        f"no snapshot; run with HANDBOOK_UPDATE_SNAPSHOTS=1 to write {snapshot}"
    )
    assert output == snapshot.read_bytes().decode("utf-8")


@pytest.mark.parametrize("output_format", SNAPSHOT_FORMATS)
def test_output_is_byte_for_byte_reproducible(output_format: str) -> None:
    first = lint(output_format)
    assert first
    assert lint(output_format) == first


def test_sarif_version_is_the_package_version() -> None:
    driver = json.loads(lint("sarif"))["runs"][0]["tool"]["driver"]
    assert driver["semanticVersion"] == driver["version"] == __version__


# -- json -----------------------------------------------------------------------------------


def test_json_has_exactly_the_contract_keys() -> None:
    report = json.loads(lint("json"))
    assert set(report) == {"version", "summary", "diagnostics"}
    assert report["version"] == 1
    assert set(report["summary"]) == SUMMARY_KEYS
    assert report["diagnostics"]
    for diagnostic in report["diagnostics"]:
        assert set(diagnostic) == DIAGNOSTIC_KEYS


def test_json_values_have_the_contract_types() -> None:
    report = json.loads(lint("json"))
    summary = report["summary"]
    assert all(isinstance(summary[key], int) for key in SUMMARY_KEYS)
    assert (summary["files"], summary["items"]) == (5, 4)
    found = report["diagnostics"]
    for severity in ("error", "warning", "info"):
        assert summary[f"{severity}s"] == sum(d["severity"] == severity for d in found)
    for d in found:
        assert all(isinstance(d[key], int) and d[key] >= 1 for key in ("line", "column"))
        assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"])
        assert re.fullmatch(r"HB\d{3}", d["code"])
        assert d["rule"] == RULES_BY_KEY[d["code"]].name
        assert d["severity"] in ("error", "warning", "info")
        assert isinstance(d["message"], str) and d["message"]
        assert d["item"] is None or isinstance(d["item"], str)


def test_json_paths_are_relative_with_forward_slashes() -> None:
    for d in diagnostics():
        path = d["path"]
        assert not Path(path).is_absolute()
        assert "\\" not in path and ".." not in path.split("/")
        assert path in DOCUMENTS
        assert (FIXTURE / path).is_file()


def test_json_positions_point_at_the_offending_text() -> None:
    spans = {}
    for d in diagnostics():
        lines = (FIXTURE / d["path"]).read_text(encoding="utf-8").split("\n")
        assert d["end_line"] == d["line"]
        spans[d["code"], d["line"]] = lines[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1]
    assert spans == {
        ("HB102", 3): "approved 100%",
        ("HB401", 10): "2025-03-31",
        ("HB303", 17): "TODO",
        ("HB302", 23): "## More Information",
        ("HB202", 9): "ADR-0042",
        ("HB103", 8): "on-call",
    }


def test_json_paths_are_relative_to_mkdocs_yml_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = lint("json")
    monkeypatch.chdir(tmp_path)
    assert lint("json", "--config-file", str(FIXTURE / "mkdocs.yml")) == expected


# -- sarif ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("args", [[], ["--select", "HB3"], ["docs/decisions/0001-use-postgres.md"]])
def test_sarif_validates_against_the_official_schema(
    sarif_validator: jsonschema.Draft7Validator, args: list[str]
) -> None:
    log = json.loads(lint("sarif", *args))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"


@pytest.mark.parametrize("args", [[], ["--select", "HB3"]])
def test_sarif_rule_index_points_at_the_rule(args: list[str]) -> None:
    [run] = json.loads(lint("sarif", *args))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in ALL_RULES]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_has_what_github_code_scanning_requires() -> None:
    [run] = json.loads(lint("sarif"))["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "handbook"
    for rule in driver["rules"]:
        for field in ("shortDescription", "fullDescription", "help"):
            assert 0 < len(rule[field]["text"]) <= (1024 if field != "help" else 10**6)
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
    levels = {"error": "error", "warning": "warning", "info": "note"}
    found = diagnostics()
    assert len(run["results"]) == len(found)
    for result, d in zip(run["results"], found, strict=True):
        assert result["ruleId"] == d["code"]
        assert result["level"] == levels[d["severity"]]
        assert result["message"]["text"] == d["message"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == d["path"]
        region = physical["region"]
        start = (region["startLine"], region["startColumn"])
        assert start == (d["line"], d["column"])
        assert (region["endLine"], region["endColumn"]) > start
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_sarif_uri_base_ids_are_absolute_or_left_to_the_consumer() -> None:
    [run] = json.loads(lint("sarif"))["runs"]
    for location in run.get("originalUriBaseIds", {}).values():
        if "uri" in location and "uriBaseId" not in location:
            assert re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", location["uri"])
            assert location["uri"].endswith("/")


def test_sarif_fingerprints_tell_repeated_findings_apart(copy: Path) -> None:
    runbook = copy / "docs/runbooks/rb-001-failover.md"
    with runbook.open("a", encoding="utf-8") as file:
        file.write("\nTODO: rehearse in staging.\n\nTODO: rehearse in production.\n")
    [run] = json.loads(lint("sarif"))["runs"]
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]]
    assert sum(r["ruleId"] == "HB303" for r in run["results"]) == 3
    assert len(set(hashes)) == len(hashes)


# -- github ---------------------------------------------------------------------------------


def test_github_commands_carry_every_finding() -> None:
    output = lint("github")
    commands = parse_github(output)
    found = diagnostics()
    assert len(output.splitlines()) == len(commands) == len(found)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for command, d in zip(commands, found, strict=True):
        assert command == {
            "level": levels[d["severity"]],
            "file": d["path"],
            "line": str(d["line"]),
            "endLine": str(d["end_line"]),
            "col": str(d["column"]),
            "endColumn": str(d["end_column"]),
            "title": f"{d['code']} {d['rule']}",
            "message": d["message"],
        }


def test_github_escapes_percent_in_the_message() -> None:
    [line] = [line for line in lint("github").splitlines() if "HB102" in line]
    # escapeData: '%' becomes '%25'; ':' and ',' stay as they are in the message.
    assert line.endswith(
        "::status: 'approved 100%25' is not one of draft, proposed, accepted, rejected, "
        "deprecated, superseded"
    )


@pytest.mark.skipif(os.name == "nt", reason="a file name with ':' is not allowed on Windows")
def test_github_escapes_properties_and_newlines_end_to_end(copy: Path) -> None:
    name = _add_weird_runbook(copy)
    output = lint("github", "docs/runbooks")
    [line] = [line for line in output.splitlines() if "RB-002" in line or "rb-002" in line]
    assert "file=docs/runbooks/rb-002%3Arestore%2Cdrill.md," in line
    # The key's newline is escaped in the message itself (it stays one line everywhere);
    # the % is escaped for the workflow command.
    assert line.endswith("::unknown field 'odd:key,100%25\\nnext'; custom fields start with 'x-'")
    [command] = [c for c in parse_github(output) if c["file"] == name]
    assert (
        command["message"] == "unknown field 'odd:key,100%\\nnext'; custom fields start with 'x-'"
    )
    assert len(output.splitlines()) == len(diagnostics("docs/runbooks"))


def test_github_escaping_matches_actions_toolkit() -> None:
    finding = Finding(
        path="docs/a:b,c%.md",
        line=2,
        column=3,
        end_line=2,
        end_column=9,
        code="HB102",
        rule="invalid-value",
        severity=Severity.INFO,
        message="first\r\nsecond: 50%, third",
    )
    output = github.render(LintResult([finding], 1, 1, Corpus()))
    assert output == (
        "::notice file=docs/a%3Ab%2Cc%25.md,line=2,endLine=2,col=3,endColumn=9,"
        "title=HB102 invalid-value::first%0D%0Asecond: 50%25, third\n"
    )
    [command] = parse_github(output)
    assert (command["file"], command["message"]) == (finding.path, finding.message)


# -- gitlab ---------------------------------------------------------------------------------


def test_gitlab_has_the_code_quality_shape() -> None:
    report = json.loads(lint("gitlab"))
    jsonschema.Draft7Validator.check_schema(CODE_QUALITY_SCHEMA)
    errors = [
        e.message for e in jsonschema.Draft7Validator(CODE_QUALITY_SCHEMA).iter_errors(report)
    ]
    assert errors == []
    found = diagnostics()
    assert len(report) == len(found)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for entry, d in zip(report, found, strict=True):
        assert entry["location"]["path"] == d["path"]
        assert entry["location"]["lines"]["begin"] == d["line"]
        assert entry["severity"] == severities[d["severity"]]
        assert d["code"] in entry["check_name"]
        assert d["message"] in entry["description"]


def test_gitlab_fingerprints_are_unique_and_stable() -> None:
    report = json.loads(lint("gitlab"))
    fingerprints = [entry["fingerprint"] for entry in report]
    assert len(set(fingerprints)) == len(fingerprints)
    narrowed = json.loads(lint("gitlab", "docs/decisions"))
    by_fingerprint = {entry["fingerprint"]: entry for entry in report}
    assert all(by_fingerprint[e["fingerprint"]] == e for e in narrowed)


def test_gitlab_fingerprints_tell_repeated_findings_apart(copy: Path) -> None:
    runbook = copy / "docs/runbooks/rb-001-failover.md"
    with runbook.open("a", encoding="utf-8") as file:
        file.write("\nTODO: rehearse in staging.\n\nTODO: rehearse in production.\n")
    report = json.loads(lint("gitlab"))
    assert sum(entry["check_name"].startswith("HB303") for entry in report) == 3
    fingerprints = [entry["fingerprint"] for entry in report]
    assert len(set(fingerprints)) == len(fingerprints)


# -- junit ----------------------------------------------------------------------------------


def test_junit_counts_failures_per_file() -> None:
    output = lint("junit")
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert {case.get("name") for case in cases} == DOCUMENTS
    found = diagnostics()
    failing = 0
    for case in cases:
        path = case.get("name")
        assert case.get("file") == path
        errors = [d for d in found if d["path"] == path and d["severity"] == "error"]
        others = [d for d in found if d["path"] == path and d["severity"] != "error"]
        failures = case.findall("failure")
        assert len(failures) == (1 if errors else 0), path
        if errors:
            failing += 1
            assert failures[0].get("message") == f"{len(errors)} error(s)"
            assert (failures[0].text or "").count("\n") + 1 == len(errors)
            assert all(d["message"] in (failures[0].text or "") for d in errors)
        out = case.find("system-out")
        assert (out is not None) == bool(others), path
        if out is not None:
            assert all(d["message"] in (out.text or "") for d in others)
    for element in (root, suite):
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(failing) == "2"


def test_junit_escapes_markup_from_the_documents(copy: Path) -> None:
    adr = copy / "docs/decisions/0002-cache-layer.md"
    adr.write_text(
        adr.read_text(encoding="utf-8").replace("approved 100%", "<b>approved</b> & ]]>"),
        encoding="utf-8",
    )
    root = ET.fromstring(lint("junit").encode("utf-8"))
    [failure] = [
        case.find("failure")
        for case in root.iter("testcase")
        if case.get("name") == "docs/decisions/0002-cache-layer.md"
    ]
    assert failure is not None
    assert "'<b>approved</b> & ]]>'" in (failure.text or "")


# -- one line per finding -------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="a file name with ':' is not allowed on Windows")
def test_concise_prints_one_line_per_finding_whatever_the_message(copy: Path) -> None:
    _add_weird_runbook(copy)
    output = lint("concise", "docs/runbooks")
    found = diagnostics("docs/runbooks")
    assert len(found) == 2
    assert len(output.splitlines()) == len(found) + 1


# -- positions against independent expectations --------------------------------------------
# Three findings whose spans are known from the text alone, counted by hand below:
#   one character   HB102 on ``status: x`` (line 5): the ``x`` is column 9, so the span ends
#                   before column 10;
#   zero width      HB301 in a record without Consequences: the insertion point at the start of
#                   line 7 (the frontmatter's closing ``---``), column 1 to column 1;
#   multi-line      HB100 on a frontmatter that is a list: from line 2, column 1 to the end of
#                   line 3 (``- id: ADR-0003``, 14 characters), so it ends before column 15.
# Finding columns are 1-based and ``end_column`` is exclusive, as SARIF's ``endColumn`` is
# ("the column number of the character following the end of the region", SARIF 2.1.0 §3.30.8).

POSITION_DOCS = {
    "docs/decisions/0001-use-kafka.md": (
        "---\nkind: adr\nid: ADR-0001\ntitle: Use Kafka\nstatus: x\ndate: 2025-06-01\n---\n"
        "# Use Kafka\n\n## Context\n\nOrders arrive faster than the workers take them.\n\n"
        "## Decision\n\nWe put Kafka in between.\n\n## Consequences\n\nWe run a cluster.\n"
    ),
    "docs/decisions/0002-use-redis.md": (
        "---\nkind: adr\nid: ADR-0002\ntitle: Use Redis\nstatus: accepted\ndate: 2025-06-01\n---\n"
        "# Use Redis\n\n## Context\n\nReads are slow.\n\n## Decision\n\nWe cache in Redis.\n"
    ),
    "docs/decisions/0003-use-memcached.md": (
        "---\n- kind: adr\n- id: ADR-0003\n---\n# Use Memcached\n"
    ),
}
ONE_CHAR = "docs/decisions/0001-use-kafka.md"
ZERO_WIDTH = "docs/decisions/0002-use-redis.md"
MULTI_LINE = "docs/decisions/0003-use-memcached.md"
POSITIONS = {
    # path: (line, column, end line, end column), counted in POSITION_DOCS by hand
    ONE_CHAR: (5, 9, 5, 10),
    ZERO_WIDTH: (7, 1, 7, 1),
    MULTI_LINE: (2, 1, 3, 15),
}
INVALID_STATUS = (
    "status: 'x' is not one of draft, proposed, accepted, rejected, deprecated, superseded"
)
MISSING_CONSEQUENCES = (
    "missing section 'Consequences' (a heading named 'Consequences', 'Positive Consequences', "
    "'Negative Consequences')"
)
NOT_A_MAPPING = "frontmatter must be a mapping of keys to values, not a list"


@pytest.fixture
def positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with exactly the three findings of POSITIONS; the working directory."""
    project = tmp_path / "positions"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Positions\n", encoding="utf-8")
    for rel, text in POSITION_DOCS.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def _text_at(path: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The text a 1-based span with an exclusive end column covers in POSITION_DOCS."""
    lines = POSITION_DOCS[path].split("\n")
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    middle = lines[line : end_line - 1]
    return "\n".join(
        [lines[line - 1][column - 1 :], *middle, lines[end_line - 1][: end_column - 1]]
    )


def test_position_fixture_spans_the_intended_text() -> None:
    # The expectations above, checked against the text itself rather than against handbook.
    assert _text_at(ONE_CHAR, *POSITIONS[ONE_CHAR]) == "x"
    assert _text_at(ZERO_WIDTH, *POSITIONS[ZERO_WIDTH]) == ""
    assert _text_at(MULTI_LINE, *POSITIONS[MULTI_LINE]) == "- kind: adr\n- id: ADR-0003"


def test_json_positions_match_the_independent_expectations(positions: Path) -> None:
    found = {
        d["path"]: (d["line"], d["column"], d["end_line"], d["end_column"]) for d in diagnostics()
    }
    assert found == POSITIONS


def test_sarif_regions_match_the_independent_expectations(positions: Path) -> None:
    [run] = json.loads(lint("sarif"))["runs"]
    regions = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in run["results"]
    }
    assert regions == {
        ONE_CHAR: ("HB102", {"startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 10}),
        # A zero-width finding is widened to its first character, so that viewers have
        # something to underline: SARIF allows an empty region, GitHub shows nothing for it.
        ZERO_WIDTH: ("HB301", {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 2}),
        MULTI_LINE: ("HB100", {"startLine": 2, "startColumn": 1, "endLine": 3, "endColumn": 15}),
    }
    one = regions[ONE_CHAR][1]
    assert _text_at(ONE_CHAR, *one.values()) == "x"
    multi = regions[MULTI_LINE][1]
    assert _text_at(MULTI_LINE, *multi.values()) == "- kind: adr\n- id: ADR-0003"


def test_github_positions_match_the_independent_expectations(positions: Path) -> None:
    assert lint("github").splitlines() == [
        f"::error file={ONE_CHAR},line=5,endLine=5,col=9,endColumn=10,"
        f"title=HB102 invalid-value::{INVALID_STATUS}",
        f"::error file={ZERO_WIDTH},line=7,endLine=7,col=1,endColumn=1,"
        f"title=HB301 missing-section::{MISSING_CONSEQUENCES}",
        f"::error file={MULTI_LINE},line=2,endLine=3,col=1,endColumn=15,"
        f"title=HB100 invalid-frontmatter::{NOT_A_MAPPING}",
    ]


def test_junit_positions_match_the_independent_expectations(positions: Path) -> None:
    root = ET.fromstring(lint("junit").encode("utf-8"))
    failures = {
        case.get("name"): (failure.get("message"), failure.text)
        for case in root.iter("testcase")
        if (failure := case.find("failure")) is not None
    }
    assert failures == {
        ONE_CHAR: ("1 error(s)", f"{ONE_CHAR}:5:9: HB102 [error] {INVALID_STATUS}"),
        ZERO_WIDTH: ("1 error(s)", f"{ZERO_WIDTH}:7:1: HB301 [error] {MISSING_CONSEQUENCES}"),
        MULTI_LINE: ("1 error(s)", f"{MULTI_LINE}:2:1: HB100 [error] {NOT_A_MAPPING}"),
    }


def test_concise_and_full_positions_match_the_independent_expectations(positions: Path) -> None:
    assert lint("concise").splitlines()[:3] == [
        f"{ONE_CHAR}:5:9: HB102 [error] {INVALID_STATUS}",
        f"{ZERO_WIDTH}:7:1: HB301 [error] {MISSING_CONSEQUENCES}",
        f"{MULTI_LINE}:2:1: HB100 [error] {NOT_A_MAPPING}",
    ]
    report = json.loads(lint("gitlab"))
    assert {e["location"]["path"]: e["location"]["lines"] for e in report} == {
        ONE_CHAR: {"begin": 5, "end": 5},
        ZERO_WIDTH: {"begin": 7, "end": 7},
        MULTI_LINE: {"begin": 2, "end": 3},
    }


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("100%", "100%25"),
        ("a\rb", "a%0Db"),
        ("a\nb", "a%0Ab"),
        ("a:b", "a%3Ab"),
        ("a,b", "a%2Cb"),
        ("%3A", "%253A"),  # an already escaped-looking value is escaped again, not kept
        ("a:b,c%\r\n", "a%3Ab%2Cc%25%0D%0A"),
    ],
)
def test_github_escapes_each_special_character_in_properties(value: str, escaped: str) -> None:
    finding = Finding(
        path=f"docs/{value}.md",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        code="HB303",
        rule="placeholder-text",
        severity=Severity.WARNING,
        message=f"m {value}",
    )
    [line] = github.render(LintResult([finding], 1, 1, Corpus())).splitlines()
    assert line.startswith(f"::warning file=docs/{escaped}.md,line=1,")
    # The message (data) escapes only %, CR and LF; ':' and ',' stay.
    data = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    assert line.endswith(f"::m {data}")
    [command] = parse_github(line)
    assert command["file"] == finding.path
    assert command["message"] == finding.message


# -- what mutation testing found untested ---------------------------------------------------


def test_junit_under_strict_counts_warnings_and_lists_every_finding() -> None:
    root = ET.fromstring(lint("junit", "--strict").encode("utf-8"))
    failures = {
        case.get("name"): (failure.get("message"), failure.text)
        for case in root.iter("testcase")
        if (failure := case.find("failure")) is not None
    }
    adr = "docs/decisions/0002-cache-layer.md"
    assert failures[adr] == (
        "4 finding(s) at warning or above",
        f"{adr}:3:9: HB102 [error] status: 'approved 100%' is not one of draft, proposed, "
        "accepted, rejected, deprecated, superseded\n"
        f"{adr}:10:14: HB401 [warning] waiver for placeholder-text expired on 2025-03-31; the "
        "findings it covered are reported again\n"
        f"{adr}:17:35: HB303 [warning] placeholder text 'TODO' left in the document\n"
        f"{adr}:23:1: HB302 [warning] section 'More Information' is empty",
    )
    assert root.get("failures") == "3"
    assert root.find("testsuite/testcase/system-out") is None  # nothing is below the threshold


@pytest.mark.parametrize("output_format", ["github", "concise", "gitlab", "sarif", "json"])
def test_no_findings_is_an_empty_report(output_format: str, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Empty\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Empty\n", encoding="utf-8")
    output = lint(output_format, "--config-file", str(tmp_path / "mkdocs.yml"))
    if output_format == "github":
        assert output == ""
    elif output_format == "concise":
        assert output.startswith("Nothing checked: 1 Markdown file, none of them an item. ")
    elif output_format == "gitlab":
        assert output == "[]\n"
    elif output_format == "sarif":
        assert json.loads(output)["runs"][0]["results"] == []
    else:
        assert json.loads(output)["diagnostics"] == []


@pytest.mark.parametrize("output_format", ["gitlab", "sarif", "json", "junit", "github"])
def test_reports_keep_non_ascii_text_as_it_is(output_format: str, tmp_path: Path) -> None:
    shutil.copytree(TESTS / "fixtures" / "rules" / "HB204-supersedes-cycle", tmp_path / "p")
    (tmp_path / "p" / "mkdocs.yml").write_text("site_name: Cycle\n", encoding="utf-8")
    output = lint(output_format, "--config-file", str(tmp_path / "p" / "mkdocs.yml"))
    assert "ADR-0001 → ADR-0002 → ADR-0001" in output
    assert "\\u2192" not in output


FULL_DOCS = {
    **POSITION_DOCS,
    # a tab before one finding (the caret follows the expanded line) and after another, on
    # the file's last line, which has no newline
    "docs/decisions/0004-use-sqs.md": (
        "---\nkind: adr\nid: ADR-0004\ntitle: Use SQS\nstatus: accepted\ndate: 2025-06-01\n---\n"
        "# Use SQS\n\n## Context\n\nQueues\tTODO: size them.\n\n## Decision\n\nWe use SQS.\n\n"
        "## Consequences\n\nTBD\tlater"
    ),
    # a finding on line 1
    "docs/decisions/0005-use-sns.md": (
        "---\nkind: adr\nid: ADR-0005\ntitle: Use SNS\nstatus: accepted\n---\n# Use SNS\n\n"
        "## Context\n\nFan-out.\n\n## Decision\n\nWe use SNS.\n\n## Consequences\n\nTopics.\n"
    ),
}


@pytest.fixture
def full_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "full"
    (project / "docs" / "decisions").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Full\n", encoding="utf-8")
    for rel, text in FULL_DOCS.items():
        (project / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def test_full_shows_each_source_line_with_carets_under_the_span(full_project: Path) -> None:
    help_ = {code: f"     = help: {RULES_BY_KEY[code].summary} ({RULES_BY_KEY[code].name})"
             for code in ("HB100", "HB101", "HB102", "HB301", "HB303")}  # fmt: skip
    assert lint("full") == "\n\n".join(
        [
            f"{ONE_CHAR}:5:9: HB102 [error] {INVALID_STATUS}\n"
            "   5 | status: x\n"
            "     |         ^\n" + help_["HB102"],
            f"{ZERO_WIDTH}:7:1: HB301 [error] {MISSING_CONSEQUENCES}\n"
            "   7 | ---\n"
            "     | ^\n" + help_["HB301"],
            f"{MULTI_LINE}:2:1: HB100 [error] {NOT_A_MAPPING}\n"
            "   2 | - kind: adr\n"
            "     | ^\n" + help_["HB100"],
            "docs/decisions/0004-use-sqs.md:12:8: HB303 [warning] placeholder text 'TODO' left "
            "in the document\n"
            "  12 | Queues  TODO: size them.\n"
            "     |         ^^^^\n" + help_["HB303"],
            "docs/decisions/0004-use-sqs.md:20:1: HB303 [warning] placeholder text 'TBD' left "
            "in the document\n"
            "  20 | TBD later\n"
            "     | ^^^\n" + help_["HB303"],
            "docs/decisions/0005-use-sns.md:3:1: HB101 [error] missing required field 'date'\n"
            "   3 | id: ADR-0005\n"
            "     | ^^^^^^^^^^^^\n" + help_["HB101"],
            "Found 4 errors, 2 warnings in 5 files, 4 items checked.\n",
        ]
    )


def test_summary_counts_each_severity_in_words_and_json(full_project: Path) -> None:
    (full_project / "mkdocs.yml").write_text(
        "site_name: Full\nplugins:\n  - handbook:\n      rules:\n        HB303: info\n"
        "        HB101: warning\n",
        encoding="utf-8",
    )
    assert lint("concise").splitlines()[-1] == (
        "Found 3 errors, 1 warning, 2 infos in 5 files, 4 items checked."
    )
    summary = json.loads(lint("json"))["summary"]
    assert summary == {"files": 5, "items": 4, "errors": 3, "warnings": 1, "infos": 2}
    assert lint("concise", "docs/decisions/0005-use-sns.md").splitlines()[-1] == (
        "Found 1 warning in 5 files, 4 items checked."
    )


def test_sarif_multi_line_region_may_end_left_of_its_start(tmp_path: Path) -> None:
    # A container's item spans from its first key to where the next item starts: the end
    # column on the last line is smaller than the start column, and must be kept as it is.
    shutil.copytree(TESTS / "fixtures" / "rules" / "HB501-unmitigated-risk", tmp_path / "p")
    (tmp_path / "p" / "mkdocs.yml").write_text("site_name: Risks\n", encoding="utf-8")
    [run] = json.loads(lint("sarif", "--config-file", str(tmp_path / "p" / "mkdocs.yml")))["runs"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert regions[0] == {"startLine": 8, "startColumn": 5, "endLine": 14, "endColumn": 3}


def test_gitlab_fingerprints_do_not_change_between_releases(positions: Path) -> None:
    # GitLab matches findings across pipelines by fingerprint: a new fingerprint for the same
    # finding shows it as fixed and new again. Findings with and without an item.
    report = json.loads(lint("gitlab"))
    assert {e["location"]["path"]: e["fingerprint"] for e in report} == {
        ONE_CHAR: "fc5cc245a7895f8d81edffe57be19bcc",  # about ADR-0001
        ZERO_WIDTH: "4b06cf2e5808b8547e60ce9384e5d850",  # about ADR-0002
        MULTI_LINE: "0fb48e8d8fa404117892e3f59c48de27",  # about no item
    }


# -- reports written whole (mutation testing) -----------------------------------------------


def test_full_quotes_the_line_as_it_is_from_the_first(tmp_path: Path) -> None:
    # A finding on line 1, a line ending in "X" and one ending in blanks: each quoted whole.
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: F\n", encoding="utf-8")
    (tmp_path / "docs" / "decisions" / "0001-use-x.md").write_text(
        "---\nkind: adr\nid: ADR-0001\ntitle: Use X\nstatus: doneX\ndate: 2025-01-01\n"
        "colour: red  \n---\n# Use X\n\n## Context\n\nWe need X.\n\n## Decision\n\nUse X.\n\n"
        "## Consequences\n\nX it is.\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "decisions" / "0002-open.md").write_text(
        "---\nkind: adr\nid: ADR-0002\n", encoding="utf-8"
    )
    output = lint("full", "--config-file", str(tmp_path / "mkdocs.yml"))
    assert output == (
        "docs/decisions/0001-use-x.md:5:9: HB102 [error] status: 'doneX' is not one of draft, "
        "proposed, accepted, rejected, deprecated, superseded\n"
        "   5 | status: doneX\n"
        "     |         ^^^^^\n"
        "     = help: A field's value has the wrong type, is not an allowed value, or is "
        "malformed. (invalid-value)\n\n"
        "docs/decisions/0001-use-x.md:7:1: HB103 [warning] unknown field 'colour'; custom "
        "fields start with 'x-'\n"
        "   7 | colour: red  \n"
        "     | ^^^^^^\n"
        "     = help: A field that the kind's schema does not define. (unknown-field)\n\n"
        "docs/decisions/0002-open.md:1:1: HB100 [error] frontmatter opened with '---' on line 1 "
        "is never closed (add a line with '---' after the last key)\n"
        "   1 | ---\n"
        "     | ^^^\n"
        "     = help: The frontmatter cannot be read as a YAML mapping. (invalid-frontmatter)\n\n"
        "Found 2 errors, 1 warning in 2 files, 1 item checked.\n"
    )


def test_full_quotes_no_line_of_a_file_it_has_not_read() -> None:
    finding = Finding(
        path="docs/gone.md",
        line=1,
        column=1,
        end_line=1,
        end_column=4,
        code="HB100",
        rule="invalid-frontmatter",
        severity=Severity.ERROR,
        message="unreadable",
    )
    assert FORMATS["full"](LintResult([finding], 1, 0, Corpus())) == (
        "docs/gone.md:1:1: HB100 [error] unreadable\n"
        "     = help: The frontmatter cannot be read as a YAML mapping. (invalid-frontmatter)\n\n"
        "Found 1 error in 1 file, 0 items checked.\n"
    )


def test_nothing_checked_says_how_to_make_an_item(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Empty\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Empty\n", encoding="utf-8")
    assert lint("concise", "--config-file", str(tmp_path / "mkdocs.yml")) == (
        "Nothing checked: 1 Markdown file, none of them an item. Give a document a 'kind:', "
        "put it in a kind's folder (decisions/ for ADRs, risks/, runbooks/, …) or map its "
        "folder with kind_folders in the handbook options; an existing decision log is read "
        "where it lies once its folder is mapped to adr, or moved in with 'handbook import'.\n"
    )


def test_json_diagnostic_is_the_entry_the_report_writes() -> None:
    # json_format.diagnostic, which the report writes out a piece at a time for speed, is
    # the same entry as a dict (a test of the report's memory reads it).
    findings = [
        Finding(
            "docs/ä.md",
            2,
            3,
            4,
            5,
            "HB202",
            "dangling-reference",
            Severity.WARNING,
            'ünknown "x"',
            "ADR-0001",
        ),
        Finding("docs/b.md", 6, 7, 8, 9, "HB100", "invalid-frontmatter", Severity.ERROR, "m"),
    ]
    result = LintResult(findings, 2, 1, Corpus())
    assert json.loads(FORMATS["json"](result))["diagnostics"] == [
        json_format.diagnostic(f) for f in findings
    ]
    assert json_format.diagnostic(findings[0]) == {
        "path": "docs/ä.md",
        "line": 2,
        "column": 3,
        "end_line": 4,
        "end_column": 5,
        "code": "HB202",
        "rule": "dangling-reference",
        "severity": "warning",
        "message": 'ünknown "x"',
        "item": "ADR-0001",
    }
