"""What every item's page gets: a metadata card, a banner when it is superseded or
deprecated, a relations panel, a neighbourhood diagram, and links for ids in its text."""

from __future__ import annotations

import re
from typing import Any

from handbook.graph import ItemGraph
from handbook.graph_formats import mermaid_edge, mermaid_id, mermaid_node
from handbook.model import Document, Item
from handbook.site.components import item_link, item_links, status_badge, text_list
from handbook.site.html import Safe, render, safe_url, tag
from handbook.site.links import SiteIndex, anchor_of

# Fields shown in the card, in this order, when present; relations and long structures are
# shown elsewhere (the relations panel) or not at all.
_CARD_FIELDS = (
    "owner",
    "date",
    "decision-makers",
    "consulted",
    "informed",
    "service",
    "category",
    "likelihood",
    "impact",
    "score",
    "level",
    "treatment",
    "severity",
    "occurrence",
    "detection",
    "rpn",
    "runbook-type",
    "last-tested",
    "last-reviewed",
    "objective",
    "time-window",
    "strategy",
    "experiment-type",
    "result",
    "review-by",
    "tags",
)


def card(item: Item, graph: ItemGraph, index: SiteIndex, page_url: str) -> Safe:
    """The metadata card: kind, id, status, phase, and the item's main fields."""
    phase = item.data.get("phase") or item.kind.phase
    rows: list[Safe] = []
    for name in _CARD_FIELDS:
        value = item.data.get(name)
        if value is None or isinstance(value, dict) or value == []:
            continue
        rows.append(
            tag(
                "div",
                {"class": "hb-card__field"},
                tag("dt", None, name),
                tag("dd", None, text_list(value)),
            )
        )
    links = [
        tag("a", {"href": url, "rel": "noopener"}, entry.get("title") or url)
        for entry in item.data.get("links") or []
        if isinstance(entry, dict)
        and isinstance(entry.get("url"), str)
        and (url := safe_url(entry["url"])) is not None
    ]
    if links:
        rows.append(
            tag(
                "div",
                {"class": "hb-card__field"},
                tag("dt", None, "links"),
                tag("dd", None, Safe(", ".join(links))),
            )
        )
    header = tag(
        "div",
        {"class": "hb-card__header"},
        tag("span", {"class": f"hb-kind hb-kind--{item.kind.name}"}, item.kind.title),
        tag("span", {"class": "hb-id"}, item.id or ""),
        status_badge(item),
        tag("span", {"class": "hb-phase"}, f"phase: {phase}") if phase else None,
    )
    return tag(
        "div",
        {"class": "hb-card", "data-item": item.id},
        header,
        tag("dl", {"class": "hb-card__fields"}, rows) if rows else None,
    )


def banner(item: Item, graph: ItemGraph, index: SiteIndex, page_url: str) -> Safe | None:
    """A warning on a superseded or deprecated item, linking what replaced it."""
    if item.id is None or not item.kind.in_group(item.status, "withdrawn"):
        return None
    successors = sorted(
        set(graph.outgoing(item.id, "superseded-by")) | set(graph.incoming(item.id, "supersedes"))
    )
    if successors:
        message: list[object] = [
            f"{item.id} is {item.status} by ",
            item_links(index, successors, page_url)
            if len(successors) > 1
            else item_link(index, successors[0], page_url, with_title=True),
            ".",
        ]
    else:
        message = [f"{item.id} is {item.status}; it no longer applies."]
    return tag(
        "div",
        {"class": f"hb-banner hb-banner--{item.status}", "role": "note"},
        tag("strong", None, item.status.capitalize() if item.status else ""),
        " ",
        message,
    )


def relations_panel(item: Item, graph: ItemGraph, index: SiteIndex, page_url: str) -> Safe | None:
    """Outgoing and incoming relations, grouped by relation, with each target's title and
    status."""
    if item.id is None or item.id not in graph:
        return None
    groups: dict[str, set[str]] = {}
    for _, target, name in graph.graph.out_edges(item.id, keys=True):
        groups.setdefault(name, set()).add(target)
    for source, _, name in graph.graph.in_edges(item.id, keys=True):
        relation = graph.relations.relations.get(name)
        groups.setdefault(relation.inverse if relation else name, set()).add(source)
    if not groups:
        return None
    sections = []
    for name in sorted(groups):
        rows = []
        for other_id in sorted(groups[name]):
            other = graph.items[other_id]
            rows.append(
                tag(
                    "li",
                    None,
                    item_link(index, other_id, page_url, with_title=True),
                    " ",
                    status_badge(other),
                )
            )
        sections.append(
            tag(
                "div",
                {"class": "hb-relations__group"},
                tag("h3", {"class": "hb-relations__name"}, name),
                tag("ul", None, rows),
            )
        )
    return tag(
        "section",
        {"class": "hb-relations", "aria-label": "Relations"},
        tag("h2", {"id": "relations"}, "Relations"),
        sections,
    )


