"""Every generated page, read in a real browser as different readers read it.

The handbook ``handbook init`` writes (every kind, a phase declared on the runway) is built
with Material's light/dark toggle. Each kind of page handbook generates (the runway, a
phase, every register, the heat map, an item's card, relations panel and banner, the
contained items, the explorer with an item in focus, the rules reference) is opened:

- in the light scheme, the dark one (``slate``) and the dark one with a custom primary and
  accent colour; axe-core checks contrast and accessible names, and fails on any violation
  of an element handbook made (one with an ``hb-`` class, or inside one). Material's own
  findings (its search dialog's name, its footer's grey) are listed, not failed on;
- at 390 px, as a phone: no page may scroll sideways (tables scroll inside themselves).

Its links are confirmed (``handbook review --all``) before RISK-001's statement changes, so
three links to RISK-001 are suspect: marked in ADR-0001's relations panel and RISK-001's row
of the risk register, and listed on the suspect links' register.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import _unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import WatchedPage

# Contrast and naming: what a colour scheme or a label can get wrong.
RULES = (
    "color-contrast",
    "link-in-text-block",
    "link-name",
    "button-name",
    "input-button-name",
    "label",
    "select-name",
    "aria-command-name",
    "aria-input-field-name",
    "aria-toggle-field-name",
    "aria-meter-name",
    "aria-progressbar-name",
    "aria-tooltip-name",
    "aria-dialog-name",
    "image-alt",
    "svg-img-alt",
    "role-img-alt",
    "empty-heading",
    "empty-table-header",
    "label-content-name-mismatch",
)

LOOKS = {
    "light": {"scheme": "default"},
    "dark": {"scheme": "slate"},
    "dark, custom colours": {"scheme": "slate", "primary": "deep-orange", "accent": "purple"},
    "light, custom colours": {"scheme": "default", "primary": "teal", "accent": "pink"},
}

PHONE = {"width": 390, "height": 844}

_OURS = """
(targets) => targets.map((selector) => {
  const element = document.querySelector(selector);
  return Boolean(element && element.closest('[class^="hb-"], [class*=" hb-"]'));
})
"""


def _axe_source() -> Path:
    try:
        import axe_playwright_python
    except ImportError:
        _unavailable("the axe-playwright-python package (axe-core) is not installed")
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="module")
def handbook_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``handbook init``'s handbook at phase ``build``, with the light/dark toggle, built
    strict."""
    from click.testing import CliRunner
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from handbook.cli import main

    project = tmp_path_factory.mktemp("readers") / "project"
    result = CliRunner().invoke(main, ["init", str(project), "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "  font: false\n",
        "  font: false\n"
        "  palette:\n"
        "    - scheme: default\n"
        "      toggle: {icon: material/brightness-7, name: Switch to dark mode}\n"
        "    - scheme: slate\n"
        "      toggle: {icon: material/brightness-4, name: Switch to light mode}\n",
        1,
    )
    text = text.replace("  - handbook:\n", "  - handbook:\n      runway: {phase: build}\n", 1)
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "--all", "-f", str(config)])
    assert result.exit_code == 0, result.output
    register = project / "docs/understand/risk-register.md"
    register.write_text(
        register.read_text(encoding="utf-8").replace(
            "did succeed can be made", "did succeed is made"
        ),
        encoding="utf-8",
    )
    build(load_config(str(config), strict=True))
    yield project / "site"
    shutil.rmtree(project.parent, ignore_errors=True)


def generated_pages(site: Path) -> dict[str, str]:
    """Each kind of generated page: a name and its path in the site."""
    pages = {"runway": "handbook/"}
    for folder in sorted((site / "handbook").iterdir()):
        if (folder / "index.html").is_file():
            name = folder.name
            pages["explorer" if name == "graph" else f"register {name}"] = f"handbook/{name}/"
    phases = sorted(p.name for p in (site / "handbook" / "phases").glob("*") if p.is_dir())
    if phases:
        pages.update({f"phase {p}": f"handbook/phases/{p}/" for p in phases})
        pages.pop("register phases", None)
    pages["item card, relations (a suspect link), banner"] = (
        "design/decisions/0001-charge-cards-synchronously-at-checkout/"
    )
    pages["item card, diagram"] = (
        "understand/risks/risk-005-sale-day-peak-exceeds-database-capacity/"
    )
    pages["contained items (a suspect link)"] = "understand/risk-register/"
    pages["rules reference"] = "reference/rules/"
    rule = sorted((site / "reference" / "rules").glob("HB1*"))[0].name
    pages["rule page"] = f"reference/rules/{rule}/"
    return pages


