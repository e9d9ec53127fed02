"""A very small HTML builder that escapes every value it is given.

Text and attribute values always go through :func:`html.escape`; only :class:`Safe`
fragments (built by this module) are inserted as they are. Nothing from frontmatter can
become markup, a script, or a ``javascript:`` link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

_SAFE_URL = re.compile(r"^(?:https?://|mailto:|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


class Safe(str):
    """HTML that this module built, inserted without escaping."""

    __slots__ = ()


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def render(child: object) -> str:
    """``child`` as HTML: Safe as is, text escaped, iterables joined, None empty."""
    if child is None:
        return ""
    if isinstance(child, Safe):
        return str(child)
    if isinstance(child, str | int | float):
        return escape(child)
    if isinstance(child, Iterable):
        return "".join(render(c) for c in child)
    return escape(child)


def tag(name: str, attrs: Mapping[str, object] | None = None, *children: object) -> Safe:
    """``<name attrs>children</name>``; attributes with value None or False are left out."""
    parts = [name]
    for key, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(key)
        else:
            parts.append(f'{key}="{escape(value)}"')
    opening = "<" + " ".join(parts) + ">"
    if name in ("br", "img", "input", "meta", "link"):
        return Safe(opening)
    return Safe(opening + "".join(render(c) for c in children) + f"</{name}>")


def safe_url(url: str) -> str | None:
    """``url`` when it is http(s), mailto or a relative reference; None for anything else
    (``javascript:``, ``data:``, ``vbscript:`` …)."""
    stripped = "".join(url.split())  # browsers ignore whitespace and control characters
    if not stripped or not _SAFE_URL.match(stripped):
        return None
    return url.strip()


def join(parts: Iterable[object], separator: object = ", ") -> Safe:
    return Safe(render(separator).join(render(p) for p in parts))
