"""The writers are correct or refuse (issue 9): status, supersede, import, new and init
splice exactly at aliases, anchors, empty values and mixed line ends, or write nothing and
say why; writes are all-or-nothing across files, survive SIGINT and SIGTERM, keep the
file's mode, respect the umask and refuse read-only targets unless --force."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handbook.authoring import atomic
from handbook.cli import main
from handbook.parse.frontmatter import read_source

IMPORT_FIXTURES = Path(__file__).parent / "fixtures" / "import"

ADR = """\
---
id: {id}
title: {title}
status: {status}
date: 2026-01-05
---
# {title}

## Context

Reads dominate.

## Decision

We keep a cache.

## Consequences

Prices can be stale.
"""


def adr(number: int, status: str = "proposed", title: str = "Keep a cache") -> str:
    return ADR.format(id=f"ADR-{number:04d}", title=title, status=status)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDBOOK_OWNER", "ana")
    return tmp_path


def put(project: Path, name: str, data: str | bytes) -> Path:
    path = project / "docs" / "decisions" / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def files(project: Path) -> dict[str, bytes]:
    """Every file under docs/, hidden ones (staged copies, backups) included."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted((project / "docs").rglob("*"))
        if p.is_file()
    }


# -- splicing ---------------------------------------------------------------------------------


def test_status_through_an_alias_replaces_the_alias_and_keeps_the_anchor(project: Path) -> None:
    text = adr(1).replace("id: ADR-0001\n", "id: ADR-0001\nagreed: &s proposed\n")
    path = put(project, "0001-cache.md", text.replace("status: proposed", "status: *s"))

    code, _, err = run("status", "ADR-0001", "accepted")

    assert code == 0, err
    written = path.read_text(encoding="utf-8")
    assert "agreed: &s proposed\n" in written  # the anchor's own value is untouched
    assert written == text.replace("status: proposed", "status: accepted")


def test_a_value_shared_through_an_anchor_is_refused(project: Path) -> None:
    text = adr(1).replace("status: proposed", "status: &s proposed\nreview-status: *s")
    put(project, "0001-cache.md", text)
    before = files(project)

    code, _, err = run("status", "ADR-0001", "accepted")

    assert code == 2
    assert "anchored (&s) and used elsewhere" in err and len(err.strip().splitlines()) == 1
    assert files(project) == before


def test_an_anchored_value_used_nowhere_else_keeps_its_anchor(project: Path) -> None:
    path = put(project, "0001-cache.md", adr(1, status="&s proposed"))

    assert run("status", "ADR-0001", "accepted")[0] == 0
    assert path.read_text(encoding="utf-8") == adr(1, status="&s accepted")


def test_an_empty_status_gets_a_space_before_the_value(project: Path) -> None:
    path = put(project, "0001-cache.md", adr(1).replace("status: proposed", "status:"))

    code, _, err = run("status", "ADR-0001", "accepted")

    assert code == 0, err
    assert path.read_text(encoding="utf-8") == adr(1, status="accepted")


@pytest.mark.parametrize(
    ("yaml_newlines", "body_newline"),
    [("\r\n", "\n"), ("\n", "\r\n"), ("\r", "\n"), ("mixed", "\n"), ("mixed", "\r\n")],
)
def test_line_ends_are_kept_where_they_are(
    project: Path, yaml_newlines: str, body_newline: str
) -> None:
    head, body = adr(1).split("---\n#", 1)
    lines = head.split("\n")[:-1]
    ends = ["\r\n", "\n", "\r"] if yaml_newlines == "mixed" else [yaml_newlines]
    head = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    fence = "---" + ends[len(lines) % len(ends)]
    data = (head + fence + "#" + body.replace("\n", body_newline)).encode("utf-8")
    path = put(project, "0001-cache.md", data)

    code, _, err = run("status", "ADR-0001", "accepted")

    assert code == 0, err
    assert path.read_bytes() == data.replace(b"status: proposed", b"status: accepted")


def test_a_key_added_to_crlf_frontmatter_ends_in_crlf(project: Path) -> None:
    text = adr(1).replace("status: proposed\n", "")
    path = put(project, "0001-cache.md", text.replace("\n", "\r\n"))

    assert run("status", "ADR-0001", "accepted")[0] == 0
    expected = text.replace("date: 2026-01-05\n", "date: 2026-01-05\nstatus: accepted\n")
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode("utf-8")


def test_supersede_into_an_empty_list_and_a_trailing_comma(project: Path) -> None:
    old = put(project, "0001-old.md", adr(1, status="accepted"))
    new_text = adr(2).replace("date: 2026-01-05\n", "date: 2026-01-05\nsupersedes:\n")
    new = put(project, "0002-new.md", new_text)

    code, _, err = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 0, err
    assert "supersedes: [ADR-0001]\n" in new.read_text(encoding="utf-8")
    assert "superseded-by: [ADR-0002]\n" in old.read_text(encoding="utf-8")


def test_supersede_refuses_a_list_merged_in_from_elsewhere(project: Path) -> None:
    put(project, "0001-old.md", adr(1, status="accepted"))
    put(project, "0000-first.md", adr(0, status="superseded"))
    text = adr(2).replace(
        "date: 2026-01-05\n",
        "date: 2026-01-05\nx-base: &base {supersedes: [ADR-0000]}\n<<: *base\n",
    )
    put(project, "0002-new.md", text)
    before = files(project)

    code, _, err = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 2 and "merge key" in err
    assert files(project) == before


