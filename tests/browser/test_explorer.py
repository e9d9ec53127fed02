"""The graph explorer (``explorer.js``) in a real browser: safety and behaviour.

How fast it answers at 10,000 items is the benchmark's to judge (``bench/explorer.py``, run
by ``bench/run.py``), as a ratio of the same explorer on a small handbook in the same run: a
time asserted here would fail on a busy machine and prove nothing on a fast one. The scale
test below checks what the explorer shows at 10,000 items and prints how long each step took.

The pages and data come from ``explorer_harness/harness.py``: a small handbook with hostile
titles and a ``javascript:`` URL, data where every string is hostile, and a generated graph
of 10,000 items and 25,000 relations. Each page is served from a temporary directory on
127.0.0.1; any other request is aborted and fails the test.

The browser is Debian's Chromium at /usr/bin/chromium, driven by Playwright (never a browser
from ``playwright install``). Without it the tests skip, except under CI, where they fail.

Screenshots go to ``$EXPLORER_SHOTS`` (default ``/tmp/explorer-shots``).
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 800}
SHOTS = Path(os.environ.get("EXPLORER_SHOTS", "/tmp/explorer-shots"))


def _load_harness() -> ModuleType:
    path = Path(__file__).with_name("explorer_harness") / "harness.py"
    spec = importlib.util.spec_from_file_location("explorer_harness_for_tests", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


harness = _load_harness()


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer_browser(browser: Any) -> Any:
    """The session's Chromium (tests/browser/conftest.py)."""
    return browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Site:
    root: Path
    url: str
    graphs: dict[str, Any]

    def page_url(self, name: str, fragment: str = "") -> str:
        return f"{self.url}{name}/handbook/explorer/{fragment}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The harness sites, served over http on 127.0.0.1 on a free port."""
    root = tmp_path_factory.mktemp("explorer")
    graphs = harness.build_site(root)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="explorer-http", daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://{HOST}:{server.server_address[1]}/", graphs)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# Records, in the page, when the explorer signals something and when the next frame after
# it has been painted, and when the user last typed or clicked (performance.now(): ms since
# the navigation started).
TIMING_SCRIPT = """
window.__hbt = { events: [], firstInput: null, lastInput: null, click: null };
["ready", "results", "view"].forEach(function (name) {
  document.addEventListener("hb-explorer:" + name, function (event) {
    var at = performance.now();
    requestAnimationFrame(function () {
      setTimeout(function () {
        window.__hbt.events.push({ name: name, at: at, painted: performance.now(),
                                   detail: event.detail });
      }, 0);
    });
  });
});
document.addEventListener("input", function () {
  var now = performance.now();
  if (window.__hbt.firstInput === null) window.__hbt.firstInput = now;
  window.__hbt.lastInput = now;
}, true);
document.addEventListener("click", function () { window.__hbt.click = performance.now(); }, true);
"""


@dataclass
class Watched:
    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.external == [], f"requests outside {HOST}: {self.external}"
        assert self.errors == [], f"console errors, exceptions or failed requests: {self.errors}"
        assert self.page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def open_explorer(explorer_browser: Any) -> Iterator[Callable[..., Watched]]:
    """``open_explorer(url, scheme=...)``: a fresh context and page at ``url``, with the
    explorer ready; requests off 127.0.0.1 are aborted and recorded, errors collected."""
    contexts: list[Any] = []

    def open_(url: str, *, scheme: str = "default", wait: bool = True) -> Watched:
        context = explorer_browser.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)

        def route(route: Any) -> None:
            target = route.request.url
            if urlsplit(target).hostname == HOST:
                route.continue_()
            else:
                watched.external.append(target)
                route.abort("blockedbyclient")

        def on_console(message: Any) -> None:
            if message.type == "error":
                watched.errors.append(message.text)

        def on_response(response: Any) -> None:
            if response.status >= 400:
                watched.errors.append(f"HTTP {response.status} {response.url}")

        page.route("**/*", route)
        page.on("console", on_console)
        page.on("pageerror", lambda error: watched.errors.append(f"exception: {error}"))
        page.on("response", on_response)
        page.on("popup", lambda popup: watched.errors.append(f"popup {popup.url}"))
        page.add_init_script(TIMING_SCRIPT)
        if scheme != "default":
            page.add_init_script(
                "document.addEventListener('DOMContentLoaded', function () {"
                f" document.body.setAttribute('data-md-color-scheme', '{scheme}'); }});"
            )
        page.goto(url)
        if wait:
            page.wait_for_selector(".hb-explorer[data-state='ready']", timeout=15_000)
        return watched

    yield open_
    for context in contexts:
        context.close()


