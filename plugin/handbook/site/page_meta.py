"""The page metadata an item's page passes on to MkDocs and the theme: an allow-list.

MkDocs, Material and other plugins read a page's frontmatter as its metadata and print much
of it without escaping (the title in ``<title>``, the header and the navigation; the
description in a ``<meta>`` tag; tags in the search results) or act on it (``template``,
``hide``, ``search``). Frontmatter of a handbook document is an item's data, which lint
checks, not instructions for the theme: :func:`item_page_meta` keeps only the keys listed
in ``docs/guide/theming.md``, each type-checked and escaped, and drops everything else.
The item's own fields are still shown, escaped, by handbook's own templates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from handbook.site.html import escape

HIDE = ("navigation", "toc", "footer", "feedback", "path", "tags")
"""The parts of a page Material may hide (``hide:``)."""


def item_page_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata of an item's page: ``title`` and ``description`` (text, escaped),
    ``tags`` (a list of escaped texts), ``hide`` (a subset of :data:`HIDE`) and ``search``
    (``exclude``: a boolean, ``boost``: a number); a key with a value of any other type is
    left out, as is every other key."""
    kept: dict[str, Any] = {}
    for name in ("title", "description"):
        value = meta.get(name)
        if isinstance(value, str):
            kept[name] = escape(value)
    tags = meta.get("tags")
    if isinstance(tags, list):
        kept["tags"] = [escape(tag) for tag in tags if isinstance(tag, str)]
    hide = meta.get("hide")
    if isinstance(hide, list):
        kept["hide"] = [part for part in HIDE if part in hide]
    search = _search(meta.get("search"))
    if search:
        kept["search"] = search
    return kept


def _search(value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        return {}
    kept: dict[str, Any] = {}
    exclude = value.get("exclude")
    if isinstance(exclude, bool):
        kept["exclude"] = exclude
    boost = value.get("boost")
    if (
        isinstance(boost, int | float)
        and not isinstance(boost, bool)
        and math.isfinite(boost)
        and boost >= 0
    ):
        kept["boost"] = boost
    return kept
