"""Suspect links on the site: marked in the relations panel of the pages at both ends of the
link, and listed on a register page; neither when no link is suspect."""

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


def relations_panel(page: str) -> str:
    start = page.index('<section class="hb-relations"')
    return page[start : page.index("</section>", start)]


def test_a_suspect_link_is_marked_and_listed(project: Path) -> None:
    (project / "docs/risks/risk-001.md").write_text(RISK.format(impact="severe", score=20))
    site = build(project)
    page = (site / "decisions/0001-pool-connections/index.html").read_text(encoding="utf-8")
    panel = relations_panel(page)
    entry = panel[panel.index('<li class="hb-suspect">') :]
    entry = entry[: entry.index("</li>")]
    assert "RISK-001" in entry and '<span class="hb-suspect__mark">suspect link</span>' in entry
    assert "RISK-001 changed (impact) since this link was confirmed" in entry
    assert "<code>handbook review ADR-0001 --target RISK-001</code>" in entry
    # the target's page marks the same link, from its side
    risk = (site / "risks/risk-001/index.html").read_text(encoding="utf-8")
    entry = relations_panel(risk)
    assert '<li class="hb-suspect">' in entry and "ADR-0001" in entry
    assert "this item changed (impact) since ADR-0001 confirmed its link" in entry
    assert "handbook review ADR-0001 --target RISK-001" in entry
    register = (site / "handbook/suspect-links/index.html").read_text(encoding="utf-8")
    assert '<tr class="hb-row hb-suspect">' in register
    assert (site / "assets/handbook/suspects.css").is_file()


def test_nothing_suspect_shows_nothing(project: Path) -> None:
    site = build(project)
    page = (site / "decisions/0001-pool-connections/index.html").read_text(encoding="utf-8")
    assert "RISK-001" in relations_panel(page)
    assert "hb-suspect" not in page
    assert not (site / "handbook/suspect-links").exists()
