"""The ``handbook`` command line: exit codes, options, configuration, ``schema`` and ``rules``.

Every test runs the click command in-process with ``CliRunner`` inside the fixture project
``tests/fixtures/cli/`` (or a copy of it, when a test changes the configuration). The
fixture's findings are known and fixed; on ``TODAY`` they are:

- ``docs/decisions/0001-use-postgres.md``: clean.
- ``docs/decisions/0002-cache-layer.md``: HB102 (error), HB302, HB303, HB401 (warnings);
  HB303 and HB401 only once its waiver has expired (2025-03-31).
- ``docs/risks/risk-001-stale-prices.md``: HB202 (error).
- ``docs/runbooks/rb-001-failover.md``: HB103 (warning) only.
- ``docs/index.md``: a landing page, never a finding.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from click.testing import CliRunner, Result
from referencing.jsonschema import DRAFT202012

from handbook.cli import main
from handbook.rules import ALL_RULES, RULES_BY_KEY
from handbook.schemas import builtin_schemas

FIXTURE = Path(__file__).parent / "fixtures" / "cli"
TODAY = "2025-06-01"
"""After the waiver in 0002-cache-layer.md expired: HB303 and HB401 are reported."""
BEFORE_EXPIRY = "2025-01-01"
"""Before that waiver expired: it silences HB303 and is not a finding itself."""

CLEAN = "docs/decisions/0001-use-postgres.md"
ADR = "docs/decisions/0002-cache-layer.md"
RISK = "docs/risks/risk-001-stale-prices.md"
RUNBOOK = "docs/runbooks/rb-001-failover.md"

EXPECTED = [
    (ADR, 3, "HB102"),
    (ADR, 10, "HB401"),
    (ADR, 17, "HB303"),
    (ADR, 23, "HB302"),
    (RISK, 9, "HB202"),
    (RUNBOOK, 8, "HB103"),
]
"""(path, line, code) of every finding of the fixture on TODAY, in output order."""
ALL_CODES = {code for _, _, code in EXPECTED}


# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CI variable of the machine running the tests changes the default format."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


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


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """``handbook ARGS``; never a traceback, whatever the exit code."""
    result = CliRunner().invoke(main, list(args), env=env, prog_name="handbook")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"handbook {' '.join(args)} raised {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    return result


def lint_json(*args: str) -> dict[str, Any]:
    result = run("lint", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def codes(document: dict[str, Any]) -> set[str]:
    return {d["code"] for d in document["diagnostics"]}


def assert_usage_error(result: Result, fragment: str) -> None:
    """Exit 2, nothing on stdout, and exactly one line of error that says ``fragment``."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert fragment in errors[0], result.stderr


# -- exit codes -----------------------------------------------------------------------------


def test_clean_file_exits_0(project: Path) -> None:
    result = run("lint", "--today", TODAY, CLEAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("All clear:")


def test_errors_exit_1(project: Path) -> None:
    result = run("lint", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.rstrip().endswith(
        "Found 2 errors, 4 warnings in 5 files, 4 items checked."
    )


def test_findings_are_the_known_mix(project: Path) -> None:
    document = lint_json()
    assert [(d["path"], d["line"], d["code"]) for d in document["diagnostics"]] == EXPECTED


def test_warnings_alone_exit_0(project: Path) -> None:
    result = run("lint", "--today", TODAY, RUNBOOK)
    assert result.exit_code == 0, result.output
    assert "HB103" in result.stdout


def test_strict_turns_warnings_into_exit_1(project: Path) -> None:
    assert run("lint", "--strict", "--today", TODAY, RUNBOOK).exit_code == 1
    assert run("lint", "--strict", "--today", TODAY, CLEAN).exit_code == 0


def test_junit_failures_follow_the_exit_code(project: Path) -> None:
    # Warnings alone: a green run and no failing test case; under --strict, both fail.
    relaxed = run("lint", "--format", "junit", "--today", TODAY, RUNBOOK)
    strict = run("lint", "--format", "junit", "--strict", "--today", TODAY, RUNBOOK)
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert 'failures="0"' in relaxed.stdout
    assert 'failures="1"' in strict.stdout


def test_unknown_plugin_option_is_a_warning_on_stderr(copy: Path) -> None:
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - handbook\n", "  - handbook:\n      fail_onn: warning\n"
        ),
        encoding="utf-8",
    )
    result = run("lint", "--today", TODAY, CLEAN)
    assert result.exit_code == 0
    assert "warning: mkdocs.yml: plugins.handbook.fail_onn: Unrecognised configuration name" in (
        result.stderr
    )


