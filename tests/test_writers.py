"""The writers are correct or refuse (issue 9): status, supersede, import, new and init
splice exactly at aliases, anchors, empty values and mixed line ends, or write nothing and
say why; writes are all-or-nothing across files, survive SIGINT and SIGTERM, keep the
file's mode, respect the umask and refuse read-only targets unless --force."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handbook.authoring import atomic
from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor, yaml_scalar
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


# -- written for the mutants the tests above let live (contributing.md, "Mutation testing")
# -- atomic: the errors say what and where ----------------------------------------------------


def test_create_over_an_existing_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"mine")

    with pytest.raises(atomic.FileExists) as caught:
        atomic.create(path, "new")

    assert caught.value.path == path
    assert str(caught.value) == f"{path} already exists; nothing was written"
    assert path.read_bytes() == b"mine"


@pytest.mark.parametrize("write", [atomic.commit, atomic.write])
def test_a_read_only_target_is_refused_as_a_permission_error(tmp_path: Path, write: Any) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"mine")
    path.chmod(0o444)

    with pytest.raises(atomic.ReadOnly) as caught:
        if write is atomic.commit:
            write({path: b"new"})
        else:
            write(path, "new")

    error = caught.value
    assert (error.errno, error.strerror, error.filename) == (
        errno.EACCES,
        "the file is read-only",
        str(path),
    )
    assert error.path == path
    assert str(error) == f"{path} is read-only; nothing was written"
    assert path.read_bytes() == b"mine"


def test_force_writes_a_read_only_target_and_keeps_its_mode(tmp_path: Path) -> None:
    paths = [tmp_path / name for name in ("a.md", "b.md", "c.md")]
    for path in paths:
        path.write_bytes(b"mine")
        path.chmod(0o444)

    atomic.commit({paths[0]: b"new"}, force=True)
    atomic.commit({paths[1]: b"new\xc3\xa9"}, force=True)
    atomic.write(paths[2], "new é", force=True)

    assert [p.read_bytes() for p in paths] == [b"new", b"new\xc3\xa9", "new é".encode()]
    assert {p.stat().st_mode & 0o777 for p in paths} == {0o444}


def test_a_commit_stopped_by_an_error_or_a_signal_says_which_and_why() -> None:
    failed = atomic.CommitFailed("disk full", [Path("a")], [Path("b")])
    assert (failed.errno, failed.strerror, failed.signal) == (errno.EIO, "disk full", None)
    assert (failed.written, failed.unchanged, str(failed)) == (
        [Path("a")],
        [Path("b")],
        "disk full",
    )

    stopped = atomic.CommitFailed("interrupted by SIGTERM", [], [], signal.SIGTERM)
    assert (stopped.errno, stopped.strerror) == (errno.EINTR, "interrupted by SIGTERM")
    assert stopped.signal == signal.SIGTERM


def test_a_signal_during_a_commit_is_raised_as_commit_failed_with_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace

    def interrupted_replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({first: b"new a", second: b"new b"})

    assert (caught.value.signal, caught.value.errno) == (signal.SIGTERM, errno.EINTR)
    assert str(caught.value) == "interrupted by SIGTERM"
    assert (caught.value.written, caught.value.unchanged) == ([], [first, second])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]
    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")


def test_a_second_signal_during_the_rollback_is_noted_and_waits() -> None:
    signals = atomic._Signals()

    with pytest.raises(atomic._Signalled) as caught:
        signals.handle(signal.SIGINT, None)
    signals.handle(signal.SIGTERM, None)  # the rollback is not interrupted again

    assert caught.value.number == signal.SIGINT
    assert signals.holding is True
    assert signals.received == [signal.SIGINT, signal.SIGTERM]


@pytest.mark.parametrize(
    ("mode", "read_only"),
    [(0o444, True), (0o555, True), (0o400, True), (0o644, False), (0o200, False), (0o020, False)],
)
def test_is_read_only_reads_the_write_bits(tmp_path: Path, mode: int, read_only: bool) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"")
    path.chmod(mode)

    assert atomic.is_read_only(path) is read_only
    assert atomic.is_read_only(tmp_path / "missing.md") is False


# -- atomic: stopped between a rename and noting it, or unable to put a file back -----------


def test_stopped_just_after_replacing_a_file_puts_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace
    calls: list[Any] = []

    def replace_then_stop(source: Any, target: Any) -> None:
        real_replace(source, target)
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt  # after the rename, before the commit notes it

    monkeypatch.setattr(os, "replace", replace_then_stop)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit({first: b"new a", second: b"new b"})

    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_stopped_just_after_linking_a_new_file_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_bytes(b"old a")
    real_link = os.link

    def link_then_stop(source: Any, target: Any) -> None:
        real_link(source, target)
        if Path(target) == new:
            raise KeyboardInterrupt  # linked, the staged copy not yet removed

    monkeypatch.setattr(os, "link", link_then_stop)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit({old: b"new a", new: b"new b"})

    assert old.read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_stopped_before_a_new_file_is_linked_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_bytes(b"old a")
    real_link = os.link

    def stop(source: Any, target: Any) -> None:
        if Path(target) == new:
            raise KeyboardInterrupt
        real_link(source, target)  # the backup of the first file

    monkeypatch.setattr(os, "link", stop)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit({old: b"new a", new: b"new b"})

    assert old.read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_file_that_cannot_be_put_back_is_reported_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace
    calls: list[Any] = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) >= 2:  # the second rename, then the rollback of the first
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({first: b"new a", second: b"new b"})

    assert (caught.value.written, caught.value.unchanged) == ([first], [second])
    assert str(caught.value) == "No space left on device"
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"old b")
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and backups[0].read_bytes() == b"old a"  # the old version kept


def test_a_commit_stages_each_file_beside_its_target_under_a_hidden_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    real_replace = os.replace
    seen: list[str] = []

    def spying_replace(source: Any, target: Any) -> None:
        seen.append(str(source))
        seen.extend(sorted(p.name for p in tmp_path.iterdir()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spying_replace)
    atomic.commit({path: b"new"})

    staged, *names = seen
    assert Path(staged).parent == tmp_path
    assert re.fullmatch(r"\.a\.md\.[^/]+\.tmp", Path(staged).name)
    assert [n for n in names if n.endswith(".bak")], names
    assert all(
        re.fullmatch(r"a\.md|\.a\.md\.[0-9a-f]{8}\.bak|\.a\.md\.[^/]+\.tmp", n) for n in names
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_backup_name_taken_already_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    taken = tmp_path / ".a.md.00000000.bak"
    taken.write_bytes(b"someone's")
    tokens = iter(["00000000", "11111111"])
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda _n: next(tokens))
    real_replace = os.replace
    inodes: list[int] = []

    def spying_replace(source: Any, target: Any) -> None:
        inodes.append((tmp_path / ".a.md.11111111.bak").stat().st_ino)
        real_replace(source, target)

    old_inode = path.stat().st_ino
    monkeypatch.setattr(os, "replace", spying_replace)
    atomic.commit({path: b"new"})

    assert inodes == [old_inode]  # the second name is a hard link to the old version
    assert taken.read_bytes() == b"someone's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.md.00000000.bak", "a.md"]


def test_without_hard_links_the_backup_is_a_copy_and_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    first.chmod(0o640)
    second.write_bytes(b"old b")
    monkeypatch.setattr(os, "link", lambda *_: (_ for _ in ()).throw(OSError(errno.EPERM, "no")))
    real_replace = os.replace
    calls: list[Any] = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({first: b"new a", second: b"new b"})

    assert str(caught.value) == f"No space left on device ({second})"
    assert (caught.value.written, caught.value.unchanged) == ([], [first, second])
    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")
    assert first.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_file_of_another_owner_keeps_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root may give a file away")
    theirs, mine = tmp_path / "a.md", tmp_path / "b.md"
    theirs.write_bytes(b"old")
    mine.write_bytes(b"old")
    os.chown(theirs, 4321, 4321)

    atomic.commit({theirs: b"new", mine: b"new"})

    assert (theirs.stat().st_uid, theirs.stat().st_gid) == (4321, 4321)
    assert (mine.stat().st_uid, mine.stat().st_gid) == (os.geteuid(), os.getegid())
    assert theirs.read_bytes() == mine.read_bytes() == b"new"

    def refused(*_args: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refused)  # not root after all: the write goes on
    atomic.commit({theirs: b"newer"})
    assert theirs.read_bytes() == b"newer"


def test_several_new_files_are_all_written(tmp_path: Path) -> None:
    atomic.commit({tmp_path / "a.md": b"a", tmp_path / "b.md": b"b"})
    atomic.commit({tmp_path / "c.md": b"c", tmp_path / "d.md": b"d"}, create=True)

    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "a.md": b"a",
        "b.md": b"b",
        "c.md": b"c",
        "d.md": b"d",
    }


def test_commit_refuses_a_folder_and_a_read_only_file_by_default(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as caught:
        atomic.commit({tmp_path: b"x"})
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (
        errno.EISDIR,
        "not a regular file",
        str(tmp_path),
    )
    path = tmp_path / "a.md"
    path.write_bytes(b"mine")
    path.chmod(0o555)
    with pytest.raises(atomic.ReadOnly):
        atomic.commit({path: b"new"})
    assert path.read_bytes() == b"mine"


def test_a_file_that_appears_while_staging_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    real_temporary = atomic._temporary

    def racing(target: Path, *args: Any) -> Path:
        staged = real_temporary(target, *args)
        target.write_bytes(b"someone else's")  # another process creates it meanwhile
        return staged

    monkeypatch.setattr(atomic, "_temporary", racing)
    with pytest.raises(atomic.FileExists) as caught:
        atomic.create(path, "mine")

    assert caught.value.path == path
    assert path.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@pytest.mark.parametrize(
    ("error", "reason"), [(ValueError("bad"), "bad"), (ValueError(), "ValueError")]
)
def test_any_other_error_with_a_file_not_put_back_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace
    calls: list[Any] = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise error
        if len(calls) == 3:
            raise OSError(errno.EIO, "I/O error")  # putting the first one back fails too
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({first: b"new a", second: b"new b"})

    assert str(caught.value) == reason
    assert (caught.value.written, caught.value.unchanged) == ([first], [second])


def test_an_error_without_a_message_is_named_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def failing_replace(_source: Any, _target: Any) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({path: b"new"})

    assert str(caught.value) == "the disk went away"
    assert caught.value.unchanged == [path]


def test_a_signal_during_the_rollback_or_the_cleanup_does_not_stop_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_bytes(b"old a")
    second.write_bytes(b"old b")
    real_replace = os.replace
    calls: list[Any] = []

    def failing_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while the first file is put back
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({first: b"new a", second: b"new b"})
    assert str(caught.value) == "No space left on device"
    assert (first.read_bytes(), second.read_bytes()) == (b"old a", b"old b")

    monkeypatch.setattr(os, "replace", real_replace)
    real_remove = atomic._remove

    def interrupted_remove(paths: list[Path]) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # after the renames, while backups go
        real_remove(paths)

    monkeypatch.setattr(atomic, "_remove", interrupted_remove)
    atomic.commit({first: b"new a"})
    assert first.read_bytes() == b"new a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_staged_file_that_cannot_be_removed_does_not_hide_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def failing_replace(_source: Any, _target: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    real_unlink = Path.unlink

    def stuck_unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".tmp"):
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", failing_replace)
    monkeypatch.setattr(Path, "unlink", stuck_unlink)
    with pytest.raises(atomic.CommitFailed) as caught:
        atomic.commit({path: b"new"})

    assert str(caught.value) == "No space left on device"
    assert path.read_bytes() == b"old"


# -- frontmatter splices -----------------------------------------------------------------------

ADD = ("add_to_list", [], "supersedes", "c")
SET = ("set_scalar", [], "status", "done")
RISK = ("set_scalar", ["risks", 0], "status", "open")

SPLICES: list[tuple[str | bytes, tuple[str, list[Any], str, str], Any]] = [
    ("---\nsupersedes: []\n---\n", ADD, "---\nsupersedes: [c]\n---\n"),
    ("---\nsupersedes: [ ]\n---\n", ADD, "---\nsupersedes: [ c]\n---\n"),
    ("---\nsupersedes: [a]\n---\n", ADD, "---\nsupersedes: [a, c]\n---\n"),
    ("---\nsupersedes: [a,]\n---\n", ADD, "---\nsupersedes: [a, c]\n---\n"),
    ("---\nsupersedes: [a, ]\n---\n", ADD, "---\nsupersedes: [a, c]\n---\n"),
    ("---\nsupersedes: [a,\t]\n---\n", ADD, "---\nsupersedes: [a,\tc]\n---\n"),
    ("---\nsupersedes: [a, X]\n---\n", ADD, "---\nsupersedes: [a, X, c]\n---\n"),
    ("---\nsupersedes: [a, c]\n---\n", ADD, False),
    ("---\nsupersedes: ADR-1\n---\n", ADD, "'supersedes' is not a list"),
    ("---\nsupersedes: !!null ''\n---\n", ADD, "'supersedes' has a YAML tag; edit it by hand"),
    (
        "---\nx: &l [a]\nsupersedes: *l\n---\n",
        ADD,
        "'supersedes' is shared through a YAML anchor; edit it by hand",
    ),
    (
        "---\nsupersedes:\n  - a\ntags: x\n---\n",
        ADD,
        "---\nsupersedes:\n  - a\n  - c\ntags: x\n---\n",
    ),
    (
        "---\rsupersedes:\r  - a\rtags: x\r---\r",
        ADD,
        "---\rsupersedes:\r  - a\r  - c\rtags: x\r---\r",
    ),
    (
        "---\r\nsupersedes:\n  - a\r\ntags: x\n---\n",
        ADD,
        "---\r\nsupersedes:\n  - a\r\n  - c\r\ntags: x\n---\n",
    ),
    (
        "---\nsupersedes:\r\n  - a\ntags: x\r\n---\r\n",
        ADD,
        "---\nsupersedes:\r\n  - a\n  - c\ntags: x\r\n---\r\n",
    ),
    (
        "---\nsupersedes:\n  - {a: 1}\n---\n",
        ADD,
        "the last entry of 'supersedes' is not a one-line value",
    ),
    (
        "---\nsupersedes:\n  - a\n    b\n---\n",
        ADD,
        "the last entry of 'supersedes' is not a one-line value",
    ),
    (
        "---\rsupersedes:\r  - a\r    b\r---\r",
        ADD,
        "the last entry of 'supersedes' is not a one-line value",
    ),
    (
        "---\nsupersedes:\n  -\n    a\n---\n",
        ADD,
        "the entries of 'supersedes' are not one per line",
    ),
    ("---\n---\n", ADD, "---\nsupersedes: [c]\n---\n"),
    ("---\n---\n", SET, "---\nstatus: done\n---\n"),
    ("---\r\n---\r\n", SET, "---\r\nstatus: done\r\n---\r\n"),
    ("---\n# only a comment\n---\n", SET, "---\n# only a comment\nstatus: done\n---\n"),
    ("---\n{}\n---\n", SET, "cannot add 'status' to an empty inline mapping"),
    ("---\n{id: X}\n---\n", SET, "---\n{id: X, status: done}\n---\n"),
    ("---\n{id: X,}\n---\n", SET, "---\n{id: X, status: done}\n---\n"),
    ("---\n{id: X }\n---\n", SET, "---\n{id: X , status: done}\n---\n"),
    ("---\n\nid: X\n---\n", SET, "---\n\nid: X\nstatus: done\n---\n"),
    ("---\r\rid: X\r---\r", SET, "---\r\rid: X\rstatus: done\r---\r"),
    ("---\r\nid: X\ntitle: t\n---\n", SET, "---\r\nid: X\ntitle: t\nstatus: done\n---\n"),
    ("---\nid: X\r\ntitle: t\r\n---\r\n", SET, "---\nid: X\r\ntitle: t\r\nstatus: done\r\n---\r\n"),
    ("---\nid: X\rtitle: t\r---\r", SET, "---\nid: X\rtitle: t\rstatus: done\r---\r"),
    ("---\n  id: X\n  title: t\n---\n", SET, "---\n  id: X\n  title: t\n  status: done\n---\n"),
    ("---\nrisks:\n  - id: R-1\n---\n", RISK, "---\nrisks:\n  - id: R-1\n    status: open\n---\n"),
    (
        "---\nrisks:\n  - id: R-1\n    title: t\n    owner: o\n---\n",
        RISK,
        "---\nrisks:\n  - id: R-1\n    title: t\n    owner: o\n    status: open\n---\n",
    ),
    (
        "---\rrisks:\r  - id: R-1\r    title: t\r---\r",
        RISK,
        "---\rrisks:\r  - id: R-1\r    title: t\r    status: open\r---\r",
    ),
    (
        "---\r\nrisks:\n  - id: R-1\n    title: t\n---\n",
        RISK,
        "---\r\nrisks:\n  - id: R-1\n    title: t\n    status: open\n---\n",
    ),
    (
        "---\nrisks:\r\n  - id: R-1\r\n    title: t\r\n---\n",
        RISK,
        "---\nrisks:\r\n  - id: R-1\r\n    title: t\r\n    status: open\r\n---\n",
    ),
    (
        "---\nrisks:\n  - id: R-1\n    tags: [a]\n    more:\n      x: 1\n---\n",
        RISK,
        "cannot add 'status' after a nested value; edit it by hand",
    ),
    (
        "---\nrisks:\n  - id: R-1\n    note: |\n      x\n---\n",
        RISK,
        "cannot add 'status' after a nested value; edit it by hand",
    ),
    (
        "---\nrisks:\n  - id: R-1\n    note: >\n      x\n---\n",
        RISK,
        "cannot add 'status' after a nested value; edit it by hand",
    ),
    (
        "---\nrisks: [{id: R-1, title: t}]\n---\n",
        RISK,
        "---\nrisks: [{id: R-1, title: t, status: open}]\n---\n",
    ),
    (
        "---\nrisks: [{id: R-1, title: t,}]\n---\n",
        RISK,
        "---\nrisks: [{id: R-1, title: t, status: open}]\n---\n",
    ),
    ("---\nrisks: [{}]\n---\n", RISK, "cannot add 'status' to an empty inline mapping"),
    ("---\nrisks: [x]\n---\n", RISK, "risks.0 is not a mapping"),
    (
        "---\nbase: &b {supersedes: [a]}\nrisks:\n  - <<: *b\n    id: R-1\n---\n",
        ("add_to_list", ["risks", 0], "supersedes", "c"),
        "'supersedes' comes from a YAML merge key; edit it by hand",
    ),
    (
        "---\nbase: &b {id: R-1}\nrisks:\n  - *b\n---\n",
        RISK,
        "risks.0 is shared through a YAML anchor; edit it by hand",
    ),
    (
        "---\nstatus: 'a'\n---\n",
        ("set_scalar", [], "status", "it's"),
        "---\nstatus: 'it''s'\n---\n",
    ),
    (
        '---\nstatus: "a"\n---\n',
        ("set_scalar", [], "status", 'say "é"'),
        '---\nstatus: "say \\"é\\""\n---\n',
    ),
    ("---\nstatus: a\n---\n", ("set_scalar", [], "status", "é: x"), '---\nstatus: "é: x"\n---\n'),
    ("---\nx: &x a\nstatus: *x\n---\n", SET, "---\nx: &x a\nstatus: done\n---\n"),
    ("---\nstatus: [a]\n---\n", SET, "'status' is not a single value"),
    ("---\nstatus: |\n  a\n---\n", SET, "'status' is not a single-line value"),
    ("---\nstatus: >\n  a\n---\n", SET, "'status' is not a single-line value"),
    ("---\nstatus: !!str a\n---\n", SET, "'status' has a YAML tag; edit it by hand"),
    ("---\nstatus: ''\n---\n", SET, "---\nstatus: 'done'\n---\n"),
    ("---\nstatus:\n---\n", SET, "---\nstatus: done\n---\n"),
    (
        "---\nstatus: &s a\nx: *s\n---\n",
        SET,
        "'status' is anchored (&s) and used elsewhere; changing it would change those too, "
        "so edit it by hand",
    ),
    (
        "---\nx: &s a\ny: *s\nstatus: &t b\nz: *t\n---\n",
        SET,
        "'status' is anchored (&t) and used elsewhere; changing it would change those too, "
        "so edit it by hand",
    ),
    ("---\n&k status: a\nx: *k\n---\n", SET, "the key 'status' is a YAML alias; edit it by hand"),
    ("---\n{status, id: X}\n---\n", SET, "cannot find the value of 'status'"),
    ("no frontmatter\n", SET, "the file has no frontmatter to edit"),
    ("---\nid: X\n", SET, "the frontmatter is never closed"),
    ("---\n- a\n---\n", SET, "the frontmatter is not a mapping"),
    (
        "---\nid: [\n---\n",
        SET,
        "frontmatter is not valid YAML: did not find expected node content (while parsing a "
        "flow node that starts here)",
    ),
    (b"---\nid: \xff\n---\n", SET, "not valid UTF-8 (offset 8)"),
    ("\ufeff---\nid: X\n---\nbody\n", SET, "\ufeff---\nid: X\nstatus: done\n---\nbody\n"),
    ("---\nid: X\n---\n", ("set_scalar", [], "id", "X"), None),
]


@pytest.mark.parametrize(("text", "edit", "expected"), SPLICES)
def test_each_splice_is_exact_or_refused_with_its_reason(
    text: str | bytes, edit: tuple[str, list[Any], str, str], expected: Any
) -> None:
    """``expected``: the new file, False (nothing to add), None (no change) or the refusal."""
    original = text.encode("utf-8") if isinstance(text, str) else text
    method, path, key, value = edit
    try:
        editor = FrontmatterEditor(original)
        returned = getattr(editor, method)(path, key, value)
        editor.check()
    except EditError as error:
        assert str(error) == expected
        return
    result = editor.result()
    if expected is None or expected is False:
        assert returned is expected if method == "add_to_list" else expected is None
        assert result is original or result == original
        assert result == original
    else:
        assert result.decode("utf-8") == expected
        assert returned is (True if method == "add_to_list" else None)


def test_an_edit_check_cannot_verify_is_refused() -> None:
    editor = FrontmatterEditor(b"---\nid: X\n---\n")
    editor.set_scalar([], "status", "done")
    editor._splice(0, 0, "extra: 1\n")  # a change no edit asked for

    with pytest.raises(EditError) as caught:
        editor.check()
    assert str(caught.value) == (
        "the edit would change more than the value asked for (YAML anchors, aliases or merge "
        "keys?); edit the file by hand"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("a,b", '"a,b"'),
        ("y", '"y"'),
        ("N", '"N"'),
        ("Off", '"Off"'),
        ("é!", '"é!"'),
        ("ADR-1", "ADR-1"),
    ],
)
def test_yaml_scalar_is_plain_only_when_plain_reads_back_the_same(value: str, written: str) -> None:
    assert yaml_scalar(value) == written


@pytest.mark.parametrize("yaml_text", ["- a\n- b\n", "just words\n"])
def test_a_frontmatter_that_is_no_mapping_is_refused_in_words(yaml_text: str) -> None:
    """A list or a scalar between the fences has no key to edit: the editor says so."""
    with pytest.raises(EditError) as refused:
        FrontmatterEditor(f"---\n{yaml_text}---\n# T\n".encode())
    assert str(refused.value) == "the frontmatter is not a mapping"
