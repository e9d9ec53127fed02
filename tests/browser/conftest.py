"""Fixtures for tests that run a real browser: Chromium from Debian, driven by Playwright.

- ``browser``: one headless Chromium for the session, ``/usr/bin/chromium`` (never a
  browser downloaded by ``playwright install``). ``scripts/browser-deps.sh`` installs it and
  the ``playwright`` package. Without them the browser tests are skipped, except under CI
  (``CI`` set to anything but ``""``, ``0``, ``false`` or ``no``), where they fail.
- ``serve``: serves a directory over http on 127.0.0.1 on a free port, for one test.
- ``open_page``: a fresh page that may only reach 127.0.0.1. Every other request is aborted
  and recorded, and console errors, uncaught exceptions and failed requests are collected,
  so a test can assert that the page works offline and quietly.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

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
LOCAL_HOST = "127.0.0.1"
SETUP_HINT = "run scripts/browser-deps.sh (as root) to install Chromium and playwright"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> NoReturn:
    """Skip the browser tests on a developer machine; fail them in CI."""
    if in_ci():
        pytest.fail(f"{reason}; CI is set, so browser tests must run ({SETUP_HINT})")
    pytest.skip(f"{reason} ({SETUP_HINT})")


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# -- a local http server -------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """``serve(directory)`` starts a server for ``directory`` and returns its base URL (with
    a trailing slash). Every server is stopped at teardown."""
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        thread = threading.Thread(target=server.serve_forever, name="http-test-server")
        thread.daemon = True
        thread.start()
        servers.append((server, thread))
        return f"http://{LOCAL_HOST}:{server.server_address[1]}/"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- a watched page ------------------------------------------------------------------------


@dataclass
class WatchedPage:
    """A page and what went wrong on it."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """Every non-empty list of problems, by name; ``{}`` when the page was clean."""
        found = {
            "console errors": self.console_errors,
            "uncaught exceptions": self.page_errors,
            "failed requests": self.failed_requests,
            "external requests (blocked)": self.external_requests,
        }
        return {name: items for name, items in found.items() if items}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname == LOCAL_HOST


def watch(page: Page) -> WatchedPage:
    """Collect console errors, uncaught exceptions and failed requests of ``page``, and
    abort (and record) every request that is not to 127.0.0.1."""
    watched = WatchedPage(page)

    def route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            watched.external_requests.append(url)
            route.abort("blockedbyclient")

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location
            watched.console_errors.append(
                f"{message.text} ({location.get('url')}:{location.get('lineNumber')})"
            )

    def on_request_failed(request: Request) -> None:
        if request.url not in watched.external_requests:
            watched.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            watched.failed_requests.append(f"{response.url}: HTTP {response.status}")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return watched


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[[], WatchedPage]]:
    """``open_page()`` returns a new watched page in its own browser context (no cache, no
    storage, no service workers shared with other tests); all are closed at teardown."""
    contexts = []

    def new_page() -> WatchedPage:
        context = browser.new_context(service_workers="block")
        contexts.append(context)
        return watch(context.new_page())

    yield new_page
    for context in contexts:
        context.close()