def _open(page: Page, url: str, look: dict[str, str] | None = None) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if look is not None:
        page.evaluate(
            """(look) => {
              const body = document.body;
              body.setAttribute('data-md-color-scheme', look.scheme);
              if (look.primary) body.setAttribute('data-md-color-primary', look.primary);
              if (look.accent) body.setAttribute('data-md-color-accent', look.accent);
            }""",
            look,
        )
    if page.locator(".hb-explorer").count():
        page.wait_for_selector(".hb-explorer[data-state='ready']", timeout=15_000)
        page.locator(".hb-x-row").first.click()
        page.wait_for_selector(".hb-x-svg .hb-x-node")
    if page.locator("pre.hb-mermaid").count():
        page.wait_for_selector(".hb-mermaid-svg svg", timeout=15_000)
    page.wait_for_timeout(100)  # a frame for the scheme's styles


def _violations(page: Page, axe: Path) -> tuple[list[str], list[str]]:
    """(ours, Material's): one line per element that fails a rule."""
    page.add_script_tag(path=str(axe))
    rules = {name: {"enabled": True} for name in RULES}
    result: dict[str, Any] = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: Object.keys(rules)},"
        " rules: rules, resultTypes: ['violations']})",
        rules,
    )
    ours, theirs = [], []
    for violation in result["violations"]:
        targets = [node["target"][0] for node in violation["nodes"]]
        owned = page.evaluate(_OURS, targets)
        for node, mine in zip(violation["nodes"], owned, strict=True):
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "")[:240]
            line = f"{violation['id']}: {node['target'][0]}: {summary}"
            (ours if mine else theirs).append(line)
    return ours, theirs


