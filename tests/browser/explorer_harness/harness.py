"""Static pages and generated data for the graph explorer's browser tests.

``build_site(directory)`` writes a small static site that mirrors where the plugin puts the
explorer: each graph is its own site root with the page at ``handbook/explorer/`` and the
data at ``handbook/explorer.json``, so the page has ``data-source="../explorer.json"`` and
``data-base="../../"``. The page loads Material's own CSS (from the installed theme, when it
is there) so that screenshots show the explorer as it looks in a handbook, and
``explorer.js`` / ``explorer.css`` straight from the plugin's assets.

Sites written:

- ``small/``: a realistic handbook of a few dozen items, with the hostile titles and the
  ``javascript:`` URL the safety tests look for;
- ``hostile/``: every string in the data is hostile (kinds, relations, statuses, ids, URLs);
- ``large/``: 10,000 items and about 25,000 relations, with two hubs;
- ``instant/``: the small graph on a page whose ``document$`` imitates Material's instant
  navigation (the test swaps the content and emits again);
- ``inline/``: the small graph carried in the page itself, in a
  ``<script type="application/json">`` element (``data-source="#hb-explorer-data"``).

Run it by hand to look at the pages: ``python tests/browser/explorer_harness/harness.py DIR``
then ``python -m http.server -d DIR``.
"""

from __future__ import annotations

import html
import importlib.util
import json
import random
import shutil
import sys
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
ASSETS = ROOT / "plugin" / "handbook" / "site" / "assets"

Graph = dict[str, Any]

XSS_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_SCRIPT = "<script>window.__pwned=1</script>"
JS_URL = "javascript:alert(1)"

# -- the small graph -----------------------------------------------------------------------

_SMALL_NODES: list[tuple[str, str, str, str, str | None]] = [
    # id, kind, title, status, url
    ("ADR-0001", "adr", "Record delivery documents as Markdown", "accepted", "decisions/0001/"),
    ("ADR-0002", "adr", "Use Postgres for the order ledger", "accepted", "decisions/0002/"),
    ("ADR-0003", "adr", "Use MySQL for the order ledger", "superseded", "decisions/0003/"),
    (
        "ADR-0004",
        "adr",
        "Put the checkout API behind a feature flag",
        "proposed",
        "decisions/0004/",
    ),
    ("ADR-0005", "adr", "Retry payment calls with jittered backoff", "accepted", "decisions/0005/"),
    ("ADR-0006", "adr", "Cache product pages at the edge", "rejected", "decisions/0006/"),
    ("RR-001", "risk-register", "Risk register", "active", "risks/register/"),
    ("RISK-001", "risk", "Ledger writes are lost on failover", "in-treatment", None),
    ("RISK-002", "risk", "Payment provider rate-limits us at peak", "open", None),
    ("RISK-003", "risk", "Schema migration locks the orders table", "mitigated", None),
    ("RISK-004", "risk", "Stale prices served from cache", "closed", None),
    ("RISK-005", "risk", XSS_IMG, "open", None),
    ("TM-001", "threat-model", "Checkout threat model", "approved", "threats/checkout/"),
    ("THR-001", "threat", "Card data leaks through application logs", "in-progress", None),
    ("THR-002", "threat", "Replay of payment confirmations", "open", None),
    ("THR-003", "threat", XSS_SCRIPT, "open", None),
    ("FMEA-001", "fmea", "Order pipeline FMEA", "approved", "failure-modes/orders/"),
    ("FM-001", "failure-mode", "Payment provider times out", "mitigated", None),
    ("FM-002", "failure-mode", "Queue lag exceeds five minutes", "analysed", None),
    ("FM-003", "failure-mode", "Primary database fails over", "verified", None),
    ("RB-001", "runbook", "Payment provider outage", "active", "runbooks/rb-001/"),
    ("RB-002", "runbook", "Drain a lagging order queue", "active", "runbooks/rb-002/"),
    ("RB-003", "runbook", "Database failover", "draft", "runbooks/rb-003/"),
    ("RB-666", "runbook", "A runbook whose URL is javascript:", "active", JS_URL),
    ("SLO-001", "slo", "Checkout availability 99.9 %", "active", "slos/slo-001/"),
    ("SLO-002", "slo", "Order confirmation p99 under 800 ms", "active", "slos/slo-002/"),
    ("RP-001", "release-plan", "Checkout v2 canary release", "in-progress", "releases/rp-001/"),
    ("EXP-001", "experiment", "Chaos: kill the payment provider", "passed", "experiments/exp-001/"),
    ("EXP-002", "experiment", "Load test at three times peak", "planned", "experiments/exp-002/"),
]

