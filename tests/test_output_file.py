"""``--output-file`` goes through the one atomic writer: whole files, usual permissions, and
a one-line error (not a traceback) when the file cannot be written."""

from __future__ import annotations

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
    assert code == 1
    assert output.startswith(f"Error: cannot write {target}: ")
    assert "Traceback" not in output and output.count("\n") == 1


def test_write_creates_or_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic.write(target, "one\n")
    atomic.write(target, "two\n")
    assert target.read_text() == "two\n"
    assert os.listdir(target.parent) == ["b.txt"]
