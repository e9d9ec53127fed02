"""Hostile input found by the audit: each case gives a finding or a one-line error, and no
output format passes a control character on to a terminal or an XML reader."""

from __future__ import annotations

import os
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main
from handbook.finding import Position
from handbook.parse.frontmatter import Problem, SourceFile, read_source

ADR = """\
---
kind: adr
id: ADR-0001
title: Use Postgres
status: accepted
date: 2025-01-01
---

# Use Postgres

## Context

We need a database.

## Decision

Postgres.

## Consequences

We run it.
"""


def _project(root: Path, config: str = "site_name: t\nplugins: [handbook]\n") -> Path:
    (root / "docs" / "decisions").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs" / "decisions" / "0001-use-postgres.md").write_text(ADR, encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> Result:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["lint", "--format", "concise", *args])
    finally:
        os.chdir(cwd)


def _relations(block: str) -> str:
    return "site_name: t\nplugins:\n  - handbook:\n      relations:\n" + block


@pytest.mark.parametrize("name", ["title", "kind", "id", "owner"])
def test_a_relation_may_not_take_the_key_of_a_common_document_field(
    tmp_path: Path, name: str
) -> None:
    root = _project(tmp_path, _relations(f"        {name}: {{inverse: {name}-of}}\n"))
    result = _run(root)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: mkdocs.yml: plugins.handbook.relations: relation '{name}' uses the key "
        f"'{name}', which is a document field; choose another name\n"
    )


def test_an_inverse_may_not_take_the_key_of_a_common_document_field(tmp_path: Path) -> None:
    root = _project(tmp_path, _relations("        blocks: {inverse: title}\n"))
    result = _run(root)
    assert result.exit_code == 2
    assert result.output == (
        "Error: mkdocs.yml: plugins.handbook.relations: relation 'blocks' uses the key "
        "'title', which is a document field; choose another name\n"
    )


def test_a_relation_whose_min_is_above_its_max_is_a_config_error(tmp_path: Path) -> None:
    root = _project(tmp_path, _relations("        blocks: {inverse: blocked-by, min: 3, max: 1}\n"))
    result = _run(root)
    assert result.exit_code == 2
    assert result.output == (
        "Error: mkdocs.yml: plugins.handbook.relations: relation 'blocks': "
        "'min' (3) is more than 'max' (1)\n"
    )


def test_a_relation_with_min_equal_to_max_is_fine(tmp_path: Path) -> None:
    root = _project(tmp_path, _relations("        blocks: {inverse: blocked-by, min: 1, max: 1}\n"))
    assert _run(root).exit_code == 0


