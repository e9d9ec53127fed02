"""The published handbook: a real site built from tests/fixtures/site, read back as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_generated_pages_exist_and_docs_is_untouched(site: Path) -> None:
    for path in (
        "handbook",
        "handbook/decisions",
        "handbook/risks",
        "handbook/failure-modes",
        "handbook/runbooks",
        "handbook/graph",
        "reference/rules",
    ):
        assert (site / path / "index.html").is_file(), path
    assert not (site / "handbook" / "threats").exists()  # no threats: no threat catalog
    assert sorted(p.name for p in (FIXTURE / "docs").iterdir()) == [
        "decisions",
        "failure-modes",
        "index.md",
        "risks",
        "runbooks",
    ]


def test_no_value_from_frontmatter_becomes_markup(site: Path) -> None:
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        # The hostile strings appear only escaped.
        assert "<script>window.__pwned" not in html, html_file
        assert "<img src=x onerror" not in html, html_file
        assert 'href="javascript:' not in html.lower(), html_file


def test_item_page_has_card_banner_relations_and_diagram(site: Path) -> None:
    html = page(site, "decisions/0001-keep-a-cache")
    assert 'class="hb-card"' in html and "ADR-0001" in html
    banner = re.search(r'<div class="hb-banner hb-banner--superseded".*?</div>', html, re.S)
    assert banner is not None
    assert 'href="../0002-write-through/"' in banner.group(0)
    relations = html[html.index('class="hb-relations"') :]
    assert "superseded-by" in relations and "mitigates" in relations
    assert 'href="../../risks/register/#risk-001"' in relations
    assert '<pre class="hb-mermaid">flowchart LR' in html
    # Kinds are told apart by their label and shape, not by colour alone.
    assert "Architecture decision record · ADR-0001" in html


def test_mermaid_is_loaded_only_by_pages_with_a_diagram(site: Path) -> None:
    for name in ("handbook", "decisions/0001-keep-a-cache"):
        assert "mermaid.min.js" not in page(site, name)
    assert (site / "assets" / "handbook" / "vendor" / "mermaid" / "mermaid.min.js").is_file()


def test_ids_in_text_become_links_but_not_in_code(site: Path) -> None:
    html = page(site, "decisions/0002-write-through")
    assert '<a class="hb-ref hb-ref--text" href="../0001-keep-a-cache/">ADR-0001</a>' in html
    assert "<code>RISK-001</code>" in html


def test_contained_items_have_anchors_on_their_rows(site: Path) -> None:
    html = page(site, "risks/register")
    # The anchor a heading "RISK-001" would get, so hand-written links land on the row ...
    assert '<tr id="risk-001" class="hb-row">' in html
    assert '<tr id="risk-002" class="hb-row">' in html
    # ... and the older one still lands there too.
    assert '<td><span class="hb-id" id="hb-RISK-001">RISK-001</span></td>' in html
    assert html.count('id="risk-001"') == 1 and html.count('id="hb-RISK-001"') == 1


def test_links_in_frontmatter_refuse_javascript(site: Path) -> None:
    html = page(site, "decisions/0002-write-through")
    assert 'href="https://example.invalid/design"' in html
    assert "click me" not in html


def test_risk_register_heat_map_links_cells_to_risks(site: Path) -> None:
    html = page(site, "handbook/risks")
    cell = re.search(
        r'<td class="hb-heat hb-heat--very-high" title="likely × major = 16">(.*?)</td>',
        html,
        re.S,
    )
    assert cell is not None and 'href="../../risks/register/#risk-001"' in cell.group(1)
    assert '<a class="hb-heat__count" href="#cell-4-4" data-cell="4-4"' in cell.group(1)
    # Accepted risks are open risks too; only inactive ones leave the map.
    assert "RISK-002" in html


def test_runbook_catalog_shows_days_since_rehearsal(site: Path) -> None:
    html = page(site, "handbook/runbooks")
    assert re.search(r'class="hb-age hb-age--\w+" data-days="\d+">\d+ days ago', html)


def test_failure_modes_sorted_by_rpn_and_decisions_by_date(site: Path) -> None:
    decisions = page(site, "handbook/decisions")
    assert decisions.index("ADR-0002") < decisions.index("ADR-0001")
    assert 'data-filter="status"' in decisions


def test_graph_json_is_the_contract(site: Path) -> None:
    graph = json.loads((site / "graph.json").read_text(encoding="utf-8"))
    assert graph["version"] == 1
    assert {tuple(sorted(n)) for n in graph["nodes"]} == {
        ("id", "kind", "line", "path", "phase", "status", "title")
    }
    assert {"source": "ADR-0002", "target": "ADR-0001", "relation": "supersedes"} in graph["edges"]
    assert {"source": "FM-001", "target": "RB-001", "relation": "handled-by"} in graph["edges"]


def test_explorer_data_has_page_urls(site: Path) -> None:
    data = json.loads((site / "handbook" / "explorer.json").read_text(encoding="utf-8"))
    urls = {n["id"]: n["url"] for n in data["nodes"]}
    assert urls["RISK-001"] == "risks/register/#risk-001"
    assert urls["ADR-0001"] == "decisions/0001-keep-a-cache/"
    explorer = page(site, "handbook/graph")
    assert 'data-source="../explorer.json"' in explorer and 'data-base="../../"' in explorer


def test_item_pages_stay_out_of_the_automatic_navigation(site: Path) -> None:
    home = page(site, "handbook")
    nav = home[
        home.index('class="md-nav md-nav--primary"') : home.index(
            "</nav>", home.index('class="md-nav md-nav--primary"')
        )
    ]
    assert "Decision log" in nav
    assert "Keep a read-through cache" not in nav


def test_assets_ship_with_the_site_and_nothing_loads_from_a_cdn(site: Path) -> None:
    assert (site / "assets" / "handbook" / "handbook.css").is_file()
    assert (site / "assets" / "handbook" / "handbook.js").is_file()
    html = page(site, "handbook")
    for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
