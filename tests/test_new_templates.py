"""``handbook new`` with a project's own templates (``templates_dir``): used when they are
there, and a template that cannot be read is one line and exit 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "tpl").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - handbook:\n      templates_dir: tpl\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _new() -> Result:
    return CliRunner().invoke(main, ["new", "risk", "Disk fills", "--dry-run"])


def test_the_projects_template_is_used(project: Path) -> None:
    (project / "tpl" / "risk.md").write_text(
        "---\nkind: {{kind}}\nid: {{id}}\ntitle: {{title_yaml}}\n---\n# {{title}}\n\nOurs.\n",
        encoding="utf-8",
    )
    result = _new()
    assert result.exit_code == 0, result.output
    assert result.output == (
        "---\nkind: risk\nid: RISK-001\ntitle: Disk fills\n---\n# Disk fills\n\nOurs.\n"
    )


def test_a_template_that_is_not_utf_8_is_one_line(project: Path) -> None:
    (project / "tpl" / "risk.md").write_bytes(b"---\nkind: risk\n\xff\n")
    result = _new()
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: template {project / 'tpl' / 'risk.md'} is not valid UTF-8 "
        "(byte 0xff at offset 15)\n"
    )


@pytest.mark.parametrize("make", ["folder", "fifo"])
def test_a_template_that_is_not_a_file_is_one_line_not_ignored(project: Path, make: str) -> None:
    target = project / "tpl" / "risk.md"
    if make == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)  # reading it would block
    result = _new()
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: template risk.md in {project / 'tpl'} is not a regular file\n"
    )