def test_a_link_to_itself_named_md_is_skipped_with_a_finding(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs" / "loop.md").symlink_to("loop.md")
    result = _run(root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "docs/loop.md:1:1: HB107 [info] not a regular file; not read",
        "Found 1 info in 2 files, 1 item checked.",
    ]


def _read_within(path: Path, seconds: float = 5.0) -> SourceFile:
    # Read in a thread, so that a regression hangs that thread and not the suite.
    done: list[SourceFile] = []
    reader = threading.Thread(target=lambda: done.append(read_source(path)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert done, f"read_source blocked on {path.name}"
    return done[0]


def test_a_file_swapped_for_a_fifo_after_discovery_is_skipped_not_waited_on(
    tmp_path: Path,
) -> None:
    # Discovery saw a regular file; by the time it is read, the path names a FIFO with no
    # writer. Opening it the ordinary way would block for ever.
    swapped = tmp_path / "swapped.md"
    os.mkfifo(swapped)
    source = _read_within(swapped)
    assert not source.readable
    assert list(source.problems) == [
        Problem("file-skipped", "not a regular file; not read", Position.at(1))
    ]


@pytest.mark.parametrize(
    "output_format", ["full", "concise", "json", "github", "sarif", "junit", "gitlab"]
)
def test_a_file_name_that_is_not_utf_8_is_a_finding_in_every_format(
    tmp_path: Path, output_format: str
) -> None:
    root = _project(tmp_path)
    with open(os.fsencode(root / "docs") + b"/r\xe9sum\xe9.md", "wb") as stream:
        stream.write(b"# R\n")
    result = _run(root, "--format", output_format)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0
    assert "r\\xe9sum\\xe9.md" in result.output.replace("\\\\", "\\")
    if output_format == "concise":
        assert result.output.splitlines() == [
            "docs/r\\xe9sum\\xe9.md:1:1: HB107 [info] file name is not valid UTF-8; not read",
            "Found 1 info in 2 files, 1 item checked.",
        ]


def test_a_folder_that_cannot_be_listed_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root a mode-000 folder can still be listed, so the refusal is simulated.
    root = _project(tmp_path)
    locked = root / "docs" / "locked"
    locked.mkdir()
    (locked / "0002-hidden.md").write_text(ADR.replace("0001", "0002"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked.resolve():
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _run(root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "docs/locked:1:1: HB107 [info] folder cannot be read (Permission denied); "
        "the documents in it are not checked",
        "Found 1 info in 2 files, 1 item checked.",
    ]


def test_the_full_format_never_prints_a_control_character(tmp_path: Path) -> None:
    root = _project(tmp_path)
    name = "0002-\x1b[2Jwipe.md"
    # YAML refuses control characters, so they come in through the body.
    hostile = ADR.replace("ADR-0001", "ADR-0002").replace(
        "# Use Postgres", "# Use \x1b]0;owned\x07\x1b[31mPostgres\u202e"
    )
    (root / "docs" / "decisions" / name).write_text(hostile, encoding="utf-8")
    result = _run(root, "--format", "full")
    assert result.exit_code == 0  # a title mismatch is a warning
    shown = [c for c in result.output if (ord(c) < 0x20 and c != "\n") or c == "\u202e"]
    assert shown == []
    assert "docs/decisions/0002-\\x1b[2Jwipe.md:9:1: HB304 [warning]" in result.output
    assert "   9 | # Use ␛]0;owned␇␛[31mPostgres\ufffd\n" in result.output


def test_the_concise_format_escapes_control_characters_in_paths(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs" / "decisions" / "0002-\x1b[2J.md").write_text("---\nkind: [\n---\n")
    result = _run(root)
    assert "\x1b" not in result.output
    assert result.output.startswith("docs/decisions/0002-\\x1b[2J.md:")


def test_junit_stays_well_formed_xml_with_control_characters_in_a_file_name(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    (root / "docs" / "decisions" / "0002-\x01bell\x07.md").write_text("---\nkind: [\n---\n")
    result = _run(root, "--format", "junit")
    assert result.exit_code == 1
    tree = ET.fromstring(result.output.split("\n", 1)[1])  # after the XML declaration
    names = sorted(case.get("name") or "" for case in tree.iter("testcase"))
    assert names == [
        "docs/decisions/0001-use-postgres.md",
        "docs/decisions/0002-\\x01bell\\x07.md",
    ]


def test_a_position_lookup_through_shared_merge_keys_visits_each_mapping_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``<<: [*a, *a]`` at each of 20 levels has 2**20 paths but only 21 mappings; looking a
    missing key up (what a missing-field finding does) must cost the mappings, not the paths."""
    from handbook.parse import yaml_tree

    lines = ["x-b0: &b0 {x-a: 1}"]
    lines += [f"x-b{i}: &b{i} {{<<: [*b{i - 1}, *b{i - 1}]}}" for i in range(1, 21)]
    root = yaml_tree.compose("\n".join([*lines, "<<: *b20", ""]))
    visits = 0
    real = yaml_tree._merge_sources

    def counting(values: list[object]) -> list[object]:
        nonlocal visits
        visits += 1
        return real(values)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_tree, "_merge_sources", counting)
    key, value = yaml_tree.find_node(root, ("status",))
    assert (key, value) == (None, root)  # missing: the deepest existing node is the root
    key, value = yaml_tree.find_node(root, ("x-a",))
    assert key is not None and key.start_mark.line == 0  # found through the merges
    assert visits <= 22


KIND_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "x-handbook": {"id-prefix": "PM", "folder": "postmortems"},
}


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ("sections: Context", 'x-handbook.sections: "Context" is not of type "array"'),
        ("sections: [5]", 'x-handbook.sections[0]: 5 is not of type "object"'),
        (
            "statuses: [open, closed]",
            'x-handbook.statuses: ["open","closed"] is not of type "object"',
        ),
        ("statuses: {open: draft}", 'x-handbook.statuses.open: "draft" is not of type "array"'),
        ("container: risks", 'x-handbook.container: "risks" is not of types "null", "object"'),
        ("id-prefix: '5'", 'x-handbook.id-prefix: "5" does not match "^[A-Z][A-Z0-9]*$"'),
    ],
)
def test_a_project_kind_with_a_malformed_x_handbook_block_is_a_config_error(
    tmp_path: Path, override: str, problem: str
) -> None:
    import json

    root = _project(
        tmp_path,
        "site_name: t\nplugins:\n  - handbook:\n      kinds:\n"
        f"        postmortem: {{schema: pm.json, {override}}}\n",
    )
    (root / "pm.json").write_text(json.dumps(KIND_SCHEMA), encoding="utf-8")
    result = _run(root)
    assert result.exit_code == 2, result.output
    assert result.output == f"Error: mkdocs.yml: plugins.handbook.kinds.postmortem: {problem}\n"


def test_every_built_in_x_handbook_block_is_valid_against_its_meta_schema() -> None:
    from handbook.kinds import meta_problem
    from handbook.schemas import builtin_schemas

    blocks = {n: s["x-handbook"] for n, s in builtin_schemas().items() if "x-handbook" in s}
    assert len(blocks) >= 11
    assert {name: meta_problem(block) for name, block in blocks.items()} == dict.fromkeys(blocks)


def _kind_config(schema: str) -> str:
    return (
        f"site_name: t\nplugins:\n  - handbook:\n      kinds:\n        pm: {{schema: {schema}}}\n"
    )


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        ("/dev/zero", "/dev/zero is not a regular file"),  # would be read for ever
        ("fifo.json", "fifo.json is not a regular file"),  # would block on open
        ("deep.json", "deep.json nests more than 64 levels deep"),  # the parser recurses
        ("missing.json", "cannot read missing.json: No such file or directory"),
    ],
)
def test_a_project_kind_schema_that_is_not_a_plain_small_json_file_is_one_line(
    tmp_path: Path, schema: str, problem: str
) -> None:
    root = _project(tmp_path, _kind_config(schema))
    os.mkfifo(root / "fifo.json")
    deep = '{"type": "object", "properties": {"a": ' * 3000 + "{}" + "}}" * 3000
    (root / "deep.json").write_text(deep, encoding="utf-8")
    result = _run(root)
    assert result.exit_code == 2, result.output
    assert result.output == f"Error: mkdocs.yml: plugins.handbook.kinds.pm: {problem}\n"


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    root = _project(tmp_path, _kind_config("pm.json"))
    schema = {**KIND_SCHEMA, "description": "[" * 100 + "{" * 100 + '\\"['}
    import json

    (root / "pm.json").write_text(json.dumps(schema), encoding="utf-8")
    assert _run(root).exit_code == 0


def test_a_deeply_nested_mkdocs_yml_is_one_line(tmp_path: Path) -> None:
    deep = "site_name: t\nplugins: [handbook]\nextra: " + "[" * 5000 + "]" * 5000 + "\n"
    result = _run(_project(tmp_path, deep))
    assert result.exit_code == 2
    assert result.output == "Error: mkdocs.yml: nested too deeply to be a configuration\n"


def test_a_long_inherit_chain_is_one_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "INHERIT: p1.yml\nplugins: [handbook]\n")
    for number in range(1, 1501):
        (root / f"p{number}.yml").write_text(f"INHERIT: p{number + 1}.yml\n", encoding="utf-8")
    (root / "p1501.yml").write_text("site_name: t\n", encoding="utf-8")
    result = _run(root)
    assert result.exit_code == 2
    assert result.output == "Error: p50.yml: INHERIT goes more than 50 files deep\n"


def test_a_short_inherit_chain_still_works(tmp_path: Path) -> None:
    root = _project(tmp_path, "INHERIT: p1.yml\nplugins: [handbook]\n")
    (root / "p1.yml").write_text("INHERIT: p2.yml\n", encoding="utf-8")
    (root / "p2.yml").write_text("site_name: t\n", encoding="utf-8")
    assert _run(root).exit_code == 0


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_yaml_1_1_line_break_inside_a_value_does_not_shift_later_positions(
    tmp_path: Path, separator: str
) -> None:
    # libyaml (YAML 1.1) also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR;
    # a file's lines, as editors, CommonMark and CI annotations count them, do not.
    # Found by the long fuzz campaign (EXP-002).
    root = _project(tmp_path)
    record = root / "docs" / "decisions" / "0001-use-postgres.md"
    text = ADR.replace(
        "date: 2025-01-01\n",
        f'x-note: "a{separator}{separator}b"\ndate: 2025-01-01\nstatus: bogus\n',
    ).replace("status: accepted\n", "")
    record.write_text(text, encoding="utf-8")
    result = _run(root)
    line = text.split("\n").index("status: bogus") + 1
    assert f"0001-use-postgres.md:{line}:9: HB102" in result.output, result.output
