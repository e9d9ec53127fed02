"""A handbook whose every field carries a payload, in a real browser.

Every field of every kind — handbook's and the keys MkDocs and Material read as page
metadata (tags, description, subtitle, author, template with a ``javascript:`` location,
hide, search …) — holds markup that would set a canary (``window.__pwned``), open a dialog
and fetch from another host if it ever ran. The test types into Material's search box and
opens every page of the site: no canary, no dialog, no request leaves 127.0.0.1, no page
logs an error. A second handbook of long unbroken values keeps every register table
within a few screens' width.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hostile_site import hostile_project

if TYPE_CHECKING:
    from .conftest import WatchedPage

CANARY = "window.__pwned=1;alert(1)"
EXTERNAL = "http://198.51.100.7/pwned.png"
PAYLOAD = (
    f'"><script>{CANARY}</script><img src="{EXTERNAL}" onerror="{CANARY}">'
    f'<svg onload="{CANARY}"></svg>\'><iframe src="javascript:{CANARY}"></iframe>'
)
OVERRIDES = {
    "tags": [PAYLOAD, "plain"],
    "template": "redirect.html",
    "location": f"javascript:{CANARY}",
    "redirect": f"javascript:{CANARY}",
    "links": [{"url": f"javascript:{CANARY}", "title": PAYLOAD}, {"url": EXTERNAL}],
    "hide": ["toc", PAYLOAD],
    "search": {"boost": PAYLOAD},
    "icon": "material/alert",
}
LONG = "W" * 20_000


def _build(root: Path, value: object, overrides: dict[str, object]) -> Path:
    project = hostile_project(root, value, overrides=overrides)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile")
    yield _build(root, PAYLOAD, OVERRIDES)
    shutil.rmtree(root, ignore_errors=True)


def _pages(site: Path) -> list[str]:
    return sorted(
        path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        for path in site.rglob("index.html")
        if path.parent.name != "404"
    )


def _watch_dialogs(watched: WatchedPage) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(str(getattr(dialog, "message", "")))
        dialog.dismiss()  # type: ignore[attr-defined]

    watched.page.on("dialog", on_dialog)
    return dialogs


def _settle(watched: WatchedPage) -> None:
    # After `load`: every script, image and frame of the page has run or failed.
    watched.page.wait_for_load_state("load")
    assert watched.page.evaluate("typeof window.__pwned") == "undefined", watched.page.url


def test_search_and_every_page_of_a_handbook_of_payloads_run_nothing(
    hostile_site: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    base = serve(hostile_site)
    watched = open_page()
    dialogs = _watch_dialogs(watched)
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})  # the search box in the header

    # Material's search: the results list titles, text and tags of the item pages.
    page.goto(base)
    _settle(watched)
    shown: dict[str, tuple[int, int]] = {}
    for query in ("Mentions", "script", "plain", "pwned"):
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.type(query, delay=10)
        page.wait_for_selector(".md-search-result__meta", timeout=15_000)
        page.wait_for_timeout(1000)  # the worker answers each keystroke; let the last land
        _settle(watched)
        results = page.locator(".md-search-result")
        shown[query] = (
            results.locator(".md-search-result__item").count(),
            results.locator(".md-tag").count(),
        )
    assert shown["Mentions"][0] > 0 and shown["plain"][1] > 0  # results, with their tags
    page.keyboard.press("Escape")

    # Every page of the site.
    pages = _pages(hostile_site)
    assert len(pages) > 30
    for path in pages:
        page.goto(f"{base}{path}")
        _settle(watched)
        assert page.url.startswith(base), path  # no redirect anywhere

    assert dialogs == []
    assert EXTERNAL not in watched.external_requests
    # Moving on to the next page aborts what the last one still loads (its favicon).
    watched.failed_requests[:] = [f for f in watched.failed_requests if "ERR_ABORTED" not in f]
    assert watched.problems() == {}


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("long")
    yield _build(root, LONG, {"tags": [LONG, "plain"], "decision-makers": [LONG]})
    shutil.rmtree(root, ignore_errors=True)


def test_long_unbroken_values_keep_registers_and_pages_narrow(
    long_site: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    base = serve(long_site)
    watched = open_page()
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})
    widths = {}
    for path in _pages(long_site):
        if path.startswith("reference/"):
            continue
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")
        # The page's width and its widest box (a table in Material's scroll wrapper
        # widens the table, not the page).
        widths[path] = page.evaluate(
            "Math.max(document.documentElement.scrollWidth, ...[...document.querySelectorAll("
            "'.md-content *')].map(e => e.getBoundingClientRect().width))"
        )
    too_wide = {path: width for path, width in widths.items() if width > 2 * 1280}
    assert "handbook/decisions/" in widths
    assert too_wide == {}
