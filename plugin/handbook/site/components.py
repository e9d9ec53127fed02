"""View models shared by registers and item pages: status badges and links to items.

Templates lay them out (``handbook/macros.html``); nothing here produces markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from handbook.model import Item
from handbook.site.links import SiteIndex


def status_group(item: Item) -> str:
    if item.status in item.kind.active_statuses:
        return "active"
    if item.status in item.kind.inactive_statuses:
        return "inactive"
    return "open"


@dataclass(frozen=True, slots=True)
class Badge:
    """An item's status (``no status`` when it has none) and its group: active, open or
    inactive."""

    status: str
    group: str


def status_badge(item: Item) -> Badge:
    return Badge(item.status or "no status", status_group(item))


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to an item: its id, the href from the current page (None when the item is not
    published, shown as the bare id) and the title of the published item."""

    id: str
    href: str | None
    title: str | None


def item_ref(index: SiteIndex, item_id: str, from_url: str) -> Ref:
    published = index.items.get(item_id)
    if published is None:
        return Ref(item_id, None, None)
    return Ref(item_id, index.href(item_id, from_url), published.item.title)


def item_refs(index: SiteIndex, ids: Iterable[str], from_url: str) -> list[Ref]:
    return [item_ref(index, i, from_url) for i in ids]


def text_field(item: Item, name: str) -> str | None:
    """The item's field ``name`` when it is text, else None.

    Lint reports a field of the wrong type; the pages show what they can of the item and
    never fail on it (the same holds for :func:`list_field`)."""
    value = item.data.get(name)
    return value if isinstance(value, str) else None


def list_field(item: Item, name: str) -> list[Any]:
    """The item's field ``name`` when it is a list, else an empty list."""
    value = item.data.get(name)
    return value if isinstance(value, list) else []


def mapping_entries(item: Item, name: str) -> list[dict[str, Any]]:
    """The mappings in the item's list field ``name`` (other entries left out)."""
    return [entry for entry in list_field(item, name) if isinstance(entry, dict)]


def text_list(values: object) -> str:
    if isinstance(values, list):
        return ", ".join(str(v) for v in values if v is not None)
    return "" if values is None else str(values)
