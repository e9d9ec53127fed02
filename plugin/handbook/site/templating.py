"""The Jinja2 templates the handbook's pages and panels are rendered from.

Templates live in ``site/templates/handbook/``; a theme overrides one by putting a file of
the same name under ``handbook/`` in its ``custom_dir`` (or in any of the theme's
directories), as with Material's ``partials/*.html``. Autoescaping is on and undefined
variables are errors: every value a template prints is text unless it is
:class:`markupsafe.Markup` that a template (or this package) produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.ext import Extension
from markupsafe import Markup

from handbook.site.html import escape, safe_url

TEMPLATES = Path(__file__).parent / "templates"


def compact_lines(source: str) -> str:
    """``source`` without its line breaks and the blanks around them: what
    ``re.sub(r"[ \\t]*\\r?\\n[ \\t]*", "", source)`` gives, without reading a long blank run
    again from each of its characters (quadratic)."""
    lines = source.split("\n")
    last = len(lines) - 1
    out = []
    for number, line in enumerate(lines):
        if number > 0:
            line = line.lstrip(" \t")
        if number < last:
            line = line.removesuffix("\r").rstrip(" \t")
        out.append(line)
    return "".join(out)


class CompactLines(Extension):
    """Drops each line break of a template's source with the indentation around it.

    The templates are written one element per line for people; the pages keep the compact
    HTML they always had (no whitespace between elements, so none in inline runs either).
    Write a space where one is wanted, e.g. ``</a> <span>`` on one line.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is not None and not name.endswith(".html"):
            return source  # Markdown templates keep their lines
        return compact_lines(source)


def _text(value: object) -> object:
    """Every printed value: markup as it is, None as nothing, anything else escaped.

    The escaping is :func:`handbook.site.html.escape` (``&quot;``, ``&#x27;``), the spelling
    the pages had before templates; autoescape alone would write ``&#34;``/``&#39;``.
    """
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(value))


def _safe_links(entries: Iterable[Mapping[str, object]]) -> list[dict[str, str]]:
    """Links whose URL is http(s), mailto or relative, each with its URL and label; the
    others (``javascript:``, ``data:`` …) are left out."""
    links = []
    for entry in entries:
        url = entry.get("url")
        if not isinstance(url, str) or (safe := safe_url(url)) is None:
            continue
        title = entry.get("title")
        links.append({"url": safe, "title": str(title) if title else safe})
    return links


def environment(search_path: Sequence[str | Path], *, autoescape: bool = True) -> Environment:
    """A Jinja environment that looks for ``handbook/…`` templates in ``search_path`` (the
    theme's directories, ``custom_dir`` first), then in the package.

    ``autoescape=False`` exists for the test that proves escaping is what keeps hostile
    values out of the markup; nothing else turns it off.
    """
    env = Environment(
        loader=FileSystemLoader([*search_path, TEMPLATES]),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        undefined=StrictUndefined,
        finalize=_text if autoescape else None,
        extensions=[CompactLines],
        auto_reload=False,
        keep_trailing_newline=False,
    )
    env.filters["safe_url"] = safe_url
    env.filters["safe_links"] = _safe_links
    return env


def markdown_environment(search_path: Sequence[str | Path]) -> Environment:
    """The environment of the Markdown templates (the rules reference): the same search
    path; no HTML escaping, since MkDocs renders their output as Markdown and they print
    only what the rule registry says, never a value from frontmatter."""
    return Environment(
        loader=FileSystemLoader([*search_path, TEMPLATES]),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


class PageTemplates:
    """The templates of one build: one environment, each template compiled once."""

    def __init__(self, search_path: Sequence[str | Path] = (), *, autoescape: bool = True):
        self.search_path = list(search_path)
        self.env = environment(self.search_path, autoescape=autoescape)
        self._markdown_env: Environment | None = None

    def render(self, name: str, /, **context: object) -> str:
        """The HTML of ``handbook/<name>``, as a plain ``str``: MkDocs, its search plugin and
        the theme work on page content as text, and string methods of ``Markup`` escape
        their arguments (slowly, and wrongly for HTML that is already HTML)."""
        return str(self.env.get_template(f"handbook/{name}").render(context))

    def render_markdown(self, name: str, /, **context: object) -> str:
        if self._markdown_env is None:
            self._markdown_env = markdown_environment(self.search_path)
        return self._markdown_env.get_template(f"handbook/{name}").render(context)
