"""The plugin on hostile frontmatter: what reaches MkDocs and the theme, and what breaks.

An item's frontmatter is data that lint checks. The page metadata handed on to MkDocs and
the theme is an allow-list (``handbook.site.page_meta``), and a field of the wrong type is a
finding, never a traceback, in ``mkdocs build`` and in ``mkdocs serve``.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from handbook.site import item_page
from handbook.site.links import SiteIndex
from handbook.site.page_meta import item_page_meta
from handbook.site.templating import PageTemplates
from hostile_site import THEME_KEYS, hostile_project
from test_plugin import VALID_ADR, _free_port, _get, build, make_site

PAYLOAD = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
RAW = ("<script>window.__pwned", "<img src=x onerror")


def _raw_payload_in(text: str) -> list[str]:
    return [raw for raw in RAW if raw in text]


# -- the allow-list ------------------------------------------------------------------------


def test_item_page_meta_keeps_the_allow_list_typed_and_escaped() -> None:
    meta = {
        "title": PAYLOAD,
        "description": PAYLOAD,
        "tags": [PAYLOAD, 5, {"a": 1}, "plain"],
        "hide": ["toc", PAYLOAD, "navigation", 5],
        "search": {"exclude": True, "boost": 2, "other": PAYLOAD},
        "icon": "material/alert",
        "status": "new",
        "subtitle": PAYLOAD,
        "author": PAYLOAD,
        "template": "redirect.html",
        "location": "javascript:window.__pwned=1",
        "redirect": "javascript:window.__pwned=1",
        "owner": "team",
    }

    kept = item_page_meta(meta)

    escaped = html.escape(PAYLOAD)
    assert kept == {
        "title": escaped,
        "description": escaped,
        "tags": [escaped, "plain"],
        "hide": ["navigation", "toc"],
        "search": {"exclude": True, "boost": 2},
    }


@pytest.mark.parametrize(
    "value", [5, [PAYLOAD], {"a": PAYLOAD}, None, True, "text", [["x"]], {"exclude": "yes"}]
)
def test_item_page_meta_drops_a_value_of_the_wrong_type(value: Any) -> None:
    kept = item_page_meta(dict.fromkeys(THEME_KEYS, value))

    assert set(kept) <= {"title", "description", "tags", "hide", "search"}
    for name in ("title", "description"):
        assert name not in kept or kept[name] == html.escape(str(value))
    assert all(isinstance(tag, str) for tag in kept.get("tags", []))
    assert kept.get("hide", []) == []
    assert kept.get("search", {}) == {}


def test_search_boost_must_be_a_finite_number() -> None:
    for boost in (True, float("nan"), float("inf"), -1, "2"):
        assert item_page_meta({"search": {"boost": boost}}) == {}
    assert item_page_meta({"search": {"boost": 0.5}}) == {"search": {"boost": 0.5}}


# -- builds ---------------------------------------------------------------------------------


def _mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def _published(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*"))
        if path.suffix in (".html", ".xml") or path.name == "search_index.json"
    }


@pytest.mark.parametrize("value", [5, [PAYLOAD], {"a": PAYLOAD}], ids=["int", "list", "mapping"])
def test_every_field_of_the_wrong_type_is_a_finding_not_a_traceback(
    tmp_path: Path, value: object
) -> None:
    """Every field of every kind, handbook's and the theme's (tags, links, phase, rehearsals,
    icon, template, hide, search …), set to a value of the wrong type: lint reports them,
    the build finishes, and a title that is a mapping or a list never reaches the page."""
    project = hostile_project(tmp_path, value)

    done = _mkdocs_build(project)

    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "HB102" in done.stderr  # lint said what is wrong
    pages = _published(project / "site")
    assert "items/adr/index.html" in pages and "handbook/index.html" in pages
    leaks = {path: found for path, text in pages.items() if (found := _raw_payload_in(text))}
    assert leaks == {}
    adr = pages["items/adr/index.html"]
    title = re.search(r"<title>(.*?)</title>", adr, re.S)
    assert title is not None and title.group(1).startswith("Architecture decision record 1")


def test_no_theme_key_of_an_item_reaches_the_published_page(tmp_path: Path) -> None:
    """Payloads in every field, and the theme's keys set the way an attacker would: the
    allow-listed ones arrive escaped, the others not at all."""
    overrides = {
        "tags": [PAYLOAD, "plain"],
        "template": "redirect.html",
        "location": "javascript:window.__pwned=1",
        "redirect": "javascript:window.__pwned=1",
        "icon": "material/alert",
        "status": "new",
        "hide": ["toc", PAYLOAD],
        "search": {"boost": PAYLOAD, "exclude": PAYLOAD},
    }
    project = hostile_project(tmp_path, PAYLOAD, overrides=overrides)

    done = _mkdocs_build(project)

    assert done.returncode == 0, done.stderr[-3000:]
    pages = _published(project / "site")
    leaks = {path: found for path, text in pages.items() if (found := _raw_payload_in(text))}
    assert leaks == {}
    escaped = html.escape(PAYLOAD)
    adr = pages["items/adr/index.html"]
    assert f'<meta name="description" content="{escaped}">' in adr
    assert '<meta name="author"' not in adr
    assert "javascript:" not in adr.lower()
    assert "md-status" not in adr  # Material's page status icon
    assert "<small>" not in pages["index.html"]  # no subtitle in the navigation
    index = json.loads(pages["search/search_index.json"])
    adr_entries = [d for d in index["docs"] if d["location"].startswith("items/adr/")]
    assert adr_entries and adr_entries[0]["tags"] == [escaped, "plain"]
    assert all("<" not in d["location"] for d in index["docs"])


def test_schema_valid_payloads_build_strict_and_arrive_escaped(tmp_path: Path) -> None:
    adr = VALID_ADR.replace(
        "date: 2026-01-05\n",
        f"date: 2026-01-05\ntags: [{json.dumps(PAYLOAD)}]\ndescription: {json.dumps(PAYLOAD)}\n",
    )
    project = make_site(tmp_path, adr)

    done = build(project)

    assert done.returncode == 0, done.stderr
    pages = _published(project / "site")
    leaks = {path: found for path, text in pages.items() if (found := _raw_payload_in(text))}
    assert leaks == {}


def test_a_page_that_is_not_an_item_keeps_its_metadata(tmp_path: Path) -> None:
    project = make_site(tmp_path)
    (project / "docs" / "index.md").write_text(
        "---\nsubtitle: Start here\nhide: [toc]\n---\n# Home\n\nWelcome.\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "nav:\n  - index.md\n  - decisions/0001-keep-decisions.md\n",
        encoding="utf-8",
    )

    done = build(project)

    assert done.returncode == 0, done.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<small>Start here</small>" in home  # Material's subtitle, in the navigation


# -- serve -----------------------------------------------------------------------------------


def _wait_for(url: str, deadline: float, contains: str = "") -> str:
    page = ""
    while time.monotonic() < deadline:
        try:
            page = _get(url)
            if contains in page:
                return page
        except OSError:
            pass
        time.sleep(0.3)
    return page


def test_serve_keeps_answering_after_a_wrong_typed_field_is_saved(tmp_path: Path) -> None:
    project = make_site(tmp_path)
    adr = project / "docs" / "decisions" / "0001-keep-decisions.md"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/decisions/0001-keep-decisions/"
    try:
        deadline = time.monotonic() + 90
        assert "ADR-0001" in _wait_for(url, deadline, "ADR-0001")
        # A register (tags), the item's page (links) and Material's templates (hide) each
        # read a field of the wrong type; the page with each change must still be served.
        for field in ("tags: 5", "links: 5", "hide: 5"):
            marker = f"Rebuilt after {field}"
            adr.write_text(
                VALID_ADR.replace("date: 2026-01-05\n", f"date: 2026-01-05\n{field}\n")
                + f"\n{marker}\n",
                encoding="utf-8",
            )
            assert marker in _wait_for(url, deadline, marker), field
            assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- ids in text -----------------------------------------------------------------------------


@pytest.fixture
def linked() -> Any:
    from types import SimpleNamespace

    index = SiteIndex()
    document = SimpleNamespace(rel_path="x.md")
    kind = SimpleNamespace(name="adr", title="ADR")
    item = SimpleNamespace(id="ADR-0002", kind=kind, document=document, container=None, title="t")
    index.add(item, "decisions/adr-0002/")  # type: ignore[arg-type]
    templates = PageTemplates()

    def link(html: str) -> str:
        return item_page.link_ids(html, index, "decisions/adr-0001/", set(), templates)

    return link


@pytest.mark.parametrize(
    "html",
    [
        '<p><span title="a > ADR-0002">x</span></p>',
        "<p><img alt='b>ADR-0002' src=y></p>",
        "<p><!-- a > ADR-0002 --></p>",
        "<script>if (a<b) { x = '</p>ADR-0002'; }</script>",
        '<textarea><a href="x">ADR-0002</textarea>',
        '<p><span title="never closed ADR-0002</p>',
    ],
)
def test_ids_are_never_linked_inside_markup(linked: Any, html: str) -> None:
    assert linked(html) == html


def test_ids_in_text_around_markup_are_linked(linked: Any) -> None:
    html = '<p><span title="a > ADR-0002">ADR-0002</span> <!-- c --> ADR-0002</p>'

    out = linked(html)

    assert out.count('href="../adr-0002/"') == 2
    assert out.startswith('<p><span title="a > ADR-0002">')


def test_the_id_linker_is_linear_on_unclosed_markup(linked: Any) -> None:
    hostile = [
        "<!--" * 50_000 + "ADR-0002",
        '<a title="' * 50_000 + "ADR-0002",
        "<a " * 50_000 + "ADR-0002",
        "<script>" * 50_000 + "ADR-0002",
        "a < b " * 50_000 + "ADR-0002",
    ]
    outcome: list[str] = []

    def run() -> None:
        outcome.extend(linked(html) for html in hostile)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)  # quadratic work on these takes hours; linear, well under 1 s
    assert not worker.is_alive()
    assert len(outcome) == len(hostile)
    assert outcome[-1].endswith('<a class="hb-ref hb-ref--text" href="../adr-0002/">ADR-0002</a>')


def test_a_file_name_that_is_not_utf_8_is_left_out_of_the_site(tmp_path: Path) -> None:
    # MkDocs itself cannot make a URL of such a name and stops with a traceback.
    project = make_site(tmp_path)
    with open(bytes(project / "docs") + b"/r\xe9sum\xe9.md", "wb") as stream:
        stream.write(b"# R\n")
    result = build(project, "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "docs/r\\xe9sum\\xe9.md:1:1: HB107 file name is not valid UTF-8; not read" in (
        result.stderr
    )
    assert (project / "site" / "decisions" / "0001-keep-decisions" / "index.html").is_file()