# -- helpers -------------------------------------------------------------------------------


def row_ids(page: Any) -> list[str]:
    return page.locator(".hb-x-list .hb-x-row").evaluate_all(
        "rows => rows.map(row => row.getAttribute('data-id'))"
    )


def diagram_ids(page: Any) -> set[str]:
    return set(
        page.locator(".hb-x-svg .hb-x-node").evaluate_all(
            "nodes => nodes.map(node => node.getAttribute('data-id'))"
        )
    )


def focused_id(page: Any) -> str | None:
    header = page.locator(".hb-x-focus-id")
    return header.text_content() if header.count() else None


def hash_of(page: Any) -> str:
    return page.evaluate("window.location.hash")


def search(page: Any, text: str) -> None:
    """Types into the search box and waits for the list that answers it."""
    before = page.evaluate("window.__hbt.events.filter(e => e.name === 'results').length")
    page.fill(".hb-x-input", text)
    page.wait_for_function(
        "n => window.__hbt.events.filter(e => e.name === 'results').length > n", arg=before
    )


def toggle(page: Any, filter_name: str, value: str) -> None:
    """Clicks the checkbox of one kind or relation."""
    boxes = page.locator(f".hb-x-filter[data-filter='{filter_name}'] input[type=checkbox]")
    values = boxes.evaluate_all("boxes => boxes.map(box => box.value)")
    boxes.nth(values.index(value)).click()


def select_row(page: Any, item_id: str) -> None:
    page.locator(".hb-x-row").filter(has_text=item_id).first.click()
    page.wait_for_function(
        "id => document.querySelector('.hb-x-focus-id')?.textContent === id", arg=item_id
    )


def small_page(site: Site, fragment: str = "") -> str:
    return site.page_url("small", fragment)


# -- safety --------------------------------------------------------------------------------