_CONTAINED = {"RISK": "risks/register/", "THR": "threats/checkout/", "FM": "failure-modes/orders/"}

_SMALL_EDGES: list[tuple[str, str, str]] = [
    ("ADR-0002", "ADR-0003", "supersedes"),
    ("ADR-0002", "RISK-001", "mitigates"),
    ("ADR-0002", "RISK-003", "introduces"),
    ("ADR-0002", "FM-003", "relates-to"),
    ("ADR-0004", "RISK-003", "mitigates"),
    ("ADR-0005", "RISK-002", "mitigates"),
    ("ADR-0005", "FM-001", "mitigates"),
    ("ADR-0006", "RISK-004", "introduces"),
    ("ADR-0001", "RISK-005", "mitigates"),
    ("THR-001", "RISK-001", "causes"),
    ("THR-002", "RISK-002", "causes"),
    ("THR-003", "RISK-005", "causes"),
    ("FM-001", "RISK-002", "causes"),
    ("FM-003", "RISK-001", "causes"),
    ("FM-001", "RB-001", "handled-by"),
    ("FM-002", "RB-002", "handled-by"),
    ("FM-003", "RB-003", "handled-by"),
    ("FM-002", "RB-666", "handled-by"),
    ("FM-001", "SLO-001", "detected-by"),
    ("FM-002", "SLO-002", "detected-by"),
    ("FM-001", "EXP-001", "verified-by"),
    ("RB-001", "EXP-001", "verified-by"),
    ("RP-001", "SLO-001", "gated-by"),
    ("RP-001", "SLO-002", "gated-by"),
    ("RP-001", "EXP-002", "verified-by"),
    ("RB-001", "RISK-002", "mitigates"),
    ("RB-003", "RISK-001", "mitigates"),
    ("SLO-001", "RB-001", "handled-by"),
]

RELATIONS = [
    "supersedes",
    "mitigates",
    "introduces",
    "causes",
    "handled-by",
    "detected-by",
    "verified-by",
    "gated-by",
    "relates-to",
]


def _document(nodes: list[dict[str, Any]], edges: list[list[str]]) -> Graph:
    kinds = sorted({node["kind"] for node in nodes})
    relations = sorted({edge[2] for edge in edges})
    return {"version": 1, "kinds": kinds, "relations": relations, "nodes": nodes, "edges": edges}


def small_graph() -> Graph:
    """A handbook of 29 items, three of them hostile (two titles and a ``javascript:`` URL)."""
    nodes = []
    for item_id, kind, title, status, url in _SMALL_NODES:
        prefix = item_id.split("-")[0]
        if url is None and prefix in _CONTAINED:
            url = f"{_CONTAINED[prefix]}#hb-{item_id}"
        nodes.append({"id": item_id, "kind": kind, "title": title, "status": status, "url": url})
    nodes.sort(key=lambda node: node["id"])
    return _document(nodes, sorted([list(edge) for edge in _SMALL_EDGES]))


REFUSED_URLS = [
    JS_URL,
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "//evil.example/page/",
    "https://evil.example/page/",
    "/absolute/path/",
    "\\\\evil.example\\share",
    "../../outside/",
    "decisions/../../outside/",
    "%2e%2e/%2e%2e/outside/",
    "decisions\\0001\\",
]
"""URLs that must render no link: schemes, protocol-relative, absolute, escaping the site."""