# -- all or nothing ---------------------------------------------------------------------------


def test_supersede_puts_the_first_file_back_when_the_second_rename_fails(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(project, "0001-old.md", adr(1, status="accepted"))
    put(project, "0002-new.md", adr(2))
    before = files(project)
    real_replace = os.replace
    calls: list[Any] = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)

    code, out, err = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 1
    assert "nothing was changed: No space left on device" in err
    assert "updated" not in out
    assert files(project) == before, "both files old, no staged copy or backup left"


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_import_write_rolls_back_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    shutil.copytree(IMPORT_FIXTURES / "adr-tools" / "log" / "records", tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    records = tmp_path / "records"
    before = {p: p.read_bytes() for p in records.rglob("*") if p.is_file()}
    real_replace = os.replace
    calls: list[Any] = []

    def interrupted_replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        calls.append(target)
        if len(calls) == 3:
            os.kill(os.getpid(), number)  # the user presses Ctrl-C, or CI cancels the job

    handler_before = signal.getsignal(number)
    monkeypatch.setattr(os, "replace", interrupted_replace)
    result = CliRunner().invoke(main, ["import", "--from", "adr-tools", "records", "--write"])

    assert result.exit_code == 1, result.output
    assert f"writing stopped: interrupted by {signal.Signals(number).name}" in result.output
    assert "0 file(s) written, 5 left as they were" in result.output
    assert {p: p.read_bytes() for p in records.rglob("*") if p.is_file()} == before
    assert signal.getsignal(number) == handler_before


def test_commit_restores_the_previous_signal_handlers(tmp_path: Path) -> None:
    def mine(_number: int, _frame: object) -> None:
        raise AssertionError("not called")

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        atomic.commit({tmp_path / "a.txt": b"a", tmp_path / "b.txt": b"b"})
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert (tmp_path / "a.txt").read_bytes() == b"a"


# -- modes, umask, read-only -----------------------------------------------------------------


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_and_init_respect_the_umask(
    project: Path, tmp_path: Path, mask: int, mode: int
) -> None:
    old = os.umask(mask)
    try:
        code, out, err = run("new", "adr", "Use Postgres")
        assert code == 0, err
        assert (project / out.strip()).stat().st_mode & 0o777 == mode
        assert run("init", str(tmp_path / "fresh"))[0] == 0
    finally:
        os.umask(old)
    created = [p for p in (tmp_path / "fresh").rglob("*") if p.is_file()]
    assert created and {p.stat().st_mode & 0o777 for p in created} == {mode}


def test_status_keeps_the_mode_and_refuses_a_read_only_file_unless_forced(
    project: Path,
) -> None:
    path = put(project, "0001-cache.md", adr(1))
    path.chmod(0o640)
    assert run("status", "ADR-0001", "accepted")[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640

    path.chmod(0o444)
    code, _, err = run("status", "ADR-0001", "rejected")
    assert code == 2
    assert "0001-cache.md is read-only; nothing was written (pass --force" in err
    assert path.read_text(encoding="utf-8") == adr(1, status="accepted")

    code, _, err = run("status", "ADR-0001", "rejected", "--force")
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == adr(1, status="rejected")
    assert path.stat().st_mode & 0o777 == 0o444


def test_import_refuses_a_read_only_record_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(IMPORT_FIXTURES / "madr" / "v3" / "records", tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    records = tmp_path / "records"
    markdown = sorted(records.glob("0*.md"))
    markdown[-1].chmod(0o444)
    before = {p.name: p.read_bytes() for p in records.iterdir()}

    code, _, err = run("import", "--from", "madr", "records", "--write")

    assert code == 2 and "is read-only; nothing was written" in err
    assert {p.name: p.read_bytes() for p in records.iterdir()} == before
    assert run("import", "--from", "madr", "records", "--write", "--force")[0] == 0
    assert markdown[-1].stat().st_mode & 0o777 == 0o444


def test_lint_output_refuses_a_read_only_report(project: Path) -> None:
    put(project, "0001-cache.md", adr(1))
    report = project / "report.txt"
    report.write_text("keep me\n", encoding="utf-8")
    report.chmod(0o444)

    code, _, err = run("lint", "-o", str(report))

    assert code == 2 and "read-only" in err  # exit 1 would read as findings
    assert report.read_text(encoding="utf-8") == "keep me\n"


# -- new ---------------------------------------------------------------------------------------


def test_new_with_a_placeholder_in_the_title_and_an_owner_that_needs_quoting(
    project: Path,
) -> None:
    owner = 'O\'Brien: "ops", #1'
    code, out, err = run("new", "adr", "Ask {{owner}} about {{id}}", "--owner", owner)

    assert code == 0, err
    source = read_source(project / out.strip())
    assert not source.problems
    assert source.data is not None
    assert source.data["title"] == "Ask {{owner}} about {{id}}"
    assert source.data["decision-makers"] == [owner]


def test_new_after_the_highest_id_the_schema_allows_refuses(project: Path) -> None:
    put(project, "999999-last.md", adr(999999))
    before = files(project)

    code, _, err = run("new", "adr", "One more")

    assert code == 2
    assert "ADR-999999 is the highest id the schema allows" in err
    assert files(project) == before
