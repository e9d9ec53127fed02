"""``mkdocs serve`` in a real browser: after an edit, the pages show the new state.

A small handbook (two risks, a decision that mitigates one of them) is served by ``mkdocs
serve`` with live reload. Its decision's link is retargeted, a dangling one added, and all
removed; after each edit the open pages reload by themselves, and the first risk's
relations panel, the risk register's rows of both risks, the runway's lint count and the
explorer's neighbourhood of the second risk must show the edit, never a build before it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from test_cache_serve import ADR, write_project

if TYPE_CHECKING:
    from .conftest import WatchedPage

TIMEOUT_MS = 60_000  # a rebuild on a loaded machine, and the reload after it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The project served by ``mkdocs serve`` (its base URL), and its decision's file."""
    adr = write_project(tmp_path)
    # Material without its web fonts: nothing is fetched from off the machine.
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: live\ntheme:\n  name: material\n  font: false\nplugins:\n  - handbook\n",
        "utf-8",
    )
    port = _free_port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            try:
                with urllib.request.urlopen(base + "handbook/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("mkdocs serve did not start:\n" + _log(tmp_path))
                time.sleep(0.3)
        yield base, adr
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _log(root: Path) -> str:
    return (root / "serve.log").read_text("utf-8", "replace")[-3000:]


def _related(page: WatchedPage) -> list[str]:
    """The ids the relations panel of an item's page links to."""
    return page.page.locator(".hb-relations .hb-ref .hb-id").all_inner_texts()


def _edit(adr: Path, targets: str) -> None:
    adr.write_text(ADR.format(targets=targets), "utf-8")


def test_pages_show_each_edit_after_the_rebuild(
    served: tuple[str, Path], open_page: Callable[[], WatchedPage]
) -> None:
    base, adr = served
    risk_one, register, home, explorer = open_page(), open_page(), open_page(), open_page()
    risk_one.page.goto(base + "risks/risk-001/")
    register.page.goto(base + "handbook/risks/")
    home.page.goto(base + "handbook/")
    explorer.page.goto(base + "handbook/graph/#focus=RISK-002&depth=1")
    assert _related(risk_one) == ["ADR-0001"]

    def wait_for(watched: WatchedPage, script: str, argument: object) -> None:
        # The page reloads itself after the rebuild (live reload): wait for what it shows.
        watched.page.wait_for_function(script, arg=argument, timeout=TIMEOUT_MS)

    relations = """(expected) => JSON.stringify(Array.from(document.querySelectorAll(
        '.hb-relations .hb-ref .hb-id'), (e) => e.textContent)) === JSON.stringify(expected)"""
    row = """([risk, expected]) => { const row = Array.from(document.querySelectorAll(
        'tr.hb-row')).find((r) => r.textContent.includes(risk));
        return row !== undefined && row.textContent.includes('ADR-0001') === expected; }"""
    errors = """(count) => Array.from(document.querySelectorAll('.hb-health .hb-count'))
        .some((e) => e.textContent.trim() === count + ' errors')"""
    explored = """(expected) => { const root = document.querySelector('.hb-explorer');
        if (!root || root.getAttribute('data-state') !== 'ready') return false;
        const nodes = document.querySelector('.hb-x-nodes');
        return nodes !== null && nodes.textContent.includes('ADR-0001') === expected; }"""

    steps = [
        # retarget: the link moves from RISK-001 to RISK-002
        ("RISK-002", [], ["ADR-0001"], 0),
        # add: a second target, one that does not exist (an error on the runway)
        ("RISK-002, RISK-001, RISK-404", ["ADR-0001"], ["ADR-0001"], 1),
        # remove: no link at all
        ("", [], [], 0),
    ]
    for targets, on_one, on_two, error_count in steps:
        _edit(adr, targets)
        wait_for(risk_one, relations, on_one)  # the panel of the risk the link left
        wait_for(register, row, ["RISK-002", bool(on_two)])
        wait_for(register, row, ["RISK-001", bool(on_one)])
        wait_for(home, errors, error_count)
        # The explorer's data is fetched by its script: reloaded with the page, never stale.
        wait_for(explorer, explored, bool(on_two))
    for watched in (risk_one, register, home, explorer):
        assert watched.problems() == {}, watched.problems()
