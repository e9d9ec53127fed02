"""``handbook import``: adr-tools, MADR 2/3/4 and log4brains records get handbook frontmatter,
and every body byte stays where it was.

Each case under ``tests/fixtures/import/<style>/<case>/`` holds:

- ``records/``: the folder as the tool (or its user) left it;
- ``expected/``: every file ``--write`` changes, byte for byte as it must be afterwards;
- ``dry-run.txt``: the whole output of the dry run, run from the case folder.

After a deliberate change, regenerate them with

    HANDBOOK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_import.py

and review the diff of ``tests/fixtures/import/`` like any other change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from handbook.authoring.importers import fields
from handbook.cli import main
from handbook.parse import decision_text

FIXTURES = Path(__file__).parent / "fixtures" / "import"
UPDATE = os.environ.get("HANDBOOK_UPDATE_SNAPSHOTS") == "1"

CASES = [
    ("adr-tools", "log", 0),
    ("adr-tools", "line-ends", 0),
    ("adr-tools", "bad", 1),
    ("madr", "v2", 0),
    ("madr", "v3", 0),
    ("madr", "v4", 0),
    ("madr", "line-ends", 0),
    ("madr", "bad", 1),
    ("madr", "lint", 1),
    ("log4brains", "log", 0),
    ("log4brains", "bad", 1),
    ("adr-tools", "quirks", 1),
    ("madr", "names", 0),
    ("log4brains", "quirks", 0),
]
"""(style, case, exit status of the dry run and of ``--write``)."""
ARGS = {
    ("madr", "names"): ("--default-status", "accepted"),
    ("log4brains", "quirks"): ("--default-status", "proposed"),
}
"""Options a case is imported with, besides ``--from STYLE records``."""


def import_args(style: str, case: str, *more: str) -> list[str]:
    return ["import", "--from", style, "records", *ARGS.get((style, case), ()), *more]


CLEAN = [(style, case) for style, case, status in CASES if status == 0]
CASE_IDS = [f"{style}-{case}" for style, case, _ in CASES]
CLEAN_IDS = [f"{style}-{case}" for style, case in CLEAN]

_CLOSING_FENCE = re.compile(rb"\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)")
_BOM = b"\xef\xbb\xbf"


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(*args: str) -> Result:
    """``handbook ARGS`` in-process; never a traceback, whatever the exit code."""
    result = CliRunner().invoke(main, list(args), prog_name="handbook")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"handbook {' '.join(args)} raised {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    return result


MTIME = 1_700_000_000  # 2023-11-14 UTC: the date records without one are given
"""Every copied file's modification time (outside git, the date a record that writes none
is given), so that the reports do not depend on when the checkout was made."""


def copy_case(style: str, case: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of a case's ``records/``, with the copy as working directory and
    every file's modification time :data:`MTIME`."""
    shutil.copytree(FIXTURES / style / case / "records", target / "records", symlinks=True)
    for path in (target / "records").rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (MTIME, MTIME))
    monkeypatch.chdir(target)
    return target / "records"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def without_new_frontmatter(data: bytes) -> bytes:
    """``data`` minus a frontmatter block put at its top (after a byte-order mark)."""
    bom = _BOM if data.startswith(_BOM) else b""
    assert data[len(bom) :].startswith(b"---"), data[:40]
    fence = _CLOSING_FENCE.search(data, len(bom) + 3)
    assert fence is not None
    return bom + data[fence.end() :]


def after_frontmatter(data: bytes) -> bytes:
    """Everything after the line that closes a file's frontmatter."""
    fence = _CLOSING_FENCE.search(data, 3)
    assert fence is not None
    return data[fence.end() :]


def has_frontmatter(data: bytes) -> bool:
    return data.removeprefix(_BOM).startswith((b"---\n", b"---\r\n"))


