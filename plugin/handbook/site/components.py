"""Small pieces of HTML shared by registers and item pages: badges, item links, chains."""

from __future__ import annotations

from collections.abc import Iterable

from handbook.model import Item
from handbook.site.html import Safe, join, tag
from handbook.site.links import SiteIndex


def status_group(item: Item) -> str:
    if item.status in item.kind.active_statuses:
        return "active"
    if item.status in item.kind.inactive_statuses:
        return "inactive"
    return "open"


def status_badge(item: Item) -> Safe:
    status = item.status or "no status"
    return tag(
        "span",
        {"class": f"hb-status hb-status--{status_group(item)}", "title": f"status: {status}"},
        status,
    )


def item_link(index: SiteIndex, item_id: str, from_url: str, with_title: bool = False) -> Safe:
    """A link to ``item_id`` (its id, and its title when asked), or the bare id when the
    item is not published."""
    published = index.items.get(item_id)
    href = index.href(item_id, from_url)
    label: list[object] = [tag("span", {"class": "hb-id"}, item_id)]
    if with_title and published is not None and published.item.title:
        label += [" ", tag("span", {"class": "hb-title"}, published.item.title)]
    if href is None:
        return tag("span", {"class": "hb-ref hb-ref--missing"}, label)
    title = published.item.title if published is not None else None
    return tag("a", {"class": "hb-ref", "href": href, "title": title}, label)


def item_links(index: SiteIndex, ids: Iterable[str], from_url: str) -> Safe:
    links = [item_link(index, i, from_url) for i in ids]
    return join(links) if links else tag("span", {"class": "hb-none"}, "—")


def text_list(values: object) -> str:
    if isinstance(values, list):
        return ", ".join(str(v) for v in values if v is not None)
    return "" if values is None else str(values)
