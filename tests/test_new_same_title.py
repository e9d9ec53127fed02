"""``handbook new`` warns when an item of the kind already has the title (case and padding
aside), and says nothing when only another kind has it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "cli"
WARNING = "warning: ADR-0001 in docs/decisions/0001-use-postgres.md has the same title\n"


@pytest.mark.parametrize(
    ("kind", "title", "warned"),
    [
        ("adr", "  use postgresql FOR the order store ", True),
        ("adr", "Use PostgreSQL for the order stores", False),
        ("risk", "Use PostgreSQL for the order store", False),
    ],
)
def test_same_title_warning(
    monkeypatch: pytest.MonkeyPatch, kind: str, title: str, warned: bool
) -> None:
    monkeypatch.chdir(FIXTURE)
    args = ["new", kind, title, "--dry-run", "--owner", "x", "--today", "2026-01-01"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert (WARNING in result.stderr) is warned