def lint_json(folder: str) -> dict[str, Any]:
    result = run("lint", "--format", "json", folder)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def report_entry(output: str, name: str, folder: str = "records") -> str:
    """The report lines about the file ``name``: its heading and the lines indented below."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{folder}/{name}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return "\n".join(lines[start:end])


# -- every case: dry run, write, bodies, lint --------------------------------------------------


@pytest.mark.parametrize(("style", "case", "status"), CASES, ids=CASE_IDS)
def test_dry_run_prints_diffs_and_report_and_writes_nothing(
    style: str, case: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, case, tmp_path, monkeypatch)
    before = snapshot(records)
    result = run(*import_args(style, case))
    assert result.exit_code == status, result.output
    assert snapshot(records) == before
    expected = FIXTURES / style / case / "dry-run.txt"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(("style", "case", "status"), CASES, ids=CASE_IDS)
def test_write_gives_the_expected_bytes(
    style: str, case: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, case, tmp_path, monkeypatch)
    before = snapshot(records)
    result = run(*import_args(style, case, "--write"))
    assert result.exit_code == status, result.output
    after = snapshot(records)
    assert after.keys() == before.keys(), "no file may appear or disappear"
    changed = {name: data for name, data in after.items() if data != before[name]}
    expected_folder = FIXTURES / style / case / "expected"
    if UPDATE:
        shutil.rmtree(expected_folder, ignore_errors=True)
        for name, data in changed.items():
            (expected_folder / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_folder / name).write_bytes(data)
    expected = snapshot(expected_folder) if expected_folder.is_dir() else {}
    assert changed == expected
    wrote = {line.removeprefix("wrote records/") for line in result.stdout.splitlines()}
    assert set(changed) <= wrote


@pytest.mark.parametrize(("style", "case", "status"), CASES, ids=CASE_IDS)
def test_every_body_stays_byte_for_byte(
    style: str, case: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, case, tmp_path, monkeypatch)
    before = snapshot(records)
    run(*import_args(style, case, "--write"))
    for name, data in snapshot(records).items():
        original = before[name]
        if data == original:
            continue
        if has_frontmatter(original):
            assert after_frontmatter(data) == after_frontmatter(original), name
        else:
            assert without_new_frontmatter(data) == original, name


@pytest.mark.parametrize(("style", "case", "status"), CASES, ids=CASE_IDS)
def test_imported_files_lint_without_frontmatter_or_reference_errors(
    style: str, case: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, case, tmp_path, monkeypatch)
    before = snapshot(records)
    run(*import_args(style, case, "--write"))
    imported = {f"records/{n}" for n, data in snapshot(records).items() if data != before[n]}
    assert imported
    document = lint_json("records")
    errors = [
        d
        for d in document["diagnostics"]
        if d["path"] in imported and d["code"][:3] in ("HB1", "HB2") and d["severity"] == "error"
    ]
    assert errors == []
    assert document["summary"]["items"] >= len(imported), "imported files are linted as ADRs"


@pytest.mark.parametrize(("style", "case"), CLEAN, ids=CLEAN_IDS)
def test_clean_logs_lint_without_any_frontmatter_or_reference_finding(
    style: str, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case(style, case, tmp_path, monkeypatch)
    run(*import_args(style, case, "--write"))
    skipped = {
        line.split(":")[0]
        for line in run(*import_args(style, case)).stdout.splitlines()
        if ": skipped: " in line
    }
    document = lint_json("records")
    found = [
        (d["path"], d["code"])
        for d in document["diagnostics"]
        if d["code"][:3] in ("HB1", "HB2") and d["code"] != "HB103" and d["path"] not in skipped
    ]
    assert found == []


@pytest.mark.parametrize(("style", "case"), CLEAN, ids=CLEAN_IDS)
def test_importing_twice_changes_nothing(
    style: str, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, case, tmp_path, monkeypatch)
    assert run(*import_args(style, case, "--write")).exit_code == 0
    once = snapshot(records)
    again = run(*import_args(style, case, "--write"))
    assert again.exit_code == 0, again.output
    assert snapshot(records) == once
    assert "nothing to write" in again.stdout
    assert " 0 mapped, 0 unmapped" in again.stdout
    mapped = [line for line in again.stdout.splitlines() if ": already imported (" in line]
    assert mapped


# -- bad input: reported, never written ---------------------------------------------------------


BAD_FILES = [
    ("adr-tools", "0002-record-without-a-status.md", "no status: the file has no '## Status'"),
    (
        "adr-tools",
        "0003-freeze-the-public-api.md",
        "line 7: 'On hold' in the Status section is not a handbook status",
    ),
    ("adr-tools", "0004-use-soap.md", "broken link: line 7: 'Superceded by [9. Use GraphQL]"),
    (
        "adr-tools",
        "0005-use-grpc.md",
        "frontmatter: id ADR-0005 is also used at records/0005-use-rest.md:3 (HB201)",
    ),
    (
        "adr-tools",
        "0005-use-rest.md",
        "frontmatter: id ADR-0005 is also used at records/0005-use-grpc.md:3 (HB201)",
    ),
    ("adr-tools", "0006-latin-1.md", "not valid UTF-8 (byte 0xe9 on line 1)"),
    ("adr-tools", "0007-mixed-styles.md", "mixed styles: a '## Status' section (line 7)"),
    (
        "adr-tools",
        "0008-old-date-format.md",
        "date '12/01/1992' is ambiguous: 12 January 1992 or 1 December 1992; write it "
        "YYYY-MM-DD (1992-01-12 or 1992-12-01)",
    ),
    (
        "adr-tools",
        "0009-thaw-the-public-api.md",
        "supersedes ADR-0003 (0003-freeze-the-public-api.md), which cannot be imported",
    ),
    ("adr-tools", "0010-untouched-template.md", "'STATUS' in the Status section"),
    (
        "adr-tools",
        "0011-superseded-by-nobody.md",
        "frontmatter: ADR-0011 is superseded, but no decision supersedes it (add "
        "'superseded-by' here or 'supersedes' on its successor) (HB205)",
    ),
    (
        "madr",
        "0000-use-markdown-architectural-decision-records.md",
        "no status: neither 'status:' in the frontmatter nor a '* Status:' item",
    ),
    ("madr", "0001-mixed-styles.md", "mixed styles: metadata both in the frontmatter"),
    ("madr", "0002-put-the-mobile-app-on-hold.md", "status 'on hold' is not a handbook status"),
    ("madr", "0003-drop-the-legacy-api.md", "no record has the number 42"),
    ("madr", "0004-copied-template.md", "line 10: title is still the template's placeholder"),
    ("log4brains", "20240101-no-status.md", "log4brains shows such a record as accepted"),
    ("log4brains", "20240102-postpone-the-migration.md", "status 'postponed' is not a handbook"),
    ("log4brains", "20240103-use-sqs.md", "20240999-use-kafka.md does not exist"),
    ("log4brains", "20240104-frontmatter-and-list.md", "mixed styles"),
]


@pytest.mark.parametrize(
    ("style", "name", "fragment"), BAD_FILES, ids=[f"{s}-{n[:-3]}" for s, n, _ in BAD_FILES]
)
def test_bad_input_is_reported_and_left_untouched(
    style: str, name: str, fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case(style, "bad", tmp_path, monkeypatch)
    original = (records / name).read_bytes()
    result = run("import", "--from", style, "records", "--write")
    assert result.exit_code == 1
    entry = report_entry(result.stdout, name)
    assert ": unmapped fields (" in entry.splitlines()[0]
    assert fragment in entry
    assert (records / name).read_bytes() == original
    assert f"wrote records/{name}" not in result.stdout


def test_unmapped_files_get_no_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_case("adr-tools", "bad", tmp_path, monkeypatch)
    result = run("import", "--from", "adr-tools", "records")
    diffed = re.findall(r"^\+\+\+ b/records/(.+)$", result.stdout, re.M)
    assert diffed == ["0001-use-a-monorepo.md"]


def test_the_copied_madr_4_template_names_each_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case("madr", "bad", tmp_path, monkeypatch)
    entry = report_entry(
        run("import", "--from", "madr", "records").stdout, "0004-copied-template.md"
    )
    for key in ("status", "date", "decision-makers", "consulted", "informed"):
        assert f"frontmatter: {key} is still the template's placeholder '{{" in entry


# -- line ends, byte-order marks, the last newline ----------------------------------------------


def test_crlf_files_keep_crlf_in_body_and_frontmatter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("adr-tools", "line-ends", tmp_path, monkeypatch)
    name = "0001-keep-windows-line-ends.md"
    original = (records / name).read_bytes()
    assert original.count(b"\r\n") == original.count(b"\n") > 0, "fixture lost its CRLF"
    run("import", "--from", "adr-tools", "records", "--write")
    data = (records / name).read_bytes()
    assert data.startswith(b"---\r\nkind: adr\r\nid: ADR-0001\r\n")
    assert data.count(b"\r\n") == data.count(b"\n")
    assert data.endswith(original)


def test_crlf_frontmatter_is_edited_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("madr", "line-ends", tmp_path, monkeypatch)
    name = "0001-ship-nightly-builds.md"
    run("import", "--from", "madr", "records", "--write")
    data = (records / name).read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"# written on Windows\r\n" in data
    assert b"status: superseded\r\n" in data
    assert b"decision-makers: [Alice Martin, Bob Chen]\r\n" in data
    assert b"superseded-by: [ADR-0002]\r\n" in data


def test_a_missing_last_newline_stays_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("adr-tools", "line-ends", tmp_path, monkeypatch)
    name = "0002-end-without-a-newline.md"
    assert not (records / name).read_bytes().endswith(b"\n")
    run("import", "--from", "adr-tools", "records", "--write")
    assert (records / name).read_bytes().endswith(b"The last line stays as it is.")


def test_a_byte_order_mark_stays_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = copy_case("adr-tools", "line-ends", tmp_path, monkeypatch)
    name = "0003-start-with-a-byte-order-mark.md"
    run("import", "--from", "adr-tools", "records", "--write")
    assert (records / name).read_bytes().startswith(_BOM + b"---\nkind: adr\n")


# -- what maps from each style -------------------------------------------------------------------


def frontmatter_of(path: Path) -> str:
    data = path.read_bytes().removeprefix(_BOM).decode().replace("\r\n", "\n")
    return data.split("\n---\n", 1)[0] + "\n"


def test_adr_tools_supersession_both_sides_and_amendments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("adr-tools", "log", tmp_path, monkeypatch)
    run("import", "--from", "adr-tools", "records", "--write")
    old = frontmatter_of(records / "0002-use-postgresql-for-orders.md")
    new = frontmatter_of(records / "0003-use-cockroachdb-for-orders.md")
    amend = frontmatter_of(records / "0004-run-cockroachdb-in-three-regions.md")
    assert "status: superseded\n" in old and "superseded-by: [ADR-0003]\n" in old
    assert "supersedes: [ADR-0002]\n" in new and "amended-by: [ADR-0004]\n" in new
    assert "amends: [ADR-0003]\n" in amend
    init = frontmatter_of(records / "0001-record-architecture-decisions.md")
    assert "title: Record architecture decisions\n" in init
    assert "status: accepted\ndate: 2024-01-05\n" in init


def test_madr_4_superseded_by_id_and_people_as_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("madr", "v4", tmp_path, monkeypatch)
    run("import", "--from", "madr", "records", "--write")
    old = frontmatter_of(records / "0122-expire-cached-prices-after-an-hour.md")
    assert "status: superseded\n" in old
    assert "superseded-by: [ADR-0123]\n" in old
    assert "decision-makers: [Alice Martin, Bob Chen]\n" in old
    kept = frontmatter_of(records / "0121-cache-prices-in-redis.md")
    assert kept.startswith("---\n# These are optional metadata elements.")
    assert "parent: Decisions  # Jekyll navigation: keep\n" in kept


def test_madr_3_deciders_become_decision_makers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("madr", "v3", tmp_path, monkeypatch)
    result = run("import", "--from", "madr", "records", "--write")
    first = frontmatter_of(records / "0001-use-oauth2-for-service-to-service-calls.md")
    assert "decision-makers: [Alice Martin, Bob Chen]\n" in first
    assert "consulted: [Security guild]\ninformed: [Platform team, Support]\n" in first
    assert "deciders" not in first
    assert "'deciders' renamed 'decision-makers'" in result.stdout


def test_log4brains_records_are_numbered_by_date_then_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("log4brains", "log", tmp_path, monkeypatch)
    result = run("import", "--from", "log4brains", "records", "--write")
    assert "numbered in date-then-name order" in result.stdout
    ids = {
        path.name: re.search(r"^id: (\S+)$", frontmatter_of(path), re.M)
        for path in records.glob("2024*.md")
    }
    assert {name: match.group(1) for name, match in ids.items() if match} == {
        "20240105-use-log4brains-to-manage-the-adrs.md": "ADR-0001",
        "20240105-use-markdown-architectural-decision-records.md": "ADR-0002",
        "20240212-poll-the-payment-provider.md": "ADR-0003",
        "20240419-receive-payment-webhooks.md": "ADR-0004",
        "20240502-retry-failed-webhooks.md": "ADR-0005",
    }
    webhooks = frontmatter_of(records / "20240419-receive-payment-webhooks.md")
    assert "date: 2024-04-19\n" in webhooks  # no Date item: the file name's date
    assert "tags: [payments, integration]\n" in webhooks


def test_log4brains_a_fixed_record_gets_the_number_its_date_gave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record that could not be imported keeps its place in the numbering: once fixed,
    it gets the number of its place in date order, not the next free one."""
    records = copy_case("log4brains", "bad", tmp_path, monkeypatch)
    run("import", "--from", "log4brains", "records", "--write")
    fixed = records / "20240102-postpone-the-migration.md"
    fixed.write_bytes(fixed.read_bytes().replace(b"postponed", b"proposed"))
    (records / "20240301-a-later-record.md").write_text(
        "# A later record\n\n- Status: accepted\n- Date: 2024-03-01\n", encoding="utf-8"
    )
    result = run("import", "--from", "log4brains", "records", "--write")
    assert result.exit_code == 1  # the other bad records are still bad
    assert "id: ADR-0002\n" in frontmatter_of(fixed)
    assert "id: ADR-0006\n" in frontmatter_of(records / "20240301-a-later-record.md")
    assert "records/20240105-use-feature-flags.md: already imported (ADR-0005)" in result.stdout


