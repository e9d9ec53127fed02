"""What every item's page gets: a metadata card, a banner when it is superseded or
deprecated, a relations panel, a neighbourhood diagram, and links for ids in its text.

This module computes their view models; ``handbook/item_page.html`` and its partials lay
them out (see ``docs/guide/theming.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from handbook.graph import ItemGraph
from handbook.graph_formats import mermaid_edge, mermaid_id, mermaid_text
from handbook.model import Document, Item
from handbook.rules.suspect_link import Suspect
from handbook.site.components import (
    Badge,
    Ref,
    item_ref,
    item_refs,
    mapping_entries,
    status_badge,
    text_field,
    text_list,
)
from handbook.site.links import SiteIndex, anchor_of, heading_anchor
from handbook.site.templating import PageTemplates

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


@dataclass(frozen=True, slots=True)
class Card:
    """The metadata card: the item's kind, id, status and phase, its main fields as text
    (name, value) and its links (each a mapping with ``url`` and ``title``; the template
    keeps the safe ones with the ``safe_links`` filter)."""

    id: str | None
    kind: str
    kind_title: str
    status: Badge
    phase: str | None
    fields: list[tuple[str, str]]
    links: list[dict[str, Any]]


def card(item: Item) -> Card:
    phase = text_field(item, "phase") or item.kind.phase
    fields = []
    for name in _CARD_FIELDS:
        value = item.data.get(name)
        if value is None or isinstance(value, dict) or value == []:
            continue
        fields.append((name, text_list(value)))
    links = [entry for entry in mapping_entries(item, "links") if isinstance(entry.get("url"), str)]
    return Card(item.id, item.kind.name, item.kind.title, status_badge(item), phase, fields, links)


@dataclass(frozen=True, slots=True)
class Banner:
    """A warning on a superseded or deprecated item: its id and status, and what replaced
    it (``successors``; one is shown with its title, several as a list)."""

    id: str
    status: str
    successors: list[Ref]


def banner(item: Item, graph: ItemGraph, index: SiteIndex, page_url: str) -> Banner | None:
    if item.id is None or not item.kind.in_group(item.status, "withdrawn"):
        return None
    successors = sorted(
        set(graph.outgoing(item.id, "superseded-by")) | set(graph.incoming(item.id, "supersedes"))
    )
    return Banner(item.id, item.status or "", item_refs(index, successors, page_url))


@dataclass(frozen=True, slots=True)
class SuspectMark:
    """A relation that is a suspect link (HB215): the item that writes it, its target, the
    parts of the target's meaning that changed since it was confirmed, and the command that
    confirms it. ``written_here``: the page's item writes the link (else the item at the
    other end does, and the page's item is the target that changed)."""

    writer: str
    target: str
    changed: tuple[str, ...]
    command: str
    written_here: bool


Edge = tuple[str, str, str]
"""(source id, target id, relation name), as the graph keys its edges."""

SuspectEdges = Mapping[Edge, tuple[Suspect, ...]]


def suspect_edges(suspects: Iterable[Suspect], graph: ItemGraph) -> dict[Edge, tuple[Suspect, ...]]:
    """The suspect links by the graph edge each one writes (one pass; a build computes it
    once for every page)."""
    found: dict[Edge, tuple[Suspect, ...]] = {}
    for suspect in suspects:
        target = graph.items.get(suspect.target)
        if target is None:
            continue
        source, end = suspect.reference.endpoints(target)
        if source.id is None or end.id is None:
            continue
        relation = suspect.reference.relation_key.relation
        ends = (source.id, end.id)
        if relation.symmetric:
            ends = (min(ends), max(ends))
        edge = (*ends, relation.name)
        found[edge] = (*found.get(edge, ()), suspect)
    return found


def _marks(suspects: tuple[Suspect, ...], page_item: str) -> tuple[SuspectMark, ...]:
    return tuple(
        SuspectMark(
            s.writer,
            s.target,
            s.changed,
            f"handbook review {s.writer} --target {s.target}",
            s.writer == page_item,
        )
        for s in suspects
    )


@dataclass(frozen=True, slots=True)
class RelationGroup:
    """One relation (by its name, or its inverse's for incoming edges) and the items at its
    other end, each as a link and a status badge; ``suspects``: the marks of the links to
    those items that are suspect (HB215), by the other item's id (absent: not suspect)."""

    name: str
    items: list[tuple[Ref, Badge]]
    suspects: dict[str, tuple[SuspectMark, ...]] = field(default_factory=dict)