def test_small_graph_loads_offline_and_quietly(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    graph = site.graphs["small"]
    assert page.locator(".hb-explorer noscript").count() == 0
    assert row_ids(page) == [node["id"] for node in graph["nodes"]]
    # 29 items: the whole graph is drawn, in layers by kind.
    assert page.get_attribute(".hb-explorer", "data-view") == "overview"
    assert diagram_ids(page) == {node["id"] for node in graph["nodes"]}
    assert page.locator(".hb-x-svg .hb-x-edge").count() == len(graph["edges"])
    heads = page.locator(".hb-x-col-head").all_text_contents()
    assert heads[0].startswith("Failure modes") and heads[1].startswith("Risks")
    watched.assert_clean()


def test_hostile_titles_are_shown_as_text(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    titles = dict(
        page.locator(".hb-x-row").evaluate_all(
            "rows => rows.map(r => [r.dataset.id, r.querySelector('.hb-x-row-title').textContent])"
        )
    )
    assert titles["RISK-005"] == harness.XSS_IMG
    assert titles["THR-003"] == harness.XSS_SCRIPT
    assert page.locator(".hb-explorer img, .hb-explorer script").count() == 0
    # In the diagram too (cut to fit, but text).
    label = page.locator(".hb-x-node[data-id='THR-003'] .hb-x-node-title").text_content()
    assert label is not None and label.startswith("<script>")
    select_row(page, "RISK-005")
    assert page.locator(".hb-x-focus-title").text_content() == harness.XSS_IMG
    assert page.locator(".hb-explorer img, .hb-explorer script").count() == 0
    watched.assert_clean()


def test_a_javascript_url_gets_no_link(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site, "#focus=RB-666"))
    page = watched.page
    assert focused_id(page) == "RB-666"
    assert page.locator(".hb-x-open").count() == 0
    assert page.locator(".hb-x-nolink").text_content() == "no page"
    assert page.get_attribute(".hb-x-node[data-id='RB-666']", "data-href") is None
    # From its neighbour, the relations list has no link for it either, but has one for the
    # others; Ctrl-click and "o" on its node open nothing.
    page.locator(".hb-x-node[data-id='FM-002']").click()
    page.wait_for_function("document.querySelector('.hb-x-focus-id').textContent === 'FM-002'")
    rb666 = page.locator(".hb-x-related-list dd").filter(has_text="RB-666")
    assert rb666.locator("a").count() == 0
    rb002 = page.locator(".hb-x-related-list dd").filter(has_text="RB-002")
    assert rb002.locator("a").get_attribute("href") == f"{site.url}small/runbooks/rb-002/"
    page.locator(".hb-x-node[data-id='RB-666']").click(modifiers=["Control"])
    page.locator(".hb-x-node[data-id='RB-666']").focus()
    page.keyboard.press("o")
    assert page.url.startswith(small_page(site))
    hrefs = page.locator(".hb-explorer a[href]").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(href.startswith(f"{site.url}small/") for href in hrefs)
    watched.assert_clean()


def test_every_hostile_string_stays_text(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(site.page_url("hostile", "#focus=ADR-0001"))
    page = watched.page
    graph = site.graphs["hostile"]
    assert page.locator(".hb-explorer img, .hb-explorer script").count() == 0
    # No attribute anywhere in the explorer is an event handler; no class carries markup.
    handlers = page.evaluate(
        """() => Array.from(document.querySelectorAll('.hb-explorer *')).flatMap(el =>
             Array.from(el.attributes).filter(a => /^on/i.test(a.name) ||
               (a.name === 'class' && /[<>"]/.test(a.value))).map(a => a.name + '=' + a.value))"""
    )
    assert handlers == []
    evil_kind = graph["kinds"][3]
    chips = page.locator(".hb-x-filter[data-filter='kinds'] .hb-x-chip-name").all_text_contents()
    assert evil_kind in chips
    relations = page.locator(
        ".hb-x-filter[data-filter='relations'] .hb-x-chip-name"
    ).all_text_contents()
    assert graph["relations"][3] in relations
    # Malformed nodes and edges are dropped; the numeric id is kept as text.
    ids = row_ids(page)
    assert "5" in ids and len(ids) == 7 + len(harness.REFUSED_URLS)
    # Every refused URL renders no link; the good ones resolve inside the site.
    links = page.locator(".hb-explorer a[href]").evaluate_all("links => links.map(a => a.href)")
    assert sorted(links) == [
        f"{site.url}hostile/decisions/0001/",
        f"{site.url}hostile/decisions/0002/#frag",
    ]
    for index, url in enumerate(harness.REFUSED_URLS):
        item_id = f"U-{index:02d}"
        page.evaluate("id => { window.location.hash = 'focus=' + id; }", item_id)
        page.wait_for_function(
            "id => document.querySelector('.hb-x-focus-id')?.textContent === id", arg=item_id
        )
        assert page.locator(".hb-x-open").count() == 0, url
        node = page.locator(f".hb-x-node[data-id='{item_id}']")
        assert node.get_attribute("data-href") is None, url
        # Ctrl-click and "o" on a refused node open nothing.
        node.click(modifiers=["Control"])
        node.focus()
        page.keyboard.press("o")
        assert page.url.startswith(site.page_url("hostile"))
    watched.assert_clean()


def test_data_carried_in_the_page(site: Site, open_explorer: Any) -> None:
    """``data-source="#id"`` reads a ``<script type="application/json">`` of the page (for a
    site opened from disk, where fetch() cannot read files): hostile titles stay text."""
    watched = open_explorer(site.page_url("inline", "#focus=THR-003"))
    page = watched.page
    assert row_ids(page) == [node["id"] for node in site.graphs["inline"]["nodes"]]
    assert page.locator(".hb-x-focus-title").text_content() == harness.XSS_SCRIPT
    assert page.locator(".hb-explorer img, .hb-explorer script").count() == 0
    watched.assert_clean()


# -- behaviour -----------------------------------------------------------------------------


def test_search_narrows_the_list(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    search(page, "postgres")
    assert row_ids(page) == ["ADR-0002"]
    assert page.locator(".hb-x-count").text_content() == "1 item matches"
    search(page, "RISK-00")  # by id, any case
    assert row_ids(page) == ["RISK-001", "RISK-002", "RISK-003", "RISK-004", "RISK-005"]
    search(page, "risk-004")
    assert row_ids(page)[0] == "RISK-004"
    search(page, "ORDER ledger")  # every word, in the title
    assert row_ids(page) == ["ADR-0002", "ADR-0003"]
    # Few matches: the drawing is the matching part of the graph.
    assert diagram_ids(page) == {"ADR-0002", "ADR-0003"}
    assert page.locator(".hb-x-edge[data-relation='supersedes']").count() == 1
    search(page, "no such thing")
    assert row_ids(page) == []
    assert "No item matches" in (page.locator(".hb-x-count").text_content() or "")
    assert page.get_attribute(".hb-explorer", "data-view") == "hint"
    watched.assert_clean()


def test_focus_draws_the_neighbourhood_and_a_click_refocuses(
    site: Site, open_explorer: Any
) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    graph = site.graphs["small"]
    select_row(page, "ADR-0002")
    assert diagram_ids(page) == harness.neighbourhood(graph, "ADR-0002", 1)
    assert hash_of(page) == "#focus=ADR-0002&depth=1"
    assert page.get_attribute(".hb-x-row[data-id='ADR-0002']", "aria-current") == "true"
    # Incoming to the left of the focus, outgoing to the right; edges labelled.
    x_of = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.hb-x-node'))
             .map(n => [n.dataset.id, n.getBoundingClientRect().x]))"""
    )
    assert x_of["ADR-0003"] > x_of["ADR-0002"]  # ADR-0002 supersedes ADR-0003
    edge = page.locator(".hb-x-edge[data-source='ADR-0002'][data-target='RISK-001']")
    assert edge.get_attribute("data-relation") == "mitigates"
    labels = page.locator(".hb-x-edge-label.is-shown").all_text_contents()
    assert "mitigates" in labels and "supersedes" in labels
    # The focus has a link to its page, resolved against data-base.
    assert page.get_attribute(".hb-x-open", "href") == f"{site.url}small/decisions/0002/"
    # Click a neighbour in the diagram: it becomes the focus.
    page.locator(".hb-x-node[data-id='RISK-001']").click()
    page.wait_for_function("document.querySelector('.hb-x-focus-id').textContent === 'RISK-001'")
    assert diagram_ids(page) == harness.neighbourhood(graph, "RISK-001", 1)
    x_of = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.hb-x-node'))
             .map(n => [n.dataset.id, n.getBoundingClientRect().x]))"""
    )
    assert x_of["THR-001"] < x_of["RISK-001"]  # THR-001 causes RISK-001: incoming, left
    assert hash_of(page) == "#focus=RISK-001&depth=1"
    # The relations list under the diagram refocuses too.
    page.locator(".hb-x-ref[data-focus='FM-003']").click()
    page.wait_for_function("document.querySelector('.hb-x-focus-id').textContent === 'FM-003'")
    # Clear focus: back to the whole graph.
    page.locator("[data-action='clear']").click()
    assert page.get_attribute(".hb-explorer", "data-view") == "overview"
    assert hash_of(page) == ""
    watched.assert_clean()


def test_the_hash_restores_focus_and_depth(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site, "#focus=RISK-001&depth=2"))
    page = watched.page
    graph = site.graphs["small"]
    assert focused_id(page) == "RISK-001"
    assert page.input_value(".hb-x-depth select") == "2"
    assert diagram_ids(page) == harness.neighbourhood(graph, "RISK-001", 2)
    # Depth changes are written to the hash, and survive a reload.
    page.select_option(".hb-x-depth select", "3")
    assert hash_of(page) == "#focus=RISK-001&depth=3"
    page.reload()
    page.wait_for_selector(".hb-explorer[data-state='ready']")
    assert focused_id(page) == "RISK-001"
    assert page.input_value(".hb-x-depth select") == "3"
    assert diagram_ids(page) == harness.neighbourhood(graph, "RISK-001", 3)
    # Editing the hash (or a link to it) refocuses.
    page.evaluate("window.location.hash = '#focus=SLO-001&depth=1'")
    page.wait_for_function("document.querySelector('.hb-x-focus-id')?.textContent === 'SLO-001'")
    assert diagram_ids(page) == harness.neighbourhood(graph, "SLO-001", 1)
    # An unknown id says so.
    page.evaluate("window.location.hash = '#focus=NOPE-1'")
    page.wait_for_selector(".hb-x-missing[role=alert]")
    assert "NOPE-1" in (page.locator(".hb-x-missing").text_content() or "")
    assert focused_id(page) is None
    watched.assert_clean()