def test_log4brains_a_record_dated_between_imported_ones_gets_the_next_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("log4brains", "log", tmp_path, monkeypatch)
    run("import", "--from", "log4brains", "records", "--write")
    once = snapshot(records)
    late = records / "20240301-merged-late.md"
    late.write_text("# Merged late\n\n- Status: proposed\n- Date: 2024-03-01\n", encoding="utf-8")
    result = run("import", "--from", "log4brains", "records", "--write")
    assert result.exit_code == 0, result.output
    assert "records/20240301-merged-late.md: mapped as ADR-0006 (proposed)" in result.stdout
    assert {n: d for n, d in snapshot(records).items() if n != late.name} == once


def test_prefix_option_sets_ids_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = copy_case("madr", "v4", tmp_path, monkeypatch)
    result = run("import", "--from", "madr", "records", "--prefix", "DEC", "--write")
    assert result.exit_code == 0, result.output
    old = frontmatter_of(records / "0122-expire-cached-prices-after-an-hour.md")
    assert "id: DEC-0122\n" in old and "superseded-by: [DEC-0123]\n" in old


def test_a_folder_mapped_to_adr_gets_no_kind_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "adr-tools" / "log" / "records", tmp_path / "docs" / "decisions")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "adr-tools", "docs/decisions", "--write")
    assert result.exit_code == 0, result.output
    text = frontmatter_of(tmp_path / "docs/decisions/0001-record-architecture-decisions.md")
    assert text.startswith("---\nid: ADR-0001\n")
    hint = "exclude: [decisions/template.md, decisions/templates/*]"
    assert hint in result.stdout
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - handbook:\n      "
        f"{hint.replace('exclude: [', 'exclude: [').rstrip()}\n",
        encoding="utf-8",
    )
    lint = run("lint", "--format", "concise")
    assert lint.exit_code == 0, lint.output
    again = run("import", "--from", "adr-tools", "docs/decisions")
    assert "exclude:" not in again.stdout