def test_exit_zero_reports_but_never_fails(project: Path) -> None:
    result = run("lint", "--exit-zero", "--today", TODAY)
    assert result.exit_code == 0
    assert "HB102" in result.stdout
    assert run("lint", "--exit-zero", "--strict", "--today", TODAY, RUNBOOK).exit_code == 0


def test_paths_narrow_the_report_to_a_folder(project: Path) -> None:
    document = lint_json("docs/decisions")
    assert {d["path"] for d in document["diagnostics"]} == {ADR}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["lint", "--bogus"], "No such option"),
        (["lint", "--select", "HB999"], "unknown rule 'HB999'"),
        (["lint", "--select", "HB102,no-such-rule"], "unknown rule 'no-such-rule'"),
        (["lint", "--ignore", "HB9"], "unknown rule 'HB9'"),
        (["lint", "--select", "missng-field"], "'missng-field' (did you mean 'missing-field'?)"),
        (["rules", "dangling-refrence"], "(did you mean 'dangling-reference'?)"),
        (["new", "adrr", "Use Kafka"], "unknown kind 'adrr' (did you mean 'adr'?); known kinds:"),
        (["schema", "runbok"], "unknown kind 'runbok' (did you mean 'runbook'?)"),
        (["lint", "--today", "2025-13-01"], "YYYY-MM-DD"),
        (["lint", "--format", "xml"], "'xml'"),
        (["lint", "docs/no-such-file.md"], "does not exist"),
        (["lint", "mkdocs.yml"], "outside the docs directory"),
        # A folder outside docs_dir is not read as a second handbook (the docs say exit 2).
        (["lint", "."], "outside the docs directory docs of mkdocs.yml"),
        (["lint", "--config-file", "no-such.yml"], "config file not found"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_usage_errors_exit_2(project: Path, args: list[str], fragment: str) -> None:
    assert_usage_error(run(*args), fragment)


# -- configuration --------------------------------------------------------------------------


def test_mkdocs_tags_and_inherit_are_read_as_mkdocs_does(project: Path) -> None:
    config = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")
    # The fixture keeps what MkDocs accepts and a plain YAML loader refuses.
    assert "!!python/name:material.extensions.emoji.twemoji" in config
    assert "INHERIT: base.yml" in config
    assert (FIXTURE / "base.yml").is_file()
    result = run("lint", "--today", TODAY)
    assert result.exit_code == 1, result.output


def test_mkdocs_reads_the_fixture_config_the_same_way(project: Path) -> None:
    from mkdocs.config import load_config

    from handbook.config import load_settings

    config = load_config(str(FIXTURE / "mkdocs.yml"))
    assert config["theme"].name == "material"  # from base.yml, through INHERIT
    assert config["site_name"] == "Handbook CLI fixture"  # the child's value wins
    assert "handbook" in config["plugins"]
    settings = load_settings(FIXTURE / "mkdocs.yml")
    assert settings.docs_dir == Path(config["docs_dir"]).resolve()
    assert settings.project_root == FIXTURE.resolve()


def test_inherited_settings_apply(copy: Path) -> None:
    (copy / "base.yml").write_text("docs_dir: elsewhere\n", encoding="utf-8")
    assert_usage_error(run("lint", "--today", TODAY), "docs directory not found")
    (copy / "docs").rename(copy / "elsewhere")
    document = lint_json()
    assert {d["path"].split("/")[0] for d in document["diagnostics"]} == {"elsewhere"}


BROKEN_CONFIGS = {
    "invalid YAML": ("site_name: a: b\n", "mkdocs.yml:1: invalid YAML"),
    # PyYAML counts a line separator inside a quoted value as a line break; editors do not.
    "invalid YAML after a line separator": (
        'site_name: "a\u2028b"\nrepo_name: x: y\n',
        "mkdocs.yml:2: invalid YAML",
    ),
    "plugins not a list": ("site_name: x\nplugins: search\n", "plugins must be a list"),
    "unknown rule in rules": (
        "site_name: x\nplugins:\n  - handbook:\n      rules:\n        HB999: error\n",
        "plugins.handbook.rules: unknown rule 'HB999'",
    ),
    "unknown severity in rules": (
        "site_name: x\nplugins:\n  - handbook:\n      rules:\n        HB303: loud\n",
        "unknown severity 'loud'",
    ),
    "options not a mapping": (
        "site_name: x\nplugins:\n  - handbook: [fast]\n",
        "options must be a mapping",
    ),
    "not a mapping": ("- site_name\n", "the configuration must be a mapping"),
    "INHERIT file missing": ("INHERIT: nope.yml\nsite_name: x\n", "INHERIT file not found"),
}


@pytest.mark.parametrize(("text", "fragment"), BROKEN_CONFIGS.values(), ids=BROKEN_CONFIGS)
def test_broken_config_exits_2_with_one_line(copy: Path, text: str, fragment: str) -> None:
    (copy / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert_usage_error(run("lint", "--today", TODAY), fragment)


def test_broken_inherited_file_is_named(copy: Path) -> None:
    (copy / "base.yml").write_text("docs_dir: a: b\n", encoding="utf-8")
    assert_usage_error(run("lint", "--today", TODAY), "base.yml:1: invalid YAML")


def test_rule_severity_from_mkdocs_yml(copy: Path) -> None:
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "  - handbook\n", "  - handbook:\n      rules:\n        unknown-field: error\n"
        ),
        encoding="utf-8",
    )
    result = run("lint", "--format", "json", "--today", TODAY, RUNBOOK)
    assert result.exit_code == 1
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["severity"]) == ("HB103", "error")

    config.write_text(
        text.replace("  - handbook\n", "  - handbook:\n      rules:\n        HB103: ignore\n"),
        encoding="utf-8",
    )
    result = run("lint", "--today", TODAY, RUNBOOK)
    assert result.exit_code == 0
    assert result.stdout.startswith("All clear:")


