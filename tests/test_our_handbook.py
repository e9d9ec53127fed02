"""This project's own handbook meets its gates, and docs/our-handbook/gates.md shows the
output of ``handbook gate --all`` as it is (re-record with HANDBOOK_UPDATE_SNAPSHOTS=1)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "our-handbook" / "gates.md"
TODAY = "2026-12-01"
"""The date the page was recorded on; the gates are evaluated as of it."""

_BLOCK = re.compile(r"```text\n(.*?)```", re.DOTALL)


def test_our_handbook_meets_every_gate_and_the_page_shows_the_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["gate", "--all", "--today", TODAY])
    assert result.exit_code == 0, result.output
    page = PAGE.read_text(encoding="utf-8")
    match = _BLOCK.search(page)
    assert match is not None, "the page holds the output in a ```text block"
    if os.environ.get("HANDBOOK_UPDATE_SNAPSHOTS") == "1":
        page = page[: match.start(1)] + result.output + page[match.end(1) :]
        PAGE.write_text(page, encoding="utf-8")
        return
    assert match.group(1) == result.output