def hostile_graph() -> Graph:
    """Every string is hostile: ids, kinds, relations, statuses, titles and URLs."""
    evil = '"><img src=x onerror="window.__pwned=1">'
    nodes: list[dict[str, Any]] = [
        {
            "id": "ADR-0001",
            "kind": "adr",
            "title": "A decision with a good URL",
            "status": "accepted",
            "url": "decisions/0001/",
        },
        {
            "id": f"X{evil}",
            "kind": f"<b>kind</b>{evil}",
            "title": XSS_SCRIPT,
            "status": f"<i>status</i>{evil}",
            "url": "decisions/0002/#frag",
        },
        {"id": "T-1", "kind": "adr", "title": XSS_IMG, "status": evil, "url": None},
        {"id": "T-2", "kind": "risk", "title": "<svg onload=window.__pwned=1>", "status": "open"},
        {"id": "T-3", "kind": "risk", "title": "&lt;not an entity&gt; &amp;", "status": 7},
        {"id": "T-4", "kind": "risk", "title": None, "status": None, "url": 42},
        {"id": 5, "kind": "risk", "title": "a numeric id", "status": "open"},
        "not an object",
        {"kind": "risk", "title": "no id"},
    ]
    for index, url in enumerate(REFUSED_URLS):
        nodes.append(
            {
                "id": f"U-{index:02d}",
                "kind": "runbook",
                "title": f"Refused URL {index:02d}",
                "status": "active",
                "url": url,
            }
        )
    relation = f"<u>rel</u>{evil}"
    edges: list[Any] = [
        ["ADR-0001", f"X{evil}", relation],
        [f"X{evil}", "T-1", "mitigates"],
        ["T-1", "T-2", relation],
        ["T-2", "T-3", "causes"],
        ["T-3", "T-4", "causes"],
        ["ADR-0001", "NOPE", "mitigates"],  # dangling: dropped
        ["ADR-0001"],  # malformed: dropped
        {"source": "ADR-0001", "target": "T-2", "relation": "mitigates"},
    ]
    edges += [["ADR-0001", f"U-{index:02d}", "relates-to"] for index in range(len(REFUSED_URLS))]
    return {
        "version": 1,
        "kinds": ["adr", "risk", "runbook", f"<b>kind</b>{evil}"],
        "relations": ["mitigates", "causes", "relates-to", relation],
        "nodes": nodes,
        "edges": edges,
    }


# -- the large graph -----------------------------------------------------------------------

_LARGE_KINDS = [
    # kind, id prefix, count
    ("adr", "ADR", 1800),
    ("risk", "RISK", 2000),
    ("risk-register", "RR", 40),
    ("threat", "THR", 1200),
    ("threat-model", "TM", 40),
    ("failure-mode", "FM", 1500),
    ("fmea", "FMEA", 40),
    ("runbook", "RB", 1080),
    ("slo", "SLO", 500),
    ("release-plan", "RP", 600),
    ("experiment", "EXP", 1200),
]
LARGE_COUNT = sum(count for _, _, count in _LARGE_KINDS)

_ALLOWED = [
    # relation, source kinds, target kinds, how many edges
    ("supersedes", ["adr"], ["adr"], 900),
    ("mitigates", ["adr", "runbook", "release-plan", "experiment"], ["risk", "threat"], 7000),
    ("mitigates", ["adr", "runbook"], ["failure-mode"], 2000),
    ("introduces", ["adr"], ["risk"], 1500),
    ("causes", ["threat", "failure-mode"], ["risk"], 4000),
    ("handled-by", ["failure-mode", "slo"], ["runbook"], 2500),
    ("detected-by", ["failure-mode"], ["slo"], 1500),
    ("verified-by", ["failure-mode", "slo", "release-plan", "runbook"], ["experiment"], 2500),
    ("gated-by", ["release-plan"], ["slo"], 1000),
    ("relates-to", ["adr", "risk", "threat", "runbook"], ["adr", "risk", "slo"], 1800),
]

