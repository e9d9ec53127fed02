"""How fast the graph explorer answers at 10,000 items, as a ratio of the same explorer on a
handbook of a few dozen items, measured in the same browser in the same run.

The browser test ``tests/browser/test_explorer.py::test_ten_thousand_items_respond_within_two_
seconds`` checks what the explorer shows at 10,000 items and prints how long each step took;
it used to assert an absolute 2-second budget, which a busy CI machine breaks and a fast one
never tests. Here each step is timed on the large graph and on the small one (the baseline),
interleaved round by round, and the budget is on the ratio of the best times:

- load: navigation start to the list painted;
- search: the last keystroke of a two-word search to the narrowed list painted;
- focus: a click on an item with a small neighbourhood to its diagram painted (depth 1);
- hub: a click on the most connected item to its diagram painted (depth 3, the worst case).

Absolute times are printed beside the ratios (and the 2-second figure of PRODUCT.md's
"Fast" as information), so a slow step still shows. The pages and the graphs come from the
browser tests' harness (``tests/browser/explorer_harness/harness.py``); the browser is
Debian's Chromium at /usr/bin/chromium, driven by Playwright, which may reach 127.0.0.1 only.

Usage: ``bench/run.py`` runs it after the lint figures when Chromium and Playwright are there
(``--no-explorer`` skips it); alone: ``python bench/explorer.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import importlib.util
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
HARNESS = HERE.parent / "tests" / "browser" / "explorer_harness" / "harness.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 800}
STEPS = ("load", "search", "focus", "hub")
RATIO_BUDGETS = {"load": 4.0, "search": 4.0, "focus": 4.0, "hub": 10.0}
"""The 10k explorer over the small one, best against best, for each step. Set when the
budget moved here from the browser test, from runs on a shared 2-CPU machine under load
(load 2.0-2.9, search 1.7-2.3, focus 0.9-5.8, hub 3.9-9.1, the widest spreads from single
rounds): a step that starts to grow with the number of items fails, while the machine's speed
cancels out. The small handbook's focus and hub take a few frames, so their ratios are the
noisiest; the hub's diagram is capped at 80 nodes at 10k, against the few the small one has.
Re-derive them on a quiet machine with ``--repeat 10`` before tightening."""
FRAME_MS = 1000 / 60
"""The smallest denominator: a step cannot be timed below one frame."""
ABSOLUTE_MS = 2000.0
"""PRODUCT.md's figure for the 10k explorer on a developer machine: shown, not budgeted."""

# Records when the explorer signals something and when the next frame after it has been
# painted, and when the user last typed or clicked (performance.now(): ms since navigation).
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


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("explorer_harness_for_bench", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def available() -> str | None:
    """Why the explorer cannot be measured here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="bench-http", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def plan(harness: ModuleType, graph: dict[str, Any], query: str | None) -> dict[str, str]:
    """What to type and click on ``graph``: a search, an item with a small neighbourhood that
    the search finds, and the most connected item."""
    degree: dict[str, int] = {}
    for source, target, _ in graph["edges"]:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    hub = max(sorted(degree), key=lambda item_id: degree[item_id])
    titles = {node["id"]: node["title"] for node in graph["nodes"]}
    if query is None:  # two plain words of a title
        for item_id in sorted(titles):
            words = [w for w in titles[item_id].lower().split() if w.isalpha() and len(w) > 3]
            if len(words) >= 2 and len(harness.neighbourhood(graph, item_id, 1)) > 1:
                query = " ".join(words[:2])
                break
    assert query is not None
    words = query.split()
    matching = [i for i in sorted(titles) if all(w in titles[i].lower() for w in words)]
    focus = next(
        i for i in matching if 1 < len(harness.neighbourhood(graph, i, 1)) <= 12 and i != hub
    )
    return {"query": query, "focus": focus, "hub": hub}


def _event_after(page: Any, name: str, after: float) -> dict[str, Any]:
    page.wait_for_function(
        "([name, after]) => window.__hbt.events.some(e => e.name === name && e.at > after)",
        arg=[name, after],
        timeout=60_000,
    )
    event: dict[str, Any] = page.evaluate(
        "([name, after]) => window.__hbt.events.find(e => e.name === name && e.at > after)",
        [name, after],
    )
    return event


def one_run(browser: Any, url: str, steps: dict[str, str]) -> dict[str, float]:
    """Milliseconds of each step, on a fresh page at ``url``."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname == HOST
                else route.abort("blockedbyclient")
            ),
        )
        page.add_init_script(TIMING_SCRIPT)
        page.goto(url)
        timings = {"load": _event_after(page, "ready", 0)["painted"]}
        page.focus(".hb-x-input")
        page.keyboard.type(steps["query"], delay=25)
        last = page.evaluate("window.__hbt.lastInput")
        timings["search"] = _event_after(page, "results", last)["painted"] - last
        for step, depth in (("focus", "1"), ("hub", "3")):
            page.select_option(".hb-x-depth select", depth)
            if step == "hub":
                page.fill(".hb-x-input", steps["hub"])
                _event_after(page, "results", page.evaluate("performance.now()") - 1)
                page.wait_for_selector(f".hb-x-row[data-id='{steps['hub']}']")
            before = page.evaluate("performance.now()")
            page.locator(f".hb-x-row[data-id='{steps[step]}']").click()
            view = _event_after(page, "view", before)
            timings[step] = view["painted"] - page.evaluate("window.__hbt.click")
        return timings
    finally:
        context.close()