def test_config_file_option_from_elsewhere(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = lint_json()
    monkeypatch.chdir(tmp_path)
    for option in ("--config-file", "-f"):
        assert lint_json(option, str(FIXTURE / "mkdocs.yml")) == expected


def test_config_is_found_upward_from_a_subfolder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = lint_json()
    monkeypatch.chdir(FIXTURE / "docs" / "decisions")
    assert lint_json() == expected
    narrowed = lint_json("0002-cache-layer.md")
    assert {d["path"] for d in narrowed["diagnostics"]} == {ADR}


# -- selection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("HB102", {"HB102"}),
        ("invalid-value", {"HB102"}),
        ("hb102", {"HB102"}),
        ("HB3", {"HB302", "HB303"}),
        ("HB4", {"HB401"}),
        ("HB102,dangling-reference", {"HB102", "HB202"}),
        ("HB1,HB2", {"HB102", "HB103", "HB202"}),
    ],
)
def test_select(project: Path, keys: str, expected: set[str]) -> None:
    assert codes(lint_json("--select", keys)) == expected


@pytest.mark.parametrize(
    ("keys", "removed"),
    [
        ("HB303", {"HB303"}),
        ("placeholder-text", {"HB303"}),
        ("HB3", {"HB302", "HB303"}),
        ("HB102,HB2", {"HB102", "HB202"}),
    ],
)
def test_ignore(project: Path, keys: str, removed: set[str]) -> None:
    assert codes(lint_json("--ignore", keys)) == ALL_CODES - removed


def test_select_and_ignore_together(project: Path) -> None:
    assert codes(lint_json("--select", "HB3", "--ignore", "empty-section")) == {"HB303"}


def test_selection_decides_the_exit_code(project: Path) -> None:
    assert run("lint", "--today", TODAY, "--select", "HB3").exit_code == 0
    assert run("lint", "--today", TODAY, "--ignore", "HB102,HB202").exit_code == 0
    assert run("lint", "--today", TODAY, "--select", "HB202").exit_code == 1


# -- output file, statistics, today, GitHub Actions -----------------------------------------


@pytest.mark.parametrize(
    "output_format", ["full", "concise", "json", "github", "gitlab", "sarif", "junit"]
)
def test_output_file_holds_what_stdout_would(
    project: Path, tmp_path: Path, output_format: str
) -> None:
    printed = run("lint", "--format", output_format, "--today", TODAY)
    report = tmp_path / "reports" / f"lint.{output_format}"
    written = run("lint", "--format", output_format, "--today", TODAY, "--output-file", str(report))
    assert written.exit_code == printed.exit_code == 1
    assert report.read_bytes() == printed.stdout_bytes
    assert str(report) in written.stdout
    assert "HB102" not in written.stdout
    # Written beside the target and renamed: no temporary file is left behind.
    assert [p.name for p in report.parent.iterdir()] == [report.name]


def test_statistics_text(project: Path) -> None:
    result = run("lint", "--statistics", "--today", TODAY)
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines()]
    expected = Counter(code for _, _, code in EXPECTED)
    assert [row[1] for row in rows] == sorted(expected)
    for count, code, name in rows:
        assert int(count) == expected[code]
        assert name == RULES_BY_KEY[code].name