_WORDS_A = [
    "checkout", "payment", "ledger", "inventory", "search", "catalog", "session", "billing",
    "shipping", "refund", "pricing", "identity", "notification", "reporting", "export", "audit",
]  # fmt: skip
_WORDS_B = [
    "service", "queue", "cache", "database", "gateway", "worker", "scheduler", "webhook",
    "replica", "index", "stream", "API", "job", "store", "proxy", "cluster",
]  # fmt: skip
_PATTERNS = {
    "adr": ["Use {b} for the {a} {b2}", "Split the {a} {b}", "Retire the legacy {a} {b}"],
    "risk": ["{a} {b} loses writes on failover", "{a} {b} saturates at peak", "Stale {a} data"],
    "threat": ["Tampering with the {a} {b}", "Spoofed {a} requests", "{a} data leaks in logs"],
    "failure-mode": ["{a} {b} times out", "{a} {b} lag exceeds budget", "{a} {b} crash loop"],
    "runbook": ["Recover the {a} {b}", "Drain the {a} {b}", "Fail over the {a} {b}"],
    "slo": ["{a} availability 99.9 %", "{a} {b} p99 under 500 ms", "{a} freshness"],
    "release-plan": ["Canary of the {a} {b}", "Blue-green {a} {b} rollout"],
    "experiment": ["Chaos: kill the {a} {b}", "Soak test of the {a} {b}", "Load test of {a}"],
    "risk-register": ["{a} risk register"],
    "threat-model": ["{a} threat model"],
    "fmea": ["{a} {b} FMEA"],
}
_STATUSES = {
    "adr": ["accepted", "accepted", "proposed", "superseded", "rejected", "draft"],
    "risk": ["open", "in-treatment", "mitigated", "accepted", "closed"],
    "threat": ["open", "in-progress", "mitigated", "accepted"],
    "failure-mode": ["identified", "analysed", "mitigated", "verified"],
    "runbook": ["active", "active", "draft", "deprecated"],
    "slo": ["active", "draft", "retired"],
    "release-plan": ["draft", "approved", "in-progress", "completed"],
    "experiment": ["planned", "running", "passed", "failed"],
    "risk-register": ["active"],
    "threat-model": ["approved", "in-review"],
    "fmea": ["approved", "draft"],
}

HUB = "ADR-0042"
"""An ADR that mitigates 300 risks: its neighbourhood is capped."""


def large_graph(seed: int = 7) -> Graph:
    """About 10,000 items and 25,000 relations, deterministic for a seed."""
    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    nodes: list[dict[str, Any]] = []
    for kind, prefix, count in _LARGE_KINDS:
        width = max(3, len(str(count)))
        ids = [f"{prefix}-{number:0{width}d}" for number in range(1, count + 1)]
        by_kind[kind] = ids
        folder = kind + "s"
        for item_id in ids:
            words = {"a": rng.choice(_WORDS_A), "b": rng.choice(_WORDS_B)}
            words["b2"] = rng.choice(_WORDS_B)
            title = rng.choice(_PATTERNS[kind]).format(**words)
            title = title[0].upper() + title[1:]
            url = f"{folder}/{item_id.lower()}/"
            status = rng.choice(_STATUSES[kind])
            nodes.append(
                {"id": item_id, "kind": kind, "title": title, "status": status, "url": url}
            )
    edges: set[tuple[str, str, str]] = set()
    for relation, sources, targets, count in _ALLOWED:
        made = 0
        while made < count:
            source = rng.choice(by_kind[rng.choice(sources)])
            target = rng.choice(by_kind[rng.choice(targets)])
            if source == target or (source, target, relation) in edges:
                continue
            edges.add((source, target, relation))
            made += 1
    for target in by_kind["risk"][:300]:
        edges.add((HUB, target, "mitigates"))
    nodes.sort(key=lambda node: node["id"])
    return _document(nodes, sorted([list(edge) for edge in edges]))


# -- what the explorer should show ---------------------------------------------------------


def neighbourhood(
    graph: Graph,
    focus: str,
    depth: int,
    kinds: set[str] | None = None,
    relations: set[str] | None = None,
) -> set[str]:
    """Ids within ``depth`` relations of ``focus``, either direction, over the given kinds
    and relations (all when None): what the explorer draws when it is under its cap."""
    kind_of = {node["id"]: node["kind"] for node in graph["nodes"]}
    adjacent: dict[str, set[str]] = {}
    for source, target, relation in graph["edges"]:
        if relations is not None and relation not in relations:
            continue
        adjacent.setdefault(source, set()).add(target)
        adjacent.setdefault(target, set()).add(source)
    seen = {focus: 0}
    queue = deque([focus])
    while queue:
        current = queue.popleft()
        if seen[current] == depth:
            continue
        for other in sorted(adjacent.get(current, ())):
            if other in seen or (kinds is not None and kind_of[other] not in kinds):
                continue
            seen[other] = seen[current] + 1
            queue.append(other)
    return set(seen)


