"""The escaping and the URL check behind every page handbook adds to the site.

:func:`escape` is how a value from frontmatter becomes text (the templates print every value
through it, see :mod:`handbook.site.templating`, and page titles go through it before
MkDocs' own templates print them); :func:`safe_url` decides which links may be links.
Nothing from frontmatter can become markup, a script, or a ``javascript:`` link.
"""

from __future__ import annotations

import html
import re

_SAFE_URL = re.compile(r"^(?:https?://|mailto:|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def safe_url(url: str) -> str | None:
    """``url`` when it is http(s), mailto or a relative reference; None for anything else
    (``javascript:``, ``data:``, ``vbscript:`` …)."""
    stripped = "".join(url.split())  # browsers ignore whitespace and control characters
    if not stripped or not _SAFE_URL.match(stripped):
        return None
    return url.strip()
