"""A reviewer's walk through the published handbook, in a real browser.

Home → the runway → a risk → the decision that mitigates it (through its relations) → the
decision that one superseded (through the relations panel) → the graph explorer. The
fixture's titles are hostile (a <script>, an <img onerror>); nothing may run, nothing may be
fetched from outside, and no page may log an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import WatchedPage


FIXTURE = Path(__file__).parent.parent / "fixtures" / "site"


def _settle(watched: WatchedPage) -> None:
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.evaluate("typeof window.__pwned") == "undefined"


def test_reviewer_walks_from_the_runway_to_a_superseded_decision(
    site: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    base = serve(site)
    watched = open_page()
    page = watched.page

    # Home: the handbook's runway of six phases.
    page.goto(f"{base}handbook/")
    _settle(watched)
    phases = page.locator(".hb-phase-card__title").all_text_contents()
    assert phases == ["Understand", "Design", "Build", "Harden", "Ship", "Operate"]

    # The runway lists the risk under Understand; follow it to its row in the register.
    understand = page.locator(".hb-phase-card").filter(has_text="Understand")
    understand.locator(".hb-phase-card__items a.hb-ref").filter(has_text="RISK-001").click()
    page.wait_for_url("**/risks/register/#risk-001")
    _settle(watched)
    row = page.locator("tr#risk-001")
    assert row.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "risk-001"
    # The hostile title shows as text.
    assert 'onerror="window.__pwned=1"' in row.inner_text()

    # Its relations name the decision that mitigates it; follow the one in force.
    row.locator("a.hb-ref").filter(has_text="ADR-0002").click()
    page.wait_for_url("**/decisions/0002-write-through/")
    _settle(watched)
    assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
    card = page.locator(".hb-card")
    assert "ADR-0002" in card.inner_text() and "accepted" in card.inner_text()

    # Its relations panel shows the decision it superseded; follow it.
    panel = page.locator(".hb-relations")
    group = panel.locator(".hb-relations__group").filter(has_text="supersedes")
    group.locator("a.hb-ref").filter(has_text="ADR-0001").click()
    page.wait_for_url("**/decisions/0001-keep-a-cache/")
    _settle(watched)
    banner = page.locator(".hb-banner--superseded")
    assert "ADR-0001 is superseded by" in banner.inner_text()
    assert banner.locator("a.hb-ref").filter(has_text="ADR-0002").count() == 1
    # The neighbourhood diagram was drawn by the Mermaid that ships with the site.
    page.wait_for_selector(".hb-mermaid-svg svg")

    # The graph explorer: search the risk, focus it, see what mitigates it.
    page.goto(f"{base}handbook/graph/")
    page.wait_for_selector(".hb-explorer[data-state='ready']", timeout=15_000)
    page.fill(".hb-x-input", "RISK-001")
    # The search answers after a pause: click once the list is the answer, or a busy machine
    # clicks a row of the whole list just as the answer replaces it (another row lands there).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.hb-x-row')].every("
        "row => row.textContent.includes('RISK-001'))"
    )
    page.locator(".hb-x-row[data-id='RISK-001']").click()
    page.wait_for_selector(".hb-x-svg .hb-x-node[data-id='ADR-0002']")
    nodes = page.locator(".hb-x-svg .hb-x-node").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('data-id'))"
    )
    assert {"RISK-001", "ADR-0001", "ADR-0002"} <= set(nodes)
    _settle(watched)

    assert watched.problems() == {}


def test_decision_log_filters_by_status(
    site: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    watched = open_page()
    page = watched.page
    page.goto(f"{serve(site)}handbook/decisions/")
    _settle(watched)
    rows = page.locator("table[data-filterable] tbody tr")
    assert rows.count() == 2

    page.locator(".hb-chip[data-filter='status'][data-value='superseded']").click()

    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.locator("td").first.inner_text() for r in visible] == ["ADR-0001"]
    assert watched.problems() == {}
