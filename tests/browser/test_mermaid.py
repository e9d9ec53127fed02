"""``handbook graph --format mermaid`` renders in a real browser with the vendored Mermaid.

The export is put in a page that loads ``assets/vendor/mermaid/mermaid.min.js`` (the copy the
plugin ships, so the site works offline) by a relative URL and renders it with
``securityLevel: 'strict'``. Each graph must give one SVG with one node per item and one edge
per relation, each label the item's text *as text*, no parse error, no console error, no
request outside 127.0.0.1, and no markup from a title run in the page.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import handbook

from .conftest import WatchedPage

ROOT = Path(__file__).resolve().parents[2]
VENDOR = Path(handbook.__file__).resolve().parent / "site" / "assets" / "vendor" / "mermaid"
HANDBOOK = Path(sys.executable).parent / "handbook"
"""The ``handbook`` console script (``[project.scripts]`` in pyproject.toml) of this Python."""

HOSTILE_TITLES = {
    "ADR-0001": "<script>window.__pwned=1</script>",
    "ADR-0002": "\"quotes\" and 'single' quotes",
    "ADR-0003": "a ] closes a node, a | closes an edge label",
    "ADR-0004": "#hash, #35; and #quot; look like Mermaid entities",
    "ADR-0005": "braces {} and {{double}} and (round) and [square]",
    "ADR-0006": "an arrow --> B and A --- B and ==> C",
    "ADR-0007": "javascript:alert(1)",
    "ADR-0008": "<img src=x onerror=window.__pwned=1> & <b>bold</b> &amp; &lt;",
    "ADR-0009": "`backticks` and **stars** and end",
    "ADR-0010": '%%{init: {"securityLevel": "loose"}}%% and %% a comment',
    "ADR-0011": "semi; colon: back\\slash, Café — ünïcødé 🚀",
    "ADR-0012": "   leading,   inner   and trailing   spaces   ",
}
"""Titles that break a naive Mermaid export, by the id of the item that carries them."""

STYLE_TITLES = {
    "ADR-0001": 'style:"x"',
    "ADR-0002": "classDef x fill:#f00;",
}
"""Titles that Mermaid's own pre-processing mangles (see the test that uses them)."""

ADR_BODY = """\
# {title}

## Context

Hostile titles.

## Decision

Render them as text.

## Consequences

Nothing runs.
"""

PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>handbook graph</title>
<script src="assets/vendor/mermaid/mermaid.min.js"></script>
</head>
<body>
<pre class="mermaid" id="graph">{source}</pre>
<script>
window.__result = (async () => {{
  const source = document.getElementById("graph").textContent;
  mermaid.initialize({{ startOnLoad: false, securityLevel: "strict" }});
  try {{
    await mermaid.parse(source);
  }} catch (error) {{
    return {{ stage: "parse", error: String((error && error.message) || error) }};
  }}
  try {{
    await mermaid.run({{ querySelector: "#graph" }});
  }} catch (error) {{
    return {{ stage: "render", error: String((error && error.message) || error) }};
  }}
  return {{ stage: "done", error: null }};
}})();
</script>
</body>
</html>
"""

INSPECT = """\
() => {
  const svgs = document.querySelectorAll("#graph svg");
  const svg = svgs[0];
  const text = (element) => element.textContent.replace(/\\s+/g, " ").trim();
  const all = svg ? [...svg.querySelectorAll("*")] : [];
  return {
    svgCount: svgs.length,
    nodes: svg ? [...svg.querySelectorAll("g.node")].map(text) : [],
    edgePaths: svg ? svg.querySelectorAll("g.edgePaths > path").length : 0,
    edgeLabels: svg ? [...svg.querySelectorAll("g.edgeLabels g.edgeLabel")].map(text) : [],
    svgText: svg ? svg.textContent : "",
    scripts: document.querySelectorAll("script").length,
    markupInSvg: all
      .filter((e) => ["script", "img", "iframe", "a", "b", "object", "embed"]
        .includes(e.localName))
      .map((e) => e.outerHTML),
    handlers: all.flatMap((e) => [...e.attributes]
      .filter((a) => a.name.startsWith("on") || /javascript:/i.test(a.value))
      .map((a) => `${e.localName} ${a.name}=${a.value}`)),
    pwned: typeof window.__pwned,
  };
}
"""


def run_handbook(project: Path, output_format: str) -> str:
    result = subprocess.run(
        [str(HANDBOOK), "graph", "--format", output_format],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def expected_graph(project: Path) -> tuple[list[str], list[str]]:
    """Node labels (``ID: title``, whitespace collapsed) and edge relations of the JSON export
    of ``project``: what the rendered SVG must show."""
    graph = json.loads(run_handbook(project, "json"))
    labels = [
        " ".join(f"{node['id']}: {node['title']}".split()) if node["title"] else node["id"]
        for node in graph["nodes"]
    ]
    return labels, [edge["relation"] for edge in graph["edges"]]


def write_handbook(root: Path, titles: dict[str, str]) -> Path:
    """A handbook of one ADR per entry of ``titles``, each related to the one before."""
    decisions = root / "docs" / "decisions"
    decisions.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: hostile\ndocs_dir: docs\ntheme:\n  name: material\nplugins:\n  - handbook\n",
        encoding="utf-8",
    )
    ids = sorted(titles)
    for number, item_id in enumerate(ids, start=1):
        related = ids[number - 2] if number > 1 else None
        front = {
            "id": item_id,
            "title": titles[item_id],
            "status": "accepted",
            "date": "2025-01-01",
            **({"relates-to": [related]} if related else {}),
        }
        lines = [
            "---",
            *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()),
            "---",
        ]
        body = ADR_BODY.format(title=" ".join(titles[item_id].split()))
        (decisions / f"{number:04d}-hostile.md").write_text(
            "\n".join(lines) + "\n" + body, encoding="utf-8"
        )
    return root


def render(
    source: str, site: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> tuple[WatchedPage, dict[str, Any], dict[str, Any]]:
    shutil.copytree(VENDOR, site / "assets" / "vendor" / "mermaid")
    (site / "graph.html").write_text(PAGE.format(source=html.escape(source)), encoding="utf-8")
    watched = open_page()
    watched.page.goto(serve(site) + "graph.html")
    result = watched.page.evaluate("window.__result")
    return watched, result, watched.page.evaluate(INSPECT)


def assert_renders(
    project: Path,
    tmp_path: Path,
    serve: Callable[[Path], str],
    open_page: Callable[[], WatchedPage],
) -> dict[str, Any]:
    source = run_handbook(project, "mermaid")
    labels, relations = expected_graph(project)
    assert labels, "the graph has no items; the test would prove nothing"
    watched, result, svg = render(source, tmp_path / "site", serve, open_page)

    assert result == {"stage": "done", "error": None}, f"Mermaid failed on:\n{source}"
    assert svg["svgCount"] == 1
    assert sorted(svg["nodes"]) == sorted(labels)
    assert svg["edgePaths"] == len(relations)
    assert sorted(svg["edgeLabels"]) == sorted(relations)
    assert svg["scripts"] == 2, "a script element appeared in the page"
    assert svg["markupInSvg"] == []
    assert svg["handlers"] == []
    assert svg["pwned"] == "undefined"
    assert watched.problems() == {}
    return svg


# -- the vendored file ---------------------------------------------------------------------


def test_vendored_mermaid_is_a_mermaid_11_release() -> None:
    version = (VENDOR / "VERSION").read_text(encoding="utf-8").strip()
    assert version.split(".")[0] == "11"
    script = (VENDOR / "mermaid.min.js").read_text(encoding="utf-8")
    # The IIFE build: one classic script that sets the global Material looks for, and
    # loads nothing else (no import(), no source map, no CDN).
    assert script.rstrip().endswith(
        'globalThis["mermaid"] = globalThis.__esbuild_esm_mermaid_nm["mermaid"].default;'
    )
    for needle in ("import(", "sourceMappingURL", "unpkg.com", "jsdelivr", "importScripts"):
        assert needle not in script, needle
    assert "MIT" in (VENDOR / "LICENSE").read_text(encoding="utf-8")


# -- rendering -----------------------------------------------------------------------------


def test_own_docs_graph_renders(
    tmp_path: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    assert_renders(ROOT, tmp_path, serve, open_page)


def test_hostile_titles_render_as_text(
    tmp_path: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    project = write_handbook(tmp_path / "project", HOSTILE_TITLES)
    assert len(expected_graph(project)[0]) == len(HOSTILE_TITLES), "an item did not load"
    svg = assert_renders(project, tmp_path, serve, open_page)
    for title in HOSTILE_TITLES.values():
        assert " ".join(title.split()) in svg["svgText"]


def test_titles_with_style_syntax_render_as_text(
    tmp_path: Path, serve: Callable[[Path], str], open_page: Callable[[], WatchedPage]
) -> None:
    project = write_handbook(tmp_path / "project", STYLE_TITLES)
    assert_renders(project, tmp_path, serve, open_page)