def test_kind_and_relation_filters(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    graph = site.graphs["small"]
    all_kinds = set(graph["kinds"])
    all_relations = set(graph["relations"])
    toggle(page, "kinds", "risk")
    assert not any(item_id.startswith("RISK-") for item_id in row_ids(page))
    assert not any(item_id.startswith("RISK-") for item_id in diagram_ids(page))
    select_row(page, "ADR-0002")
    expected = harness.neighbourhood(graph, "ADR-0002", 2, kinds=all_kinds - {"risk"})
    page.select_option(".hb-x-depth select", "2")
    assert diagram_ids(page) == expected
    toggle(page, "kinds", "risk")
    toggle(page, "relations", "mitigates")
    assert page.locator(".hb-x-edge[data-relation='mitigates']").count() == 0
    expected = harness.neighbourhood(graph, "ADR-0002", 2, relations=all_relations - {"mitigates"})
    assert diagram_ids(page) == expected
    # "all" turns every relation on; then "none" turns them all off.
    # The visible word starts the button's name: "none (turn off every relation)".
    every = page.locator(".hb-x-filter[data-filter='relations'] [data-all]")
    assert every.text_content() == "all (turn on every relation)"
    every.click()
    assert diagram_ids(page) == harness.neighbourhood(graph, "ADR-0002", 2)
    assert every.text_content() == "none (turn off every relation)"
    every.click()
    assert diagram_ids(page) == {"ADR-0002"}
    assert page.locator(".hb-x-svg .hb-x-edge").count() == 0
    watched.assert_clean()


def test_keyboard_only(site: Site, open_explorer: Any) -> None:
    watched = open_explorer(small_page(site))
    page = watched.page
    page.focus(".hb-x-input")
    page.keyboard.type("payment")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.dataset.id")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.id")
    assert [first, second] == row_ids(page)[:2]
    page.keyboard.press("Enter")
    page.wait_for_function(
        "id => document.querySelector('.hb-x-focus-id')?.textContent === id", arg=second
    )
    # Into the diagram: nodes are buttons with a name; Enter refocuses on one.
    node = page.locator(".hb-x-node:not(.is-focus)").first
    assert node.get_attribute("role") == "button" and node.get_attribute("tabindex") == "0"
    target = node.get_attribute("data-id")
    assert (node.get_attribute("aria-label") or "").startswith(f"{target}, ")
    node.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "id => document.querySelector('.hb-x-focus-id')?.textContent === id", arg=target
    )
    assert page.evaluate("document.activeElement.dataset.id") == target
    page.keyboard.press("Escape")
    assert focused_id(page) is None
    assert page.evaluate("document.activeElement.classList.contains('hb-x-input')")
    # Enter in the search box focuses the best match.
    page.fill(".hb-x-input", "slo-002")
    page.keyboard.press("Enter")
    assert focused_id(page) == "SLO-002"
    # Labels for assistive technology.
    assert page.get_attribute(".hb-x-list", "aria-label") == "Matching items"
    assert page.locator("label[for]").filter(has_text="Search").count() == 1
    assert (page.get_attribute(".hb-x-svg", "aria-label") or "").startswith("Neighbourhood of")
    watched.assert_clean()