def test_statistics_json(project: Path) -> None:
    result = run("lint", "--statistics", "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    expected = Counter(code for _, _, code in EXPECTED)
    assert json.loads(result.stdout) == [
        {"code": code, "rule": RULES_BY_KEY[code].name, "count": expected[code]}
        for code in sorted(expected)
    ]


def test_statistics_follow_the_selection(project: Path) -> None:
    result = run("lint", "--statistics", "--format", "json", "--today", TODAY, "--select", "HB3")
    assert result.exit_code == 0
    assert [row["code"] for row in json.loads(result.stdout)] == ["HB302", "HB303"]


def test_today_decides_whether_a_waiver_expired(project: Path) -> None:
    after = lint_json()
    before = json.loads(run("lint", "--format", "json", "--today", BEFORE_EXPIRY).stdout)
    assert {"HB303", "HB401"} <= codes(after)
    # Before its expiry the waiver silences the placeholder and is no finding itself.
    assert codes(before) == ALL_CODES - {"HB303", "HB401"}
    [expired] = [d for d in after["diagnostics"] if d["code"] == "HB401"]
    assert "2025-03-31" in expired["message"]


def test_github_actions_selects_the_github_format(project: Path) -> None:
    explicit = run("lint", "--format", "github", "--today", TODAY)
    automatic = run("lint", "--today", TODAY, env={"GITHUB_ACTIONS": "true"})
    assert automatic.exit_code == 1
    assert automatic.stdout == explicit.stdout
    assert all(line.startswith("::") for line in automatic.stdout.splitlines())


def test_explicit_format_wins_under_github_actions(project: Path) -> None:
    concise = run("lint", "--format", "concise", "--today", TODAY)
    chosen = run("lint", "--format", "concise", "--today", TODAY, env={"GITHUB_ACTIONS": "true"})
    assert chosen.stdout == concise.stdout


def test_full_is_the_default_elsewhere(project: Path) -> None:
    full = run("lint", "--format", "full", "--today", TODAY)
    for env in (None, {"GITHUB_ACTIONS": "false"}):
        assert run("lint", "--today", TODAY, env=env).stdout == full.stdout


# -- handbook schema ------------------------------------------------------------------------

SAMPLE_ADR = {
    "id": "ADR-0007",
    "title": "Use Postgres",
    "status": "accepted",
    "date": "2024-03-01",
    "decision-makers": ["ana", "bo"],
    "supersedes": ["ADR-0003"],
    "waivers": [{"rule": "HB303", "reason": "figures follow", "expires": "2025-03-31"}],
}
BAD_ADRS = [
    {**SAMPLE_ADR, "status": "aproved"},
    {**SAMPLE_ADR, "supersedes": ["not an id"]},
    {**SAMPLE_ADR, "surprise": True},
    {key: value for key, value in SAMPLE_ADR.items() if key != "status"},
]


def _schema(*args: str) -> dict[str, Any]:
    result = run("schema", *args)
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_schema_lists_the_kinds(project: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines()}
    assert {"adr", "risk", "runbook", "threat-model", "fmea"} <= listed
    assert "common" not in listed


def test_schema_adr_embeds_common_json(project: Path) -> None:
    schema = _schema("adr")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"status", "date", "decision-makers"} <= set(schema["properties"])
    common = builtin_schemas()["common"]["$defs"]["document"]["properties"]
    embedded: set[str] = set()
    for node in _walk(schema.get("$defs", {})):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            embedded |= set(node["properties"])
    assert set(common) <= embedded
    # Bundled: every reference points inside the document, nothing is fetched.
    ids = {node["$id"] for node in _walk(schema) if isinstance(node, dict) and "$id" in node}
    for node in _walk(schema):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = node["$ref"].split("#", 1)[0]
            assert not target or any(i.endswith("/" + target) or i == target for i in ids)


def test_schema_adr_validates_frontmatter_on_its_own(project: Path) -> None:
    validator = jsonschema.Draft202012Validator(_schema("adr"))
    assert list(validator.iter_errors(SAMPLE_ADR)) == []
    for bad in BAD_ADRS:
        assert list(validator.iter_errors(bad)), bad


def test_schema_adr_without_bundle_validates_with_common_json(project: Path) -> None:
    schema = _schema("adr", "--no-bundle")
    assert schema["allOf"] == [{"$ref": "common.json#/$defs/document"}]
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (body["$id"], DRAFT202012.create_resource(body)) for body in builtin_schemas().values()
    )
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    assert list(validator.iter_errors(SAMPLE_ADR)) == []
    for bad in BAD_ADRS:
        assert list(validator.iter_errors(bad)), bad