def test_ids_used_elsewhere_in_the_handbook_are_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "madr" / "v2" / "records", tmp_path / "docs" / "adr")
    existing = tmp_path / "docs" / "decisions" / "0001-use-python.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        "---\nid: ADR-0001\ntitle: Use Python\nstatus: accepted\ndate: 2024-01-01\n---\n"
        "# Use Python\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "madr", "docs/adr")
    assert result.exit_code == 1
    entry = report_entry(
        result.stdout, "0001-use-markdown-architectural-decision-records.md", "docs/adr"
    )
    assert (
        "frontmatter: id ADR-0001 is also used at docs/decisions/0001-use-python.md:2 (HB201); "
        "renumber one of them, or import with another --prefix"
    ) in entry


# -- supersession that the linter would reject ----------------------------------------------------


def nygard(number: int, status: str) -> str:
    return (
        f"# {number}. Record {number}\n\nDate: 2024-01-0{number}\n\n## Status\n\n{status}\n\n"
        "## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n"
    )


def link(number: int) -> str:
    return f"[{number}. Record {number}](000{number}-record-{number}.md)"


@pytest.mark.parametrize(
    ("statuses", "name", "fragment"),
    [
        (
            {1: f"Superceded by {link(2)}", 2: "Accepted", 3: f"Accepted\n\nSupercedes {link(1)}"},
            "0003-record-3.md",
            "frontmatter: ADR-0003 says supersedes ADR-0001, but ADR-0001 says superseded-by "
            "ADR-0002 (HB208)",
        ),
        (
            {1: f"Superceded by {link(2)}", 2: f"Superceded by {link(1)}"},
            "0002-record-2.md",
            "frontmatter: supersedes cycle: ADR-0002 → ADR-0001 → ADR-0002 (HB204)",
        ),
        (
            {1: f"Superceded by {link(2)}", 2: f"Superceded by {link(1)}"},
            "0001-record-1.md",
            # A cycle is reported at each member (issue 12), so this record has its own.
            "frontmatter: supersedes cycle: ADR-0001 → ADR-0002 → ADR-0001 (HB204)",
        ),
        (
            {n: f"Superceded by {link(n % 3 + 1)}" for n in (1, 2, 3)},
            "0003-record-3.md",
            "frontmatter: supersedes cycle: ADR-0003 → ADR-0002 → ADR-0001 → ADR-0003 (HB204)",
        ),
        (
            {1: f"Accepted\n\nAmends {link(1)}"},
            "0001-record-1.md",
            "frontmatter: amends: ADR-0001 is this item itself (HB209)",
        ),
        (
            {1: f"Superceded by {link(2)}", 2: "On hold\n\n[link](https://example.com)"},
            "0002-record-2.md",
            "is not a handbook status",
        ),
    ],
    ids=[
        "contradiction",
        "cycle",
        "cycle-held-back",
        "cycle-of-three",
        "self-reference",
        "prose-in-status",
    ],
)
def test_supersession_the_linter_would_reject_is_not_written(
    statuses: dict[int, str],
    name: str,
    fragment: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for number, status in statuses.items():
        (records / f"000{number}-record-{number}.md").write_text(nygard(number, status))
    monkeypatch.chdir(tmp_path)
    before = snapshot(records)
    result = run("import", "--from", "adr-tools", "records", "--write")
    assert result.exit_code == 1
    assert fragment in report_entry(result.stdout, name)
    assert (records / name).read_bytes() == before[name]


def test_superseded_without_its_own_link_is_fine_when_the_successor_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-record-1.md").write_text(nygard(1, "Superseded"))
    (records / "0002-record-2.md").write_text(nygard(2, f"Accepted\n\nSupersedes {link(1)}"))
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "adr-tools", "records", "--write")
    assert result.exit_code == 0, result.output
    assert lint_json("records")["diagnostics"] == []