def relations_panel(
    item: Item,
    graph: ItemGraph,
    index: SiteIndex,
    page_url: str,
    suspects: SuspectEdges | None = None,
) -> list[RelationGroup]:
    """Outgoing and incoming relations, grouped by relation, with each target's title and
    status, and a mark on each link that is suspect (``suspects``: see
    :func:`suspect_edges`)."""
    if item.id is None or item.id not in graph:
        return []
    groups: dict[str, set[str]] = {}
    marks: dict[str, dict[str, tuple[SuspectMark, ...]]] = {}
    for edge in graph.graph.out_edges(item.id, keys=True):
        groups.setdefault(edge[2], set()).add(edge[1])
        found = suspects.get(edge) if suspects else None
        if found:
            marks.setdefault(edge[2], {})[edge[1]] = _marks(found, item.id)
    for edge in graph.graph.in_edges(item.id, keys=True):
        source, _, name = edge
        relation = graph.relations.relations.get(name)
        shown = relation.inverse if relation else name
        groups.setdefault(shown, set()).add(source)
        found = suspects.get(edge) if suspects else None
        if found:
            marks.setdefault(shown, {})[source] = _marks(found, item.id)
    return [
        RelationGroup(
            name,
            [
                (item_ref(index, other_id, page_url), status_badge(graph.items[other_id]))
                for other_id in sorted(groups[name])
            ],
            marks.get(name, {}),
        )
        for name in sorted(groups)
    ]