def test_schema_unknown_kind_exits_2(project: Path) -> None:
    assert_usage_error(run("schema", "nope"), "unknown kind 'nope'")


# -- handbook rules -------------------------------------------------------------------------


def test_rules_lists_every_rule(project: Path) -> None:
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(ALL_RULES)
    for line, rule in zip(lines, ALL_RULES, strict=True):
        assert line.split()[:3] == [rule.code, rule.name, rule.severity.label]
        assert line.endswith(rule.summary)


def test_rules_json_lists_every_rule(project: Path) -> None:
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["code"] for row in rows] == [rule.code for rule in ALL_RULES]
    assert all(row["rationale"] and row["bad"] and row["good"] for row in rows)


@pytest.mark.parametrize("key", ["HB101", "missing-field"])
def test_rules_explains_one(project: Path, key: str) -> None:
    rule = RULES_BY_KEY["HB101"]
    result = run("rules", key)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(f"HB101 missing-field ({rule.severity.label})\n")
    assert rule.summary in text
    assert rule.rationale in text
    bad, good = text.split("\nBad:\n", 1)[1].split("\nGood:\n", 1)
    assert all(f"    {line}" in bad for line in rule.bad.splitlines() if line)
    assert all(f"    {line}" in good for line in rule.good.splitlines() if line)


def test_rules_unknown_exits_2(project: Path) -> None:
    assert_usage_error(run("rules", "HB999"), "unknown rule 'HB999'")


def test_help_and_version(project: Path) -> None:
    assert run("lint", "--help").exit_code == 0
    version = run("--version")
    assert version.exit_code == 0
    assert version.stdout.startswith("handbook, version ")


# -- reports written whole (mutation testing) -----------------------------------------------
# Each output below is compared byte for byte: the tests above read the JSON back, which
# leaves out its indent and escapes, and check lines by their words.


def test_rules_json_is_the_catalog_written_out(project: Path) -> None:
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        '[\n  {\n    "code": "HB100",\n    "name": "invalid-frontmatter",\n'
        '    "severity": "error",\n'
        '    "summary": "The frontmatter cannot be read as a YAML mapping.",\n'
    )
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.label,
            "summary": r.summary,
            "rationale": r.rationale,
            "bad": r.bad,
            "good": r.good,
        }
        for r in ALL_RULES
    ]
    assert result.stdout == json.dumps(rows, indent=2) + "\n"


def test_rules_explains_one_whole(project: Path) -> None:
    rule = RULES_BY_KEY["HB101"]
    assert run("rules", "HB101").stdout == (
        f"HB101 missing-field (error)\n\n{rule.summary}\n\n{rule.rationale}\n\n"
        "Bad:\n\n"
        "    ---\n    id: RISK-003\n    title: Schema change breaks existing docs\n"
        "    owner: team-docs\n    ---\n\n"
        "Good:\n\n"
        "    ---\n    id: RISK-003\n    title: Schema change breaks existing docs\n"
        "    owner: team-docs\n    status: open\n    likelihood: possible\n    impact: major\n"
        "    ---\n"
    )


def test_statistics_json_is_written_out(project: Path) -> None:
    result = run("lint", "--statistics", "--format", "json", "--today", TODAY, "--select", "HB3")
    assert result.stdout == (
        "[\n"
        '  {\n    "code": "HB302",\n    "rule": "empty-section",\n    "count": 1\n  },\n'
        '  {\n    "code": "HB303",\n    "rule": "placeholder-text",\n    "count": 1\n  }\n'
        "]\n"
    )


def test_statistics_of_no_finding_are_empty(project: Path) -> None:
    result = run("lint", "--statistics", "--today", TODAY, CLEAN)
    assert (result.exit_code, result.stdout) == (0, "")
    result = run("lint", "--statistics", "--format", "json", "--today", TODAY, CLEAN)
    assert (result.exit_code, result.stdout) == (0, "[]\n")


@pytest.mark.parametrize(
    "text", ["20250601", "2025-W23-1", "2025-06-1", "2025-13-01", "٢٠٢٥-٠٦-٠١"]
)
def test_today_takes_only_a_date_written_yyyy_mm_dd(text: str) -> None:
    result = run("lint", "--today", text, CLEAN)
    assert result.exit_code == 2
    assert f"{text!r} is not a date in the form YYYY-MM-DD" in result.output