# -- the pages -----------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Graph explorer - {title}</title>
<link rel="icon" href="data:,">
{material}<link rel="stylesheet" href="{assets}explorer.css">
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo"
 data-md-color-accent="indigo">
<div class="md-container">
<main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content" data-md-component="content">
<article class="md-content__inner md-typeset">
<h1>Graph explorer</h1>
<p>Every item of the handbook and the relations between them.</p>
<div class="hb-explorer" data-source="{source}" data-base="../../">\
<noscript>The graph explorer needs JavaScript; graph.json has the data.</noscript></div>
{inline}
</article>
</div>
</div></main>
</div>
{before}<script src="{assets}explorer.js"></script>
</body>
</html>
"""

# A stand-in for Material's `document$`: an observable of the document that emits once now
# and again whenever the test calls `window.__emitDocument()` (after swapping the content).
_FAKE_DOCUMENT = """<script>
(function () {
  var subscribers = [];
  window.document$ = {
    subscribe: function (fn) {
      subscribers.push(fn);
      fn(document);
      return { unsubscribe: function () {} };
    }
  };
  window.__emitDocument = function () { subscribers.forEach(function (fn) { fn(document); }); };
})();
</script>
"""


def material_stylesheets() -> list[Path]:
    """Material's main and palette CSS from the installed theme, or nothing without it."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations)))
    folder = folder / "templates" / "assets" / "stylesheets"
    found = []
    for stem in ("main", "palette"):
        found += sorted(folder.glob(f"{stem}.*.min.css"))[:1]
    return found


def inline_data(graph: Graph, element_id: str = "hb-explorer-data") -> str:
    """The data as a ``<script type="application/json">`` element, for a page that carries
    it (``data-source="#hb-explorer-data"``): every ``<`` is escaped, so no title can close
    the element, and the browser never runs it."""
    text = json.dumps(graph, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def write_page(
    site: Path,
    title: str,
    *,
    material: bool = True,
    instant: bool = False,
    inline: Graph | None = None,
) -> Path:
    """The explorer page of one site: ``site/handbook/explorer/index.html``."""
    page = site / "handbook" / "explorer" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    assets = "../../../assets/"
    links = ""
    if material:
        for sheet in material_stylesheets():
            links += f'<link rel="stylesheet" href="{assets}material/{sheet.name}">\n'
    page.write_text(
        _PAGE.format(
            title=html.escape(title),
            material=links,
            assets=assets,
            before=_FAKE_DOCUMENT if instant else "",
            source="#hb-explorer-data" if inline is not None else "../explorer.json",
            inline=inline_data(inline) if inline is not None else "",
        ),
        encoding="utf-8",
    )
    return page


def write_data(site: Path, graph: Graph) -> Path:
    path = site / "handbook" / "explorer.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(graph, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


def build_site(directory: Path) -> dict[str, Graph]:
    """Writes every site under ``directory``; returns the graphs by site name."""
    assets = directory / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("explorer.js", "explorer.css"):
        shutil.copyfile(ASSETS / name, assets / name)
    sheets = material_stylesheets()
    if sheets:
        (assets / "material").mkdir(exist_ok=True)
        for sheet in sheets:
            shutil.copyfile(sheet, assets / "material" / sheet.name)
    graphs = {
        "small": small_graph(),
        "hostile": hostile_graph(),
        "large": large_graph(),
        "instant": small_graph(),
    }
    for name, graph in graphs.items():
        site = directory / name
        write_data(site, graph)
        write_page(site, name, instant=name == "instant")
    graphs["inline"] = small_graph()
    write_page(directory / "inline", "inline", inline=graphs["inline"])
    return graphs


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "explorer-harness")
    built = build_site(target)
    for name, graph in built.items():
        print(f"{target / name}/handbook/explorer/: {len(graph['nodes'])} items")