def measure_explorer(repeat: int) -> dict[str, object]:
    """One warm-up of each page, then ``repeat`` rounds of large and small, interleaved."""
    from playwright.sync_api import sync_playwright

    harness = load_harness()
    with tempfile.TemporaryDirectory(prefix="handbook-bench-explorer-") as folder:
        root = Path(folder)
        graphs = harness.build_site(root)
        steps = {
            "large": plan(harness, graphs["large"], "identity gateway"),
            "small": plan(harness, graphs["small"], None),
        }
        samples: dict[str, dict[str, list[float]]] = {
            name: {step: [] for step in STEPS} for name in steps
        }
        with served(root) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                for round_ in range(repeat + 1):
                    for name, plan_ in steps.items():
                        timings = one_run(browser, f"{base}{name}/handbook/explorer/", plan_)
                        if round_ == 0:
                            continue  # warm-up: caches, JIT
                        for step in STEPS:
                            samples[name][step].append(timings[step])
            finally:
                browser.close()
    return {
        "items": {name: len(graphs[name]["nodes"]) for name in steps},
        "plan": steps,
        "best_ms": {n: {s: min(v) for s, v in by.items()} for n, by in samples.items()},
        "median_ms": {
            n: {s: statistics.median(v) for s, v in by.items()} for n, by in samples.items()
        },
        "samples_ms": samples,
    }


def explorer_ratios(figures: dict[str, object]) -> list[dict[str, object]]:
    """The budgeted rows: each step's best at 10k over its best on the small handbook."""
    best: dict[str, dict[str, float]] = figures["best_ms"]  # type: ignore[assignment]
    rows: list[dict[str, object]] = []
    for step in STEPS:
        value = best["large"][step] / max(best["small"][step], FRAME_MS)
        budget = RATIO_BUDGETS[step]
        rows.append(
            {
                "name": f"explorer {step} 10k/small",
                "value": value,
                "cpu_value": None,
                "budget": budget,
                "verdict": "PASS" if value <= budget else "FAIL",
                "format": "ratio",
            }
        )
    return rows


def print_explorer(figures: dict[str, object]) -> None:
    best: dict[str, dict[str, float]] = figures["best_ms"]  # type: ignore[assignment]
    median: dict[str, dict[str, float]] = figures["median_ms"]  # type: ignore[assignment]
    items: dict[str, int] = figures["items"]  # type: ignore[assignment]
    print()
    print(
        "graph explorer in Chromium, milliseconds: best after a warm-up, its median "
        f"({items['large']:,} items against {items['small']} items; "
        f"{ABSOLUTE_MS:.0f} ms is PRODUCT.md's figure at 10k, for information)"
    )
    print(f"  {'step':10}{'10k best':>10}{'median':>8}{'small best':>12}{'median':>8}")
    for step in STEPS:
        print(
            f"  {step:10}{best['large'][step]:>10.0f}{median['large'][step]:>8.0f}"
            f"{best['small'][step]:>12.0f}{median['small'][step]:>8.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default: 5)")
    args = parser.parse_args()
    reason = available()
    if reason:
        print(f"explorer: not measured ({reason})")
        return 1
    figures = measure_explorer(args.repeat)
    print_explorer(figures)
    rows = explorer_ratios(figures)
    for row in rows:
        print(f"  {row['name']:32}{row['value']:>8.2f}  <= {row['budget']:.1f}  {row['verdict']}")
    return 1 if any(row["verdict"] == "FAIL" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
