"""``--output-file`` goes through the one atomic writer: whole files, usual permissions, and
a one-line error (not a traceback) when the file cannot be written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.authoring import atomic
from handbook.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "cli"


@pytest.fixture(autouse=True)
def _in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(FIXTURE)


def _lint_to(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--exit-zero", "--output-file", str(path)])
    return result.exit_code, result.output


def test_a_new_report_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        code, _ = _lint_to(tmp_path / "new" / "report.txt")
    finally:
        os.umask(mask)
    assert code == 0
    assert (tmp_path / "new" / "report.txt").stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path / "new") == ["report.txt"]


def test_a_replaced_report_keeps_its_permissions(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("old\n")
    report.chmod(0o600)
    code, _ = _lint_to(report)
    assert code == 0
    assert report.stat().st_mode & 0o777 == 0o600
    assert report.read_text() != "old\n"


def test_an_unwritable_target_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the report's folder should be\n")
    target = blocker / "report.txt"
    code, output = _lint_to(target)
    assert code == 2  # not 1, which CI would read as findings
    assert output == f"Error: cannot write {target}: Not a directory\n"


def test_a_full_disk_is_one_line_and_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("old\n")

    def no_space(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    code, output = _lint_to(report)
    assert code == 2
    assert output == f"Error: cannot write {report}: No space left on device\n"
    assert report.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["report.txt"]  # no temporary file left behind


def test_a_device_is_refused_not_written(tmp_path: Path) -> None:
    code, output = _lint_to(Path("/dev/full"))
    assert (code, output) == (2, "Error: cannot write /dev/full: not a regular file\n")


def test_a_name_that_is_not_utf_8_is_written_and_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"report-\xff.txt")  # a surrogate escape, as the shell hands it over
    code, output = _lint_to(tmp_path / name)
    assert code == 0
    assert os.listdir(os.fsencode(tmp_path)) == [b"report-\xff.txt"]
    assert "\udcff" not in output and output.endswith("report-\\xff.txt\n")


def test_write_creates_or_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic.write(target, "one\n")
    atomic.write(target, "two\n")
    assert target.read_text() == "two\n"
    assert os.listdir(target.parent) == ["b.txt"]