# -- the linter judges what would be written ------------------------------------------------------


def test_the_projects_rule_settings_judge_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lint runs with the project's configuration: a rule raised to error there holds back a
    record it would let through by default. Findings in the body name the line of the file
    as it is now, not as it would be with the new frontmatter."""
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    (folder / "0001-store-files-in-tbd.md").write_text(
        nygard(1, "Accepted").replace("# 1. Record 1", "# 1. Store files in TBD")
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("import", "--from", "adr-tools", "docs/adr").exit_code == 0
    config.write_text(
        "site_name: t\nplugins:\n  - handbook:\n      rules:\n        placeholder-text: error\n",
        encoding="utf-8",
    )
    result = run("import", "--from", "adr-tools", "docs/adr", "--write")
    assert result.exit_code == 1, result.output
    assert report_entry(result.stdout, "0001-store-files-in-tbd.md", "docs/adr") == (
        "docs/adr/0001-store-files-in-tbd.md: unmapped fields (ADR-0001 not written):\n"
        "    frontmatter: placeholder text 'TBD' left in the document (HB303)\n"
        "    line 1: placeholder text 'TBD' left in the document (HB303)"
    )
    assert "nothing to write" in result.stdout


def test_a_clash_with_a_record_already_imported_is_the_linters_to_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new record numbered like one already imported: lint reports the duplicate id on the
    new record (and on the old one, which the import leaves alone)."""
    records = copy_case("adr-tools", "log", tmp_path, monkeypatch)
    assert run("import", "--from", "adr-tools", "records", "--write").exit_code == 0
    late = records / "0005-publish-order-events-twice.md"
    late.write_text(nygard(5, "Accepted"))
    result = run("import", "--from", "adr-tools", "records", "--write")
    assert result.exit_code == 1, result.output
    assert report_entry(result.stdout, late.name) == (
        f"records/{late.name}: unmapped fields (ADR-0005 not written):\n"
        "    frontmatter: id ADR-0005 is also used at records/0005-publish-order-events.md:3 "
        "(HB201); renumber one of them, or import with another --prefix"
    )
    assert late.read_text() == nygard(5, "Accepted")