def test_material_instant_navigation_remounts(site: Site, open_explorer: Any) -> None:
    """With Material's ``document$``, the explorer mounts on each emission: a new page
    swapped in by instant navigation gets a working explorer."""
    watched = open_explorer(site.page_url("instant"))
    page = watched.page
    assert len(row_ids(page)) == len(site.graphs["instant"]["nodes"])
    page.evaluate(
        """() => {
          const article = document.querySelector('article');
          article.replaceChildren();
          const div = document.createElement('div');
          div.className = 'hb-explorer';
          div.setAttribute('data-source', '../explorer.json');
          div.setAttribute('data-base', '../../');
          article.appendChild(div);
          window.__emitDocument();
          window.__emitDocument();  // emitting again does not mount twice
        }"""
    )
    page.wait_for_selector(".hb-explorer[data-state='ready']")
    assert page.locator(".hb-x-toolbar").count() == 1
    select_row(page, "ADR-0002")
    page.evaluate("window.location.hash = '#focus=RISK-002'")
    page.wait_for_function("document.querySelector('.hb-x-focus-id')?.textContent === 'RISK-002'")
    watched.assert_clean()


def test_screenshots_light_and_dark(site: Site, open_explorer: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("default", "slate"):
        watched = open_explorer(small_page(site, "#focus=FM-001&depth=2"), scheme=scheme)
        page = watched.page
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        page.locator(".hb-x-node[data-id='RB-001']").hover()
        page.screenshot(path=str(SHOTS / f"small-focus-{scheme}.png"), full_page=True)
        watched.assert_clean()
    watched = open_explorer(small_page(site))
    watched.page.screenshot(path=str(SHOTS / "small-overview-default.png"), full_page=True)


# -- scale ---------------------------------------------------------------------------------


def _event_after(page: Any, name: str, after: float) -> dict[str, Any]:
    page.wait_for_function(
        "([name, after]) => window.__hbt.events.some(e => e.name === name && e.at > after)",
        arg=[name, after],
    )
    return page.evaluate(
        "([name, after]) => window.__hbt.events.find(e => e.name === name && e.at > after)",
        [name, after],
    )


def test_ten_thousand_items_show_the_right_answers(site: Site, open_explorer: Any) -> None:
    graph = site.graphs["large"]
    assert len(graph["nodes"]) == 10_000 and len(graph["edges"]) >= 24_000
    watched = open_explorer(site.page_url("large"))
    page = watched.page
    timings: dict[str, float] = {}

    # Navigation start → the list is ready and painted.
    ready = _event_after(page, "ready", 0)
    timings["load: navigation to list ready"] = ready["painted"]
    assert page.locator(".hb-x-row").count() == 200
    assert page.locator(".hb-x-more").text_content() == "9,800 more — refine the search to see them"
    assert page.get_attribute(".hb-explorer", "data-view") == "hint"

    # Typing a search → the narrowed list is painted.
    page.focus(".hb-x-input")
    page.keyboard.type("identity gateway", delay=25)
    typed = page.evaluate("[window.__hbt.firstInput, window.__hbt.lastInput]")
    results = _event_after(page, "results", typed[1])
    timings["search: first keystroke to results"] = results["painted"] - typed[0]
    timings["search: last keystroke to results"] = results["painted"] - typed[1]
    matching = [
        node["id"]
        for node in graph["nodes"]
        if "identity" in node["title"].lower() and "gateway" in node["title"].lower()
    ]
    assert results["detail"]["count"] == len(matching)
    assert set(row_ids(page)) == set(matching[:200])

    # Clicking a row → the neighbourhood diagram is painted.
    item = next(
        item_id
        for item_id in matching
        if len(harness.neighbourhood(graph, item_id, 1)) <= 12 and item_id != harness.HUB
    )
    before = page.evaluate("performance.now()")
    page.locator(f".hb-x-row[data-id='{item}']").click()
    view = _event_after(page, "view", before)
    timings[f"focus: click on {item} to diagram (depth 1)"] = view["painted"] - page.evaluate(
        "window.__hbt.click"
    )
    assert diagram_ids(page) == harness.neighbourhood(graph, item, 1)

    # The hub at depth 3: the worst case, capped at 80 nodes with the rest counted.
    page.select_option(".hb-x-depth select", "3")
    search(page, harness.HUB)
    before = page.evaluate("performance.now()")
    page.locator(f".hb-x-row[data-id='{harness.HUB}']").click()
    view = _event_after(page, "view", before)
    timings[f"focus: click on hub {harness.HUB} to diagram (depth 3)"] = view[
        "painted"
    ] - page.evaluate("window.__hbt.click")
    shown = diagram_ids(page)
    total = len(harness.neighbourhood(graph, harness.HUB, 3))
    assert harness.HUB in shown and 14 <= len(shown) <= 80
    assert shown <= harness.neighbourhood(graph, harness.HUB, 3)
    hidden = page.get_attribute(".hb-x-note", "data-hidden")
    assert hidden == str(total - len(shown))
    assert f"{total - len(shown):,} more not shown" in (
        page.locator(".hb-x-note").text_content() or ""
    )

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.select_option(".hb-x-depth select", "1")
    page.evaluate("window.scrollTo(0, document.querySelector('.hb-x-body').offsetTop - 16)")
    page.screenshot(path=str(SHOTS / "large-hub-focus.png"))
    page.locator("[data-action='clear']").click()
    search(page, "checkout cache")
    page.screenshot(path=str(SHOTS / "large-search.png"))

    # Reported, not asserted: bench/explorer.py budgets these as ratios.
    print()
    for name, ms in timings.items():
        print(f"  {name}: {ms:.0f} ms")
    watched.assert_clean()
