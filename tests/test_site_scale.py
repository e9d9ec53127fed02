"""The registers, the heat map and the runway of a big handbook: 500 risks and 2,000
decisions, laid out as the plugin lays them out (lint, the view models, the templates).

Each heat-map cell shows a count that links to the table filtered to the cell, not every
id; the caption says what is counted; the long tables carry what filters and pages them;
the runway's "and N more" is a link to the phase's page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from handbook import lint, settings_for_docs
from handbook.gates import evaluate as evaluate_gates
from handbook.site.links import SiteIndex
from handbook.site.registers import (
    PHASES,
    REGISTERS,
    RegisterContext,
    phase_page,
    runway,
)
from handbook.site.templating import PageTemplates

RISKS, DECISIONS = 500, 2000
LIKELIHOODS = ("rare", "unlikely", "possible", "likely", "certain")
IMPACTS = ("negligible", "minor", "moderate", "major", "severe")
IDS_IN_A_CELL = 3  # at most, beside the count
RISK_STATUSES = ("identified", "mitigated", "accepted", "closed")
ADR_STATUSES = ("accepted", "proposed", "superseded")


def _write_handbook(docs: Path) -> None:
    (docs / "risks").mkdir(parents=True)
    (docs / "decisions").mkdir()
    lines = ["---", "kind: risk-register", "id: RR-001", "title: Risks", "owner: team"]
    lines.append("risks:")
    for n in range(1, RISKS + 1):
        lines += [
            f"  - id: RISK-{n:03d}",
            f"    title: Risk number {n}",
            f"    status: {RISK_STATUSES[n % len(RISK_STATUSES)]}",
            "    owner: team",
            f"    likelihood: {LIKELIHOODS[n % 5]}",
            f"    impact: {IMPACTS[(n // 5) % 5]}",
        ]
    lines += ["---", "# Risks", ""]
    (docs / "risks" / "register.md").write_text("\n".join(lines), encoding="utf-8")
    for n in range(1, DECISIONS + 1):
        (docs / "decisions" / f"{n:04d}-decision-{n}.md").write_text(
            f"---\nid: ADR-{n:04d}\ntitle: Decision {n}\n"
            f"status: {ADR_STATUSES[n % 3]}\ndate: 2026-01-{1 + n % 28:02d}\n"
            f"tags: [area-{n % 7}]\n---\n# Decision {n}\n\n## Context\n\nC.\n\n"
            "## Decision\n\nD.\n\n## Consequences\n\nE.\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    docs = tmp_path_factory.mktemp("scale") / "docs"
    _write_handbook(docs)
    settings = settings_for_docs(docs)
    result = lint(settings)
    index = SiteIndex()
    for document in result.corpus.documents:
        for item in document.items:
            index.add(item, document.docs_path.removesuffix(".md") + "/")
    templates = PageTemplates()
    context = RegisterContext(result.graph, index, "handbook/x/", dt.date(2026, 12, 1))
    out = {}
    for register in REGISTERS:
        if register.slug in ("risks", "decisions"):
            out[register.slug] = templates.render(
                register.template, content="", register=register.view(context)
            )
    gates = evaluate_gates(result, settings)
    links = {p: f"../phases/{p}/" for p in PHASES}
    home = runway(context, [], Counter(), gates, links)
    out["home"] = templates.render("home.html", content="", register=home)
    design = phase_page(context, "design", gates, "../../")
    out["design"] = templates.render("phase.html", content="", register=design)
    return out


def _cells(html: str) -> list[str]:
    return re.findall(r'<td class="hb-heat hb-heat--[\w-]+" title="[^"]*">(.*?)</td>', html)


def test_heat_map_cells_show_counts_that_link_to_the_filtered_table(
    pages: dict[str, str],
) -> None:
    html = pages["risks"]
    cells = _cells(html)
    assert len(cells) == 25
    counts = []
    for cell in cells:
        ids = re.findall(r'class="hb-id">RISK-\d+<', cell)
        count = re.search(r'<a class="hb-heat__count" href="#cell-(\d-\d)" data-cell="\1"', cell)
        number = re.search(r">(\d+)</a>", cell)
        if count is None:
            assert cell == "" or not ids
            continue
        counts.append(int(number.group(1)) if number else 0)
        # Ids only where there are few; otherwise the count alone.
        assert len(ids) <= IDS_IN_A_CELL
        # Every cell the count links to has an anchor and rows that carry its key.
        assert f'<span id="cell-{count.group(1)}"></span>' in html
        assert f'data-cell="{count.group(1)}"' in html.split("<tbody>", 2)[-1]
    # Closed risks are left out of the map, and the caption says so and how many it counts.
    counted = sum(counts)
    assert counted == RISKS - RISKS // len(RISK_STATUSES)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html)
    assert caption is not None
    assert caption.group(1).startswith(f"{counted} of {RISKS} risks by likelihood and impact")
    assert "closed" in caption.group(1) and "Open risks" not in html
    # The page no longer lists every id in the map: it stays near the size of its table.
    heat_map = html[: html.index("</figure>")]
    assert len(re.findall(r"RISK-\d+", heat_map)) <= 25 * IDS_IN_A_CELL


def test_long_registers_can_be_filtered_and_paged(pages: dict[str, str]) -> None:
    decisions = pages["decisions"]
    assert decisions.count('<tr class="hb-row"') == DECISIONS
    assert '<table class="hb-table" data-filterable="true">' in decisions
    assert 'data-filter="status"' in decisions and 'data-filter="tags"' in decisions
    risks = pages["risks"]
    assert '<table class="hb-table" data-filterable="true">' in risks
    design = pages["design"]
    assert '<table class="hb-table" data-filterable="true">' in design
    assert 'data-filter="kind"' in design or design.count('<tr class="hb-row"') == DECISIONS


def test_the_runways_and_n_more_links_to_the_phase_page(pages: dict[str, str]) -> None:
    home = pages["home"]
    more = re.findall(r'<li class="hb-more"><a href="([^"]+)">and (\d+) more</a></li>', home)
    assert ("../phases/design/", str(DECISIONS - 8)) in more
    assert ("../phases/understand/", str(RISKS + 1 - 8)) in more