def test_a_record_held_back_holds_back_those_that_link_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lint holds back ADR-0002 (a duplicate id); ADR-0003, which supersedes it, would then
    point at nothing, so it is held back too, and says why; ADR-0001 is written."""
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-record-1.md").write_text(nygard(1, "Accepted"))
    (records / "0002-record-2.md").write_text(nygard(2, "Accepted"))
    (records / "0002-record-2-again.md").write_text(nygard(2, "Accepted"))
    (records / "0003-record-3.md").write_text(nygard(3, f"Accepted\n\nSupercedes {link(2)}"))
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "adr-tools", "records", "--write")
    assert result.exit_code == 1, result.output
    assert report_entry(result.stdout, "0003-record-3.md") == (
        "records/0003-record-3.md: unmapped fields (ADR-0003 not written):\n"
        "    supersedes ADR-0002 (0002-record-2.md), which cannot be imported until its own "
        "problems are fixed"
    )
    assert re.findall(r"^wrote (.+)$", result.stdout, re.M) == ["records/0001-record-1.md"]


def test_an_error_the_import_would_cause_in_another_document_holds_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A supersession cycle with a document already in the handbook is held back: lint
    reports the cycle at each member, the imported record's own file included."""
    existing = tmp_path / "docs" / "decisions" / "0001-use-python.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        "---\nid: ADR-0001\ntitle: Use Python\nstatus: accepted\ndate: 2024-01-01\n"
        "supersedes: [LOG-0001]\n---\n" + nygard(1, "Accepted").split("\n", 1)[1],
        encoding="utf-8",
    )
    record = tmp_path / "docs" / "imported" / "0001-use-perl.md"
    record.parent.mkdir()
    record.write_text(
        "---\nstatus: accepted\ndate: 2024-02-01\nsupersedes: ADR-0001\n---\n# Use Perl\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = lint_json("docs")["diagnostics"]
    result = run("import", "--from", "madr", "docs/imported", "--prefix", "LOG", "--write")
    assert result.exit_code == 1, result.output
    assert report_entry(result.stdout, record.name, "docs/imported") == (
        "docs/imported/0001-use-perl.md: unmapped fields (LOG-0001 not written):\n"
        "    frontmatter: supersedes cycle: LOG-0001 → ADR-0001 → LOG-0001 (HB204)"
    )
    assert "nothing to write" in result.stdout
    assert lint_json("docs")["diagnostics"] == before


@pytest.mark.parametrize(("style", "case", "status"), CASES, ids=CASE_IDS)
def test_what_the_import_writes_lints_clean(
    style: str, case: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The promise, checked: after --write, lint finds nothing in the imported files but
    what the report announced (unknown keys kept as written) and what it leaves to the
    author (the body's sections, which the import does not touch)."""
    records = copy_case(style, case, tmp_path, monkeypatch)
    before = snapshot(records)
    result = run("import", "--from", style, "records", "--write")
    imported = {f"records/{n}" for n, data in snapshot(records).items() if data != before[n]}
    assert imported
    announced = {
        (f"records/{path}", key)
        for path, keys in re.findall(
            r"^records/(\S+): mapped as .*\n(?:    .*\n)*?    note: frontmatter: (.+) kept "
            "as written",
            result.stdout,
            re.M,
        )
        for key in keys.split(", ")
    }
    unexpected = []
    for d in lint_json("records")["diagnostics"]:
        if d["path"] not in imported or d["code"] in ("HB301", "HB302"):
            continue
        key = re.match(r"unknown field '([^']+)'", d["message"])
        if d["code"] == "HB103" and key and (d["path"], key.group(1)) in announced:
            continue
        unexpected.append((d["path"], d["code"], d["message"]))
    assert unexpected == []


# -- interrupted writes ---------------------------------------------------------------------------


def test_a_rename_failing_half_way_puts_the_renamed_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("adr-tools", "log", tmp_path, monkeypatch)
    before = snapshot(records)
    expected = snapshot(FIXTURES / "adr-tools" / "log" / "expected")
    real_replace = os.replace
    calls = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("import", "--from", "adr-tools", "records", "--write")
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 1
    assert "writing stopped: No space left on device" in result.output
    assert "0 file(s) written, 5 left as they were" in result.output
    # All or nothing: the file renamed before the failure got its old version back.
    assert snapshot(records) == before, "every file old, no staged or backup file left"
    assert "wrote " not in result.stdout
    assert expected


def test_a_staging_failure_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = copy_case("madr", "v3", tmp_path, monkeypatch)
    before = snapshot(records)
    real_fsync = os.fsync
    calls = []

    def failing_fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    result = run("import", "--from", "madr", "records", "--write")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert result.exit_code == 1
    assert "0 file(s) written, 3 left as they were" in result.output
    assert snapshot(records) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("madr", "v2", tmp_path, monkeypatch)
    before = snapshot(records)
    records.chmod(0o555)
    try:
        result = run("import", "--from", "madr", "records", "--write")
    finally:
        records.chmod(0o755)
    assert result.exit_code == 1
    assert snapshot(records) == before


# -- the folder itself ----------------------------------------------------------------------------


def test_hidden_files_links_and_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-record-1.md").write_text(nygard(1, "Accepted"))
    (records / ".0002-draft.md").write_text(nygard(2, "Accepted"))
    (records / "diagram.png").write_bytes(b"\x89PNG\r\n")
    (records / "0003-link.md").symlink_to(records / "0001-record-1.md")
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "adr-tools", "records")
    assert result.exit_code == 0, result.output
    assert "records/.0002-draft.md: skipped: a hidden file" in result.stdout
    assert "records/0003-link.md: skipped: a symbolic link: not followed" in result.stdout
    assert "diagram.png" not in result.stdout


def test_an_empty_folder_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "records").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "log4brains", "records", "--write")
    assert result.exit_code == 0
    assert "log4brains: 0 mapped, 0 unmapped, 0 skipped, 0 already imported" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["import", "--from", "madr", "missing"], "'missing' does not exist"),
        (["import", "--from", "jira", "records"], "'jira' is not one of"),
        (["import", "records"], "Missing option '--from'"),
        (["import", "--from", "madr", "records/0001-a.md"], "is a file"),
        (["import", "--from", "madr", "records", "--prefix", "adr"], "is not an id prefix"),
    ],
    ids=["missing-dir", "unknown-style", "no-style", "file-not-dir", "bad-prefix"],
)
def test_usage_errors_exit_2(
    args: list[str], fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "0001-a.md").write_text("# A\n")
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert fragment in result.stderr


def test_help_names_the_styles() -> None:
    result = run("import", "--help")
    assert result.exit_code == 0
    assert (
        "adr-tools" in result.stdout and "log4brains" in result.stdout and "madr" in result.stdout
    )


# -- status words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Accepted", "accepted"),
        ("ACCEPTED.", "accepted"),
        ("**Accepted**", "accepted"),
        ("Accepted 2024-01-05", "accepted"),
        ("accepted (2024-01-05)", "accepted"),
        ("approved", "accepted"),
        ("Proposed", "proposed"),
        ("in review", "proposed"),
        ("Draft", "draft"),
        ("WIP", "draft"),
        ("Rejected", "rejected"),
        ("declined", "rejected"),
        ("Deprecated", "deprecated"),
        ("obsolete", "deprecated"),
        ("Superseded", "superseded"),
        ("Superceded", "superseded"),
        ("on hold", None),
        ("withdrawn", None),
        ("STATUS", None),
        ("Accepted, then rejected", None),
    ],
)
def test_status_words(text: str, status: str | None) -> None:
    assert fields.status_word(text) == status


