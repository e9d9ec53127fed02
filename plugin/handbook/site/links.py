"""Where each item is published: page URL and anchor, and relative links between pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify as toc_slugify  # type: ignore[import-untyped]
from mkdocs.utils import get_relative_url

from handbook.model import Item


@dataclass(frozen=True, slots=True)
class Published:
    """An item and the site URL (relative to the site root) that shows it."""

    item: Item
    url: str


def anchor_of(item_id: str) -> str:
    """The older HTML id of a contained item (``hb-RISK-001``), kept so that links made
    before :func:`heading_anchor` keep landing: the id itself, made attribute-safe."""
    return "hb-" + re.sub(r"[^A-Za-z0-9_-]", "_", item_id)


def heading_anchor(item_id: str) -> str:
    """The HTML id of a contained item's row: the one a heading of its id would get from
    Python-Markdown's ``toc`` (``RISK-001`` → ``risk-001``), so that a hand-written link to
    ``register.md#risk-001`` lands on the row; :func:`anchor_of` for an id that slugs to
    nothing."""
    return toc_slugify(item_id, "-") or anchor_of(item_id)


class SiteIndex:
    """Item id → where it is published, for every item whose document is a page."""

    def __init__(self) -> None:
        self.items: dict[str, Published] = {}

    def add(self, item: Item, page_url: str) -> None:
        if item.id is None or item.id in self.items:
            return
        url = page_url if item.container is None else f"{page_url}#{heading_anchor(item.id)}"
        self.items[item.id] = Published(item, url)

    def href(self, item_id: str, from_url: str) -> str | None:
        """A link to ``item_id`` from the page at ``from_url`` (both relative to the root)."""
        published = self.items.get(item_id)
        if published is None:
            return None
        return relative(published.url, from_url)


def relative(url: str, from_url: str) -> str:
    """``url`` relative to the page at ``from_url``, keeping a fragment."""
    path, hash_mark, fragment = url.partition("#")
    if path == from_url and hash_mark:
        return "#" + fragment
    link = get_relative_url(path or ".", from_url) if path != from_url else "./"
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (hash_mark + fragment if hash_mark else "")