def neighbourhood(item: Item, graph: ItemGraph, limit: int = 24) -> Safe | None:
    """A Mermaid flowchart of the item and its direct neighbours (drawn by handbook.js)."""
    if item.id is None or item.id not in graph:
        return None
    edges = sorted(
        {(s, t, k) for s, t, k in graph.graph.out_edges(item.id, keys=True)}
        | {(s, t, k) for s, t, k in graph.graph.in_edges(item.id, keys=True)}
    )
    if not edges:
        return None
    shown = edges[:limit]
    nodes = sorted({item.id} | {s for s, _, _ in shown} | {t for _, t, _ in shown})
    lines = ["flowchart LR"]
    for node in nodes:
        lines.append(mermaid_node(node, graph.items[node]))
        lines.append(f"  class {mermaid_id(node)} hb-{graph.items[node].kind.name}")
    lines += [mermaid_edge(source, name, target) for source, target, name in shown]
    lines.append(f"  class {mermaid_id(item.id)} hb-focus")
    more = len(edges) - len(shown)
    note = (
        tag("p", {"class": "hb-diagram__more"}, f"{more} more relations are listed above.")
        if more > 0
        else None
    )
    return tag(
        "figure",
        {"class": "hb-diagram"},
        tag("pre", {"class": "hb-mermaid"}, "\n".join(lines)),
        tag("figcaption", None, f"Neighbourhood of {item.id}"),
        note,
    )


def contained_table(
    container: Item, document: Document, graph: ItemGraph, index: SiteIndex, page_url: str
) -> Safe | None:
    """The items a container lists, one row each, with an anchor the links land on."""
    items = [i for i in document.items if i.container is container]
    if not items:
        return None
    rows = []
    for item in items:
        relations = []
        if item.id is not None and item.id in graph:
            for _, target, name in sorted(graph.graph.out_edges(item.id, keys=True)):
                relations.append((name, target))
            for source, _, name in sorted(graph.graph.in_edges(item.id, keys=True)):
                relation = graph.relations.relations.get(name)
                relations.append((relation.inverse if relation else name, source))
        grouped: dict[str, list[str]] = {}
        for name, other in relations:
            grouped.setdefault(name, []).append(other)
        links = [
            tag(
                "div",
                None,
                tag("span", {"class": "hb-rel"}, name),
                " ",
                item_links(index, others, page_url),
            )
            for name, others in sorted(grouped.items())
        ]
        rows.append(
            tag(
                "tr",
                {"id": anchor_of(item.id) if item.id else None, "class": "hb-row"},
                tag("td", None, tag("span", {"class": "hb-id"}, item.id or "")),
                tag("td", None, item.title, _summary(item)),
                tag("td", None, status_badge(item)),
                tag("td", None, links or tag("span", {"class": "hb-none"}, "—")),
            )
        )
    kind = items[0].kind
    return tag(
        "section",
        {"class": "hb-contained"},
        tag("h2", {"id": "items"}, f"{kind.title}s in this {container.kind.title.lower()}"),
        tag(
            "table",
            {"class": "hb-table"},
            tag(
                "thead",
                None,
                tag(
                    "tr",
                    None,
                    tag("th", None, "Id"),
                    tag("th", None, "Title"),
                    tag("th", None, "Status"),
                    tag("th", None, "Relations"),
                ),
            ),
            tag("tbody", None, rows),
        ),
    )


def _summary(item: Item) -> Safe | None:
    data: dict[str, Any] = item.data
    parts = []
    for name in ("likelihood", "impact", "score", "category", "severity", "rpn", "owner"):
        value = data.get(name)
        if value is not None and not isinstance(value, dict | list):
            parts.append(f"{name} {value}")
    return tag("div", {"class": "hb-row__meta"}, " · ".join(parts)) if parts else None


_SKIP_TEXT_IN = {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "svg"}
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([A-Za-z0-9]+)")
_ID = re.compile(r"\b([A-Z][A-Z0-9]*-[0-9]{1,6})\b")


def link_ids(html: str, index: SiteIndex, page_url: str, own_ids: set[str]) -> str:
    """Wrap mentions of known ids in the page's text with links to their pages.

    Text inside links, code, preformatted blocks and scripts is left alone, as are the
    page's own ids.
    """
    if not _ID.search(html):
        return html
    out = []
    skipping: list[str] = []
    for token in _TOKEN.split(html):
        if token.startswith("<"):
            match = _TAG_NAME.match(token)
            if match:
                name = match.group(1).lower()
                if name in _SKIP_TEXT_IN and not token.endswith("/>"):
                    if token.startswith("</"):
                        if name in skipping:
                            del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
                    else:
                        skipping.append(name)
            out.append(token)
            continue
        if skipping or not token:
            out.append(token)
            continue

        def replace(match: re.Match[str]) -> str:
            item_id = match.group(1)
            href = index.href(item_id, page_url) if item_id not in own_ids else None
            if href is None:
                return match.group(0)
            return render(tag("a", {"class": "hb-ref", "href": href}, item_id))

        out.append(_ID.sub(replace, token))
    return "".join(out)