@pytest.mark.parametrize(
    ("text", "successors"),
    [
        ("superseded by ADR-0123", ["ADR-0123"]),
        ("Superceded by [2. Foo](0002-foo.md)", ["0002-foo.md"]),
        (
            "superseded by [ADR-0005](0005-x.md) and [ADR-0006](0006-y.md)",
            ["0005-x.md", "0006-y.md"],
        ),
        ("superseded by 20201029-superseder", ["20201029-superseder"]),
        ("superseded by", []),
        ("accepted", None),
    ],
)
def test_superseded_by(text: str, successors: list[str] | None) -> None:
    assert fields.superseded_by(text) == successors


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"---\nstatus: accepted\n# never closed\n", "is never closed"),
        (
            b"---\nstatus: accepted\nstatus: rejected\ndate: 2024-01-01\n---\n# T\n",
            "appears more than once",
        ),
        (b"---\nid: 7\nstatus: accepted\n---\n# T\n", "id '7' is not a handbook id"),
        (b"\x00\x01\x02binary", "a binary file with a .md name"),
        (b"---\nstatus: [accepted\n---\n# T\n", "frontmatter, line"),
        (b"---\n- a list\n---\n# T\n", "must be a mapping"),
    ],
    ids=["unclosed", "duplicate-key", "foreign-id", "binary", "bad-yaml", "list"],
)
def test_unreadable_frontmatter_is_reported(
    data: bytes, fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-odd.md").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = run("import", "--from", "madr", "records", "--write")
    assert result.exit_code == 1, result.output
    entry = report_entry(result.stdout, "0001-odd.md")
    assert "unmapped fields" in entry and fragment in entry
    assert (records / "0001-odd.md").read_bytes() == data


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("7. Use Postgres", "Use Postgres"),
        ("ADR-0007: Use Postgres", "Use Postgres"),
        ("2024 budget freeze", "2024 budget freeze"),
        ("Use Postgres <!-- draft -->", "Use Postgres"),
    ],
)
def test_title_text(heading: str, title: str) -> None:
    assert fields.title_text(heading) == title


# -- metadata as people write it -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "problem"),
    [
        ("2019-05-13", "2019-05-13", None),
        ("2019-05-13, updated 2023-02-05", "2019-05-13", None),
        ("Jan 3, 2024", "2024-01-03", None),
        ("January 3rd, 2024", "2024-01-03", None),
        ("3 January 2024", "2024-01-03", None),
        ("3 Sept. 2024", "2024-09-03", None),
        ("2019/03/01", "2019-03-01", None),
        ("13/09/2023", "2023-09-13", None),
        ("09-09-2023", "2023-09-09", None),
        (
            "12-09-2023",
            None,
            "'12-09-2023' is ambiguous: 12 September 2023 or 9 December 2023; write it "
            "YYYY-MM-DD (2023-09-12 or 2023-12-09)",
        ),
        ("2019-02-30", None, "'2019-02-30' is not a calendar date"),
        ("Smarch 3, 2024", None, "'Smarch 3, 2024' is not a date (write it YYYY-MM-DD)"),
    ],
)
def test_dates_as_people_write_them(text: str, date: str | None, problem: str | None) -> None:
    reading = decision_text.read_date(text)
    assert (reading.date, reading.problem) == (date, problem)


@pytest.mark.parametrize(
    ("text", "status", "date", "links"),
    [
        ("Accepted", "accepted", None, []),
        ("2026-02-01 accepted", "accepted", "2026-02-01", []),
        ("Accepted on 2019-03-01", "accepted", "2019-03-01", []),
        ("Accepted (2019-03-01)", "accepted", "2019-03-01", []),
        ("Accepted. We revisit this in Q3.", "accepted", None, []),
        (
            "Accepted, supplemented by [ADR-0034](0034-x.md)",
            "accepted",
            None,
            [("supplemented-by", "0034-x.md")],
        ),
        (
            "Superseded by [ADR-0020](0020-a.md) and [ADR-0021](0021-b.md)",
            "superseded",
            None,
            [("superseded-by", "0020-a.md"), ("superseded-by", "0021-b.md")],
        ),
        ("Partly superseded by ADR-0009", None, None, [("amended-by", "ADR-0009")]),
        ("Reverted by ADR-0012", "deprecated", None, [("reverted-by", "ADR-0012")]),
        ("Amends [1. Bar](0001-bar.md)", None, None, [("amends", "0001-bar.md")]),
        ("On hold", None, None, []),
    ],
)
def test_status_lines_as_people_write_them(
    text: str, status: str | None, date: str | None, links: list[tuple[str, str]]
) -> None:
    line = decision_text.read_status_line(text)
    assert (line.status, line.date) == (status, date)
    assert [(link.relation, link.target) for link in line.links] == links


@pytest.mark.parametrize(
    ("names", "numbers"),
    [
        (["0001-a.md", "0002-b.md", "4-day-work-week.md"], {"0001-a.md": 1, "0002-b.md": 2}),
        (["use-kafka.md", "4-day-work-week.md"], {}),
        (["4-day-work-week.md"], {"4-day-work-week.md": 4}),
        (
            ["1-a.md", "2-b.md", "4-day-work-week.md"],
            {"1-a.md": 1, "2-b.md": 2, "4-day-work-week.md": 4},
        ),
        (
            ["ADR015-x.md", "adr-016-x.md", "adr_017_x.md", "ADR-0018-x.md", "0019-x"],
            {
                "ADR015-x.md": 15,
                "adr-016-x.md": 16,
                "adr_017_x.md": 17,
                "ADR-0018-x.md": 18,
                "0019-x": 19,
            },
        ),
        (["20201016-use-lunr.md", "20201017-use-mkdocs.md"], {}),
    ],
)
def test_numbers_from_every_common_file_name(names: list[str], numbers: dict[str, int]) -> None:
    assert decision_text.numbers_by_convention(names) == numbers


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("[identity, groups]", False),
        ("[Alice Ng, Bo Li]", False),
        ("[space and/or comma separated list of tags]", True),
        ("[proposed | rejected | accepted]", True),
        ("{list everyone involved in the decision}", True),
    ],
)
def test_a_bracketed_list_is_not_a_placeholder(text: str, placeholder: bool) -> None:
    assert fields.is_placeholder(text) is placeholder


def _git(folder: Path, *args: str, date: str = "2021-06-07T10:00:00+00:00") -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, env=environment
    )