@pytest.mark.parametrize("look", list(LOOKS))
def test_every_generated_page_reads_in_every_scheme(
    look: str,
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    axe = _axe_source()
    base = serve(handbook_site)
    watched = open_page()
    failures, material = {}, {}
    for name, path in generated_pages(handbook_site).items():
        _open(watched.page, base + path, LOOKS[look])
        ours, theirs = _violations(watched.page, axe)
        if ours:
            failures[name] = ours
        if theirs:
            material[name] = theirs
    print(
        f"Material's own ({look}), left alone:",
        *sorted({line for lines in material.values() for line in lines}),
    )
    assert failures == {}
    assert watched.problems() == {}


def test_no_generated_page_scrolls_sideways_on_a_phone(
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    base = serve(handbook_site)
    watched = open_page()
    page = watched.page
    page.set_viewport_size(PHONE)
    wide, cut = {}, {}
    for name, path in generated_pages(handbook_site).items():
        _open(page, base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
        # A relation's status badge is a short word: squeezed by a long title beside it, it
        # must not be cut to "ac…" (an ellipsis is for hostile values, which this has none of).
        clipped = page.eval_on_selector_all(
            ".hb-relations .hb-status",
            "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)",
        )
        if clipped:
            cut[name] = clipped
    assert wide == {}
    assert cut == {}
    assert watched.problems() == {}


def test_the_diagram_reads_at_body_size_and_mermaid_loads_only_where_it_is_drawn(
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    base = serve(handbook_site)
    watched = open_page()
    page = watched.page
    _open(page, base + "handbook/")
    assert page.evaluate("typeof window.mermaid") == "undefined"
    _open(page, base + generated_pages(handbook_site)["item card, diagram"])
    assert page.evaluate("typeof window.mermaid") == "object"
    sizes = page.locator(".hb-mermaid-svg svg text").evaluate_all(
        "nodes => nodes.map(n => { const svg = n.ownerSVGElement;"
        " const shown = svg.getBoundingClientRect().width;"
        " const drawn = svg.viewBox.baseVal.width || shown;"
        " return parseFloat(getComputedStyle(n).fontSize) * shown / drawn; })"
    )
    body = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    )
    assert sizes and min(sizes) >= body * 0.95, (sizes, body)
    labels = page.locator(".hb-mermaid-svg svg").text_content() or ""
    assert "Risk · RISK-005" in labels
    assert watched.problems() == {}


def test_a_diagram_wider_than_the_phone_opens_on_its_focus_and_scrolls_by_keyboard(
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    base = serve(handbook_site)
    watched = open_page()
    page = watched.page
    page.set_viewport_size(PHONE)
    _open(page, base + generated_pages(handbook_site)["item card, diagram"])
    page.wait_for_selector(".hb-mermaid-svg svg")
    holder = page.locator(".hb-mermaid-svg")
    sizes = holder.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1], sizes  # the check below means something only when it scrolls
    frame = holder.bounding_box()
    focus = page.locator(".hb-mermaid-svg .hb-focus").bounding_box()
    assert frame is not None and focus is not None
    # centred where the diagram's edges allow; here the focus is the rightmost node
    assert frame["x"] <= focus["x"] and focus["x"] + focus["width"] <= frame["x"] + frame["width"]
    assert holder.get_attribute("tabindex") == "0"
    assert holder.get_attribute("role") == "region"
    label = holder.get_attribute("aria-label") or ""
    assert label.startswith("Neighbourhood of ") and label.endswith(", scrolls sideways")
    assert watched.problems() == {}


def test_the_explorer_counts_steps_in_plain_words(
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    base = serve(handbook_site)
    heads: list[str] = []
    for focus in ("ADR-0001", "ADR-0002", "RB-003", "FM-003", "SLO-001", "OUT-001", "RISK-005"):
        watched = open_page()
        page = watched.page
        page.goto(f"{base}handbook/graph/#focus={focus}&depth=3")
        page.wait_for_selector(".hb-x-svg .hb-x-node")
        page.wait_for_load_state("networkidle")
        heads += page.locator(".hb-x-col-head").all_text_contents()
    assert any(
        re.fullmatch(r"[2-3] steps (downstream →|upstream)|← [2-3] steps upstream", h)
        for h in heads
    ), heads
    assert not any("stepss" in head for head in heads)
    # "none" and "all" buttons: the visible word starts the accessible name.
    for button in page.locator("[data-all]").all():
        text = button.evaluate("b => b.firstChild.textContent")
        assert text in ("all", "none")
        assert (button.text_content() or "").startswith(text)
        assert button.get_attribute("aria-label") is None
    assert watched.problems() == {}


def test_a_suspect_link_is_named_and_marked_in_each_scheme_and_on_a_phone(
    handbook_site: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> None:
    base = serve(handbook_site)
    watched = open_page()
    page = watched.page
    pages = generated_pages(handbook_site)
    colours = {}
    for look in ("light", "dark"):
        _open(page, base + pages["item card, relations (a suspect link), banner"], LOOKS[look])
        entry = page.locator(".hb-relations li.hb-suspect")
        assert entry.count() == 1
        assert "RISK-001" in entry.inner_text()
        mark = entry.locator(".hb-suspect__mark")
        assert mark.is_visible() and mark.inner_text() == "suspect link"
        note = entry.locator(".hb-suspect__note").inner_text()
        assert "RISK-001 changed (statement)" in note
        assert "handbook review ADR-0001 --target RISK-001" in note
        colours[look] = mark.evaluate(
            "m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]"
        )
        _open(page, base + pages["contained items (a suspect link)"], LOOKS[look])
        row = page.locator("tr#risk-001 .hb-suspect__mark")
        assert row.count() == 3 and row.first.is_visible()  # ADR-0001, ADR-0002, RB-001
    assert colours["light"] != colours["dark"]  # styled for each scheme, not one for both
    page.set_viewport_size(PHONE)
    _open(page, base + pages["item card, relations (a suspect link), banner"])
    box = page.locator(".hb-relations li.hb-suspect .hb-suspect__note").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert watched.problems() == {}
