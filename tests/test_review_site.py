"""Suspect links on the site: a panel on the writer's page, beside its relations, and a
register page listing them; neither when no link is suspect."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main

MKDOCS = "site_name: Orders\nplugins:\n  - handbook\n"

RISK = """---
id: RISK-001
title: The database runs out of capacity on sale days
status: open
owner: orders-team
category: capacity-cost
likelihood: likely
impact: {impact}
score: {score}
treatment: mitigate
identified: 2025-11-01
---
# The database runs out of capacity on sale days
"""

ADR = """---
id: ADR-0001
title: Pool connections
status: accepted
date: 2025-11-02
mitigates: [RISK-001]
---
# Pool connections

## Context

Sale days open many connections.

## Decision

We pool them.

## Consequences

One more thing to run.
"""


def build(project: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(str(project / "mkdocs.yml"), strict=True))
    return project / "site"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "orders"
    for rel, text in {
        "mkdocs.yml": MKDOCS,
        "docs/index.md": "# Orders\n",
        "docs/risks/risk-001.md": RISK.format(impact="moderate", score=12),
        "docs/decisions/0001-pool-connections.md": ADR,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["review", "--all"]).exit_code == 0
    return root


def test_a_suspect_link_is_marked_and_listed(project: Path) -> None:
    (project / "docs/risks/risk-001.md").write_text(RISK.format(impact="severe", score=20))
    site = build(project)
    page = (site / "decisions/0001-pool-connections/index.html").read_text(encoding="utf-8")
    panel = page[page.index('<section class="hb-suspects"') :]
    assert "RISK-001" in panel and "changed impact" in panel
    assert "handbook review ADR-0001 --target RISK-001" in panel
    register = (site / "handbook/suspect-links/index.html").read_text(encoding="utf-8")
    assert '<tr class="hb-row hb-suspect">' in register
    assert (site / "assets/handbook/suspects.css").is_file()


def test_nothing_suspect_shows_nothing(project: Path) -> None:
    site = build(project)
    page = (site / "decisions/0001-pool-connections/index.html").read_text(encoding="utf-8")
    assert "hb-suspects" not in page
    assert not (site / "handbook/suspect-links").exists()