# Mermaid flowchart shapes (opening, closing): rectangle, hexagon, stadium, subroutine,
# cylinder, parallelogram, rounded, asymmetric; a diagram's kinds take them in turn.
_SHAPES = (
    ("[", "]"),
    ("{{", "}}"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("[/", "/]"),
    ("(", ")"),
    (">", "]"),
)


@dataclass(frozen=True, slots=True)
class Diagram:
    """The Mermaid source of the item's neighbourhood (labels entity-encoded for Mermaid;
    the template escapes it once more for HTML), and how many relations were left out."""

    id: str
    source: str
    more: int


def neighbourhood(item: Item, graph: ItemGraph, limit: int = 24) -> Diagram | None:
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
    # Kinds are told apart by more than colour: each node's label starts with its kind,
    # and each kind in the diagram is drawn in a shape of its own.
    kinds = sorted({graph.items[node].kind.name for node in nodes})
    shape = {kind: _SHAPES[n % len(_SHAPES)] for n, kind in enumerate(kinds)}
    lines = ["flowchart LR"]
    for node in nodes:
        other = graph.items[node]
        opening, closing = shape[other.kind.name]
        label = f"{other.kind.title} · {node}" + (f": {other.title}" if other.title else "")
        lines.append(f'  {mermaid_id(node)}{opening}"{mermaid_text(label)}"{closing}')
        lines.append(f"  class {mermaid_id(node)} hb-{other.kind.name}")
    lines += [mermaid_edge(source, name, target) for source, target, name in shown]
    lines.append(f"  class {mermaid_id(item.id)} hb-focus")
    return Diagram(item.id, "\n".join(lines), len(edges) - len(shown))


@dataclass(frozen=True, slots=True)
class ContainedRow:
    """One contained item: its id and row anchor (``risk-001``; None without an id), title,
    a one-line summary of its main fields, status, and relations as (name, links) pairs."""

    id: str | None
    anchor: str | None
    legacy_anchor: str | None
    """The older anchor (``hb-RISK-001``), on the id's cell so that old links still land."""
    title: str | None
    summary: str
    status: Badge
    relations: list[tuple[str, list[Ref]]]
    suspects: dict[tuple[str, str], tuple[SuspectMark, ...]] = field(default_factory=dict)
    """The marks of its suspect links (HB215), by (relation name, the other item's id)."""


@dataclass(frozen=True, slots=True)
class Contained:
    """The items a container lists: the heading and one row each."""

    title: str
    rows: list[ContainedRow]


def contained_table(
    container: Item,
    document: Document,
    graph: ItemGraph,
    index: SiteIndex,
    page_url: str,
    suspects: SuspectEdges | None = None,
) -> Contained | None:
    """The items a container lists, one row each, with an anchor the links land on, and a
    mark on each suspect link (``suspects``: see :func:`suspect_edges`)."""
    items = [i for i in document.items if i.container is container]
    if not items:
        return None
    rows = []
    for item in items:
        relations = []
        marks: dict[tuple[str, str], tuple[SuspectMark, ...]] = {}
        if item.id is not None and item.id in graph:
            for edge in sorted(graph.graph.out_edges(item.id, keys=True)):
                relations.append((edge[2], edge[1]))
                found = suspects.get(edge) if suspects else None
                if found:
                    marks[(edge[2], edge[1])] = _marks(found, item.id)
            for edge in sorted(graph.graph.in_edges(item.id, keys=True)):
                source, _, name = edge
                relation = graph.relations.relations.get(name)
                shown = relation.inverse if relation else name
                relations.append((shown, source))
                found = suspects.get(edge) if suspects else None
                if found:
                    marks[(shown, source)] = _marks(found, item.id)
        grouped: dict[str, list[str]] = {}
        for name, other in relations:
            grouped.setdefault(name, []).append(other)
        rows.append(
            ContainedRow(
                item.id,
                heading_anchor(item.id) if item.id else None,
                anchor_of(item.id) if item.id else None,
                item.title,
                _summary(item),
                status_badge(item),
                [
                    (name, item_refs(index, others, page_url))
                    for name, others in sorted(grouped.items())
                ],
                marks,
            )
        )
    kind = items[0].kind
    return Contained(f"{kind.title}s in this {container.kind.title.lower()}", rows)


def _summary(item: Item) -> str:
    data: dict[str, Any] = item.data
    parts = []
    for name in ("likelihood", "impact", "score", "category", "severity", "rpn", "owner"):
        value = data.get(name)
        if value is not None and not isinstance(value, dict | list):
            parts.append(f"{name} {value}")
    return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class ItemPage:
    """Everything an item's page shows besides its text; None (or empty) where a panel has
    nothing to show."""

    banner: Banner | None
    card: Card
    contained: Contained | None
    relations: list[RelationGroup]
    diagram: Diagram | None


def item_page(
    document: Document,
    graph: ItemGraph,
    index: SiteIndex,
    page_url: str,
    suspects: SuspectEdges | None = None,
) -> ItemPage:
    """The page's view model; ``suspects`` (:func:`suspect_edges`) marks the suspect links."""
    main = document.items[0]
    return ItemPage(
        banner(main, graph, index, page_url),
        card(main),
        contained_table(main, document, graph, index, page_url, suspects),
        relations_panel(main, graph, index, page_url, suspects),
        neighbourhood(main, graph),
    )


_LEADING_TITLE = re.compile(r"\A\s*<h1[\s>].*?</h1>", re.DOTALL)


def split_title(html: str) -> tuple[str, str]:
    """The page's HTML as (its title heading, the rest): the ``<h1>`` the page opens with,
    or nothing when it opens with something else."""
    match = _LEADING_TITLE.match(html)
    if match is None:
        return "", html
    return html[: match.end()], html[match.end() :]


_SKIP_TEXT_IN = {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "svg"}
# Elements whose content a browser reads as text up to their end tag, not as markup.
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ID = re.compile(r"\b([A-Z][A-Z0-9]*-[0-9]{1,6})\b")


def html_tokens(html: str) -> Iterator[tuple[str, str]]:
    """The page's HTML as (what, text) pieces, ``what`` being ``text``, ``markup`` (a tag,
    comment or declaration) or ``raw`` (the content of a raw-text element), split the way a
    browser reads it: a
    tag ends at the first ``>`` outside a quoted attribute value, a comment at ``-->``, the
    content of ``<script>``, ``<style>`` and the like at their end tag.

    Linear in the length of ``html``: every search starts where the last one ended, and an
    unclosed tag, quote or comment is markup to the end (as a browser reads it).
    """
    position, end = 0, len(html)
    while position < end:
        opening = html.find("<", position)
        while opening != -1 and not _opens_markup(html, opening):
            opening = html.find("<", opening + 1)
        if opening == -1:
            yield "text", html[position:]
            return
        if opening > position:
            yield "text", html[position:opening]
        close = _markup_end(html, opening)
        yield "markup", html[opening:close]
        position = close
        match = _TAG_NAME.match(html, opening)
        if match and html[opening + 1] != "/" and match.group(1).lower() in _RAW_TEXT:
            name = match.group(1).lower()
            found = re.compile(rf"</{name}[\s/>]", re.IGNORECASE).search(html, position)
            text_end = found.start() if found else end
            if text_end > position:
                yield "raw", html[position:text_end]
            position = text_end


def _opens_markup(html: str, at: int) -> bool:
    following = html[at + 1 : at + 2]
    if following in ("!", "?"):
        return True
    if following == "/":
        following = html[at + 2 : at + 3]
    return following.isascii() and following.isalpha()


def _markup_end(html: str, start: int) -> int:
    """Where the tag, comment or declaration at ``start`` ends (after its ``>``)."""
    if html.startswith("<!--", start):
        close = html.find("-->", start + 4)
        return len(html) if close == -1 else close + 3
    if html[start + 1] in "!?":
        close = html.find(">", start)
        return len(html) if close == -1 else close + 1
    position, end = start + 1, len(html)
    while position < end:
        char = html[position]
        if char == ">":
            return position + 1
        if char in "\"'" and _after_equals(html, position, start):
            close = html.find(char, position + 1)
            if close == -1:
                return end
            position = close + 1
            continue
        position += 1
    return end


def _after_equals(html: str, quote: int, start: int) -> bool:
    """True when the quote at ``quote`` opens an attribute value (follows ``=``)."""
    position = quote - 1
    while position > start and html[position] in " \t\n\r\f":
        position -= 1
    return html[position] == "="


def link_ids(
    html: str, index: SiteIndex, page_url: str, own_ids: set[str], templates: PageTemplates
) -> str:
    """Wrap mentions of known ids in the page's text with links to their pages.

    Only text is linked, never markup (a tag, an attribute value, a comment). Text inside
    links, code, preformatted blocks and scripts is left alone, as are the page's own ids.
    """
    if not _ID.search(html):
        return html
    out = []
    skipping: list[str] = []
    for what, token in html_tokens(html):
        if what == "raw":
            out.append(token)
            continue
        if what == "markup":
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
            return templates.render("partials/id_link.html", id=item_id, href=href)

        out.append(_ID.sub(replace, token))
    return "".join(out)