def test_a_missing_date_comes_from_the_commit_that_added_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = copy_case("adr-tools", "quirks", tmp_path, monkeypatch)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "records")
    _git(tmp_path, "commit", "-q", "-m", "the log")
    (records / "0001-record-architecture-decisions.md").write_text(
        (records / "0001-record-architecture-decisions.md").read_text() + "\nEdited later.\n"
    )
    _git(tmp_path, "commit", "-q", "-am", "an edit", date="2022-01-01T10:00:00+00:00")
    entry = report_entry(
        run("import", "--from", "adr-tools", "records").stdout,
        "0001-record-architecture-decisions.md",
    )
    assert re.fullmatch(
        r"records/0001-record-architecture-decisions.md: mapped as ADR-0001 \(accepted\)\n"
        r"    note: no date \(the file has no 'Date:' line under the title\): 2021-06-07, "
        r"from git: the commit that added the file \([0-9a-f]{7,}\)",
        entry,
    ), entry


def test_the_default_status_can_come_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case("madr", "names", tmp_path, monkeypatch)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: records\nplugins:\n  - handbook:\n      decision_logs:\n"
        "        default_status: proposed\n        id_prefixes: {.: API}\n"
    )
    entry = report_entry(
        run("import", "--from", "madr", "records").stdout,
        "adr-016-keep-the-monolith-for-billing.md",
    )
    assert (
        "no status (neither 'status:' in the frontmatter nor a '* Status:' item under the "
        "title): proposed, the default status (decision_logs.default_status)" in entry
    )


def test_an_unknown_default_status_is_a_usage_error() -> None:
    result = run(
        "import",
        "--from",
        "madr",
        str(FIXTURES / "madr" / "names" / "records"),
        "--default-status",
        "done",
    )
    assert result.exit_code == 2
    assert (
        "'done' is not an adr status (draft, proposed, accepted, rejected, deprecated, superseded)"
        in result.output
    )


def test_lint_over_files_none_of_which_is_an_item_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case("adr-tools", "quirks", tmp_path, monkeypatch)
    result = run("lint", "records")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Nothing checked: 14 Markdown files, none of them an item. Give a document a 'kind:', "
        "put it in a kind's folder (decisions/ for ADRs, risks/, runbooks/, …) or map its "
        "folder with kind_folders in the handbook options; an existing decision log is read "
        "where it lies once its folder is mapped to adr, or moved in with 'handbook import'.\n"
    )
    assert run("lint", "--strict", "records").exit_code == 1


# -- linting a log where it lies -------------------------------------------------------------------

LINT_IN_PLACE = [
    ("adr-tools", "log", None),
    ("adr-tools", "quirks", None),
    ("madr", "v2", "madr"),
    ("madr", "v4", None),
    ("madr", "names", None),
    ("log4brains", "log", "log4brains"),
    ("log4brains", "quirks", "auto"),
]
"""(style, case, ``decision_logs.adr_style``): each case's untouched ``records/`` linted as
``docs/decisions/`` (a folder mapped to adr); ``lint.txt`` holds the whole concise output."""


@pytest.mark.parametrize(
    ("style", "case", "adr_style"), LINT_IN_PLACE, ids=[f"{s}-{c}" for s, c, _ in LINT_IN_PLACE]
)
def test_a_log_is_linted_where_it_lies(
    style: str, case: str, adr_style: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_case(style, case, tmp_path, monkeypatch)
    (tmp_path / "docs").mkdir()
    (tmp_path / "records").rename(tmp_path / "docs" / "decisions")
    options = f"\n      decision_logs:\n        adr_style: {adr_style}" if adr_style else ""
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nplugins:\n  - handbook:{options or ' {}'}\n", encoding="utf-8"
    )
    before = snapshot(tmp_path / "docs")
    result = run("lint", "--format", "concise", "--today", "2024-07-01")
    assert snapshot(tmp_path / "docs") == before, "lint writes nothing"
    expected = FIXTURES / style / case / "lint.txt"
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_lint_where_it_lies_knows_site_generators_and_optional_statuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True)
    (docs / "runbooks").mkdir()
    (docs / "decisions" / "0001-use-pgbouncer.md").write_text(
        "---\ntitle: Use PgBouncer\nnav_order: 2\nparent: Decisions\nweight: 10\n"
        "x-team: data\njira: DATA-12\nteam_lead: Ana\n---\n"
        "# 1. Use `pgBouncer`!\n\nDate: 2024-01-05\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nToo many connections.\n\n## Decision\n\nPool them.\n\n"
        "## Consequences\n\nOne more service.\n",
        encoding="utf-8",
    )
    (docs / "decisions" / "template.md").write_text("# NUMBER. TITLE\n", encoding="utf-8")
    (docs / "decisions" / "_index.md").write_text("# Decisions\n", encoding="utf-8")
    (docs / "runbooks" / "rb-001-restart-the-pool.md").write_text(
        "---\nid: RB-001\ntitle: Restart the pool\nowner: team-data\nhas_children: false\n---\n"
        "# Restart the pool\n\n## Symptoms\n\nTimeouts.\n\n## Steps\n\n1. Restart it.\n\n"
        "## Verification\n\nQueries succeed.\n\n## Escalation\n\nPage the DBA.\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - handbook:\n      extra_frontmatter: [jira]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run("lint", "--format", "concise", "--today", "2024-07-01")
    assert result.stdout.splitlines() == [
        "docs/decisions/0001-use-pgbouncer.md:8:1: HB103 [warning] unknown field 'team_lead'; "
        "custom fields start with 'x-'",
        # the runbook writes no status: it is active, so the coverage rules apply to it
        "docs/runbooks/rb-001-restart-the-pool.md:2:1: HB503 [warning] RB-001 handles no "
        "failure mode or SLO and mitigates nothing: say what it is for with 'handles' or "
        "'mitigates'",
        "Found 2 warnings in 4 files, 2 items checked.",
    ], result.stdout
