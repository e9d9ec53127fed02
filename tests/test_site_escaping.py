"""Frontmatter values in attribute positions of the built site stay attribute values.

A title with both quote characters is written into ``title=`` attributes (links to the item)
and a tag with both quotes into ``data-tags`` / ``data-value`` attributes (the register's rows
and filter buttons). The built pages are read back with :mod:`html.parser`, which decodes
attributes exactly as a browser does: each value must come back as the original text, and no
attribute may appear that the markup did not mean to write.

The check itself is tested first on hand-written HTML (the positive control): the same
values pasted into attributes without escaping must be flagged, so a passing site test means
the site escaped them, not that the check cannot see.

The site is built in-process (``mkdocs.commands.build``), so that mutation testing sees the
site code the build runs.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

TITLE = 'Ship "fast" & it\'s <b>done</b> onclick=\'alert(1)\' x="y"'
TAG = "tag-q\"b onmouseover=\"alert(2)\" c'd onfocus='alert(3)'"
HOSTILE = [(TITLE, "Ship "), (TAG, "tag-q")]
"""Each hostile value, and a piece of it before its first quote that finds its copies."""
INJECTED = {"onclick", "onmouseover", "onfocus", "x", "y", "done", "it's", "c'd", "alert(1)'"}


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((tag, name, value) for name, value in attrs)

    handle_startendtag = handle_starttag


def attributes(markup: str) -> list[tuple[str, str, str | None]]:
    """(tag, attribute name, decoded value) of every attribute in ``markup``."""
    parser = _Attributes()
    parser.feed(markup)
    parser.close()
    return parser.found


def attribute_problems(markup: str, value: str, marker: str) -> Iterator[str]:
    """What is wrong with how ``value`` sits in the attributes of ``markup``.

    ``marker`` is a piece of ``value`` (before its first quote) that finds the attributes
    meant to hold it: each of those must hold ``value`` whole, as one of its space-separated
    tokens or as the whole attribute; and no attribute may be named like a piece of it.
    """
    for tag, name, decoded in attributes(markup):
        if name in INJECTED:
            yield f"<{tag}> has an injected attribute {name}={decoded!r}"
        if decoded is not None and marker in decoded and value not in decoded:
            yield f"<{tag} {name}> holds a broken copy: {decoded!r}"


def attribute_values(markup: str, value: str) -> list[tuple[str, str]]:
    """(tag, attribute name) of each attribute whose decoded value contains ``value``."""
    return [
        (tag, name) for tag, name, decoded in attributes(markup) if decoded and value in decoded
    ]


# -- the positive control: the check flags what is not escaped ------------------------------


@pytest.mark.parametrize(("value", "marker"), HOSTILE, ids=["title", "tag"])
def test_the_check_flags_values_written_without_escaping(value: str, marker: str) -> None:
    for quote in ('"', "'"):
        bad = f'<p><a href="#" title={quote}{value}{quote}>x</a></p>'
        assert list(attribute_problems(bad, value, marker)), bad
        assert attribute_values(bad, value) == []


@pytest.mark.parametrize(("value", "marker"), HOSTILE, ids=["title", "tag"])
def test_the_check_passes_values_escaped_with_quotes(value: str, marker: str) -> None:
    good = f'<p><a href="#" title="{html.escape(value, quote=True)}">x</a></p>'
    assert list(attribute_problems(good, value, marker)) == []
    assert attribute_values(good, value) == [("a", "title")]


def test_the_check_flags_escaping_that_leaves_the_quotes() -> None:
    # html.escape(quote=False) escapes <, > and & but not the quotes: still an injection.
    bad = f'<a title="{html.escape(TITLE, quote=False)}">x</a>'
    assert list(attribute_problems(bad, TITLE, "Ship "))


# -- the built site -----------------------------------------------------------------------

DOCS = {
    "index.md": "# Escaping fixture\n\nA handbook whose values are hostile in attributes.\n",
    "decisions/0001-ship-fast.md": (
        f"---\ntitle: {TITLE!r}\n".replace("\\'", "''")
        + f"status: accepted\ndate: 2026-01-05\ntags: [{TAG!r}, plain]\n".replace("\\'", "''")
        + "mitigates: [RISK-001]\n"
        "---\n"
        "# Ship fast\n\n## Context\n\nWe ship slowly.\n\n## Decision\n\nWe ship fast.\n\n"
        "## Consequences\n\nWe ship.\n"
    ),
    "decisions/0002-keep-it-plain.md": (
        "---\ntitle: Keep it plain\nstatus: accepted\ndate: 2026-01-06\ntags: [plain]\n---\n"
        "# Keep it plain\n\n## Context\n\nSee ADR-0001.\n\n## Decision\n\nWe keep it plain.\n\n"
        "## Consequences\n\nIt stays plain.\n"
    ),
    "risks/register.md": (
        "---\nkind: risk-register\nid: RR-001\ntitle: Risks\nowner: ana\nrisks:\n"
        "  - id: RISK-001\n    title: Releases break\n    status: in-treatment\n"
        "    owner: ana\n    likelihood: likely\n    impact: major\n"
        "    mitigated-by: [ADR-0001]\n---\n# Risks\n\nThe risks.\n"
    ),
}


def once_per_module(fixture_name: str, config: pytest.Config) -> str:
    """Module scope, except under mutation testing (see ``conftest.once_per_session``)."""
    return "function" if "MUTANT_UNDER_TEST" in os.environ else "module"


@pytest.fixture(scope=once_per_module)
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture built with ``mkdocs build --strict`` in-process: {page path: HTML}."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = tmp_path_factory.mktemp("escaping")
    (project / "mkdocs.yml").write_text(
        "site_name: Escaping fixture\ntheme:\n  name: mkdocs\nplugins:\n  - handbook\n",
        encoding="utf-8",
    )
    for rel, text in DOCS.items():
        path = project / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    build(config)
    site = project / "site"
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_fixture_reads_the_hostile_values_back(tmp_path: Path) -> None:
    from handbook import lint, settings_for_docs

    docs = tmp_path / "docs"
    for rel, text in DOCS.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    result = lint(settings_for_docs(docs))
    by_id = {item.id: item for item in result.corpus.items}
    assert by_id["ADR-0001"].title == TITLE
    assert by_id["ADR-0001"].data["tags"] == [TAG, "plain"]


def test_a_title_in_a_title_attribute_is_exactly_the_title(built: dict[str, str]) -> None:
    where = {
        page: attribute_values(markup, TITLE)
        for page, markup in built.items()
        if attribute_values(markup, TITLE)
    }
    # The register links to ADR-0001 with its title as the tooltip (at least there).
    assert ("a", "title") in where.get("risks/register/index.html", []), sorted(where)
    for page, markup in built.items():
        assert list(attribute_problems(markup, TITLE, "Ship ")) == [], page


def test_a_tag_in_data_attributes_is_exactly_the_tag(built: dict[str, str]) -> None:
    log = built["handbook/decisions/index.html"]
    places = attribute_values(log, TAG)
    assert ("tr", "data-tags") in places
    assert ("button", "data-value") in places or ("input", "data-value") in places, places
    for _, name, decoded in attributes(log):
        if name == "data-value" and decoded and TAG in decoded:
            assert decoded == TAG
        if name == "data-tags" and decoded and TAG in decoded:
            assert decoded == f"{TAG} plain"
    for page, markup in built.items():
        assert list(attribute_problems(markup, TAG, "tag-q")) == [], page


def test_the_decision_log_table_is_exactly_this_markup(built: dict[str, str]) -> None:
    # The generated pages are a contract too (byte-identical across refactors): the rows of
    # the decision log, with the hostile values escaped once, nothing added and nothing lost.
    log = built["handbook/decisions/index.html"]
    start = log.index('<table class="hb-table"')
    assert log[start : log.index("</table>", start) + len("</table>")] == (
        '<table class="hb-table" data-filterable="true"><thead><tr>'
        '<th scope="col">Id</th><th scope="col">Title</th><th scope="col">Status</th>'
        '<th scope="col">Date</th><th scope="col">Decision makers</th>'
        '<th scope="col">Supersession</th></tr></thead><tbody>'
        '<tr class="hb-row" data-status="accepted" data-tags="plain"><td>'
        '<a class="hb-ref" href="../../decisions/0002-keep-it-plain/" title="Keep it plai'
        'n"><span class="hb-id">ADR-0002</span></a></td><td>Keep it plain</td><td>'
        '<span class="hb-status hb-status--active" title="status: accepted">accepted</spa'
        'n></td><td><span class="hb-nowrap">2026-01-06</span></td><td></td><td>'
        '<span class="hb-none">—</span></td></tr>'
        '<tr class="hb-row" data-status="accepted" data-tags="tag-q&quot;b onmouseover=&q'
        'uot;alert(2)&quot; c&#x27;d onfocus=&#x27;alert(3)&#x27; plain"><td>'
        '<a class="hb-ref" href="../../decisions/0001-ship-fast/" title="Ship &quot;fast&'
        "quot; &amp; it&#x27;s &lt;b&gt;done&lt;/b&gt; onclick=&#x27;alert(1)&#x27; x=&qu"
        'ot;y&quot;"><span class="hb-id">ADR-0001</span></a></td>'
        "<td>Ship &quot;fast&quot; &amp; it&#x27;s &lt;b&gt;done&lt;/b&gt; onclick=&#x27;"
        "alert(1)&#x27; x=&quot;y&quot;</td><td>"
        '<span class="hb-status hb-status--active" title="status: accepted">accepted</spa'
        'n></td><td><span class="hb-nowrap">2026-01-05</span></td><td></td><td>'
        '<span class="hb-none">—</span></td></tr></tbody></table>'
    )
