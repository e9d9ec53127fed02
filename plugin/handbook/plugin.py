"""The MkDocs plugin: lint during the build and publish the delivery handbook.

Per build: ``on_config`` resolves the settings and sets up the page templates, ``on_files``
lints and adds the generated pages and assets (never written into ``docs/``), ``on_nav``
keeps item pages out of an automatic navigation, and ``on_page_content`` lays out item pages
and the registers with the ``handbook/*.html`` templates (see ``docs/guide/theming.md``).

Where the templates go: ``on_page_content`` hands a page's own HTML to its template as
``content`` (an item page's title heading apart, as ``title``), and the template places its
panels around it. This works with any theme, and what a theme's ``custom_dir`` overrides is
the whole layout of the page body, not a splice point.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from handbook.config import ConfigError, HandbookConfig, settings_from_config
from handbook.domain import phases
from handbook.finding import Finding, Severity
from handbook.gate_specs import GateConfigError
from handbook.gates import NOT_MET
from handbook.gates import Runway as GateRunway
from handbook.gates import evaluate as evaluate_gates
from handbook.graph_formats import to_json
from handbook.lint import LintResult, lint
from handbook.model import Document
from handbook.parse.frontmatter import SourceFile
from handbook.rules.suspect_link import RULE as SUSPECT_RULE
from handbook.rules.suspect_link import Suspect, suspect_links
from handbook.settings import Settings
from handbook.site import item_page
from handbook.site import suspects as suspect_site
from handbook.site.evidence_panel import evidence_html
from handbook.site.explorer import explorer_data
from handbook.site.html import escape
from handbook.site.links import SiteIndex, relative
from handbook.site.page_meta import item_page_meta
from handbook.site.registers import (
    PHASES,
    REGISTERS,
    Register,
    RegisterContext,
    phase_page,
    runway,
)
from handbook.site.rules_pages import rules_pages
from handbook.site.templating import PageTemplates
from handbook.stamps import LOCK_FILE

log = logging.getLogger("mkdocs.plugins.handbook")

_ASSETS = Path(__file__).parent / "site" / "assets"
# Mermaid is not among them: handbook.js loads it on the pages that have a diagram.
_SCRIPTS = ("handbook.js", "explorer.js")
_STYLES = ("handbook.css", "explorer.css", "suspects.css")
_ASSET_DIR = "assets/handbook"


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]
    """Lints every document while MkDocs builds, and publishes the handbook pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.result: LintResult | None = None
        self.index = SiteIndex()
        self.documents: dict[str, Document] = {}
        self.generated: dict[str, Any] = {}
        self.item_uris: set[str] = set()
        self.templates = PageTemplates()
        self.suspects: list[Suspect] = []
        self.suspect_edges: item_page.SuspectEdges = {}
        self._gates: GateRunway | None = None
        self._serving = False
        self._parsed: dict[Path, SourceFile] = {}
        """Under ``mkdocs serve``: the files the last build read, by path, so that a rebuild
        parses again only those that changed."""

    # -- serving --------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across the rebuilds of ``mkdocs serve``:
        # what the last build parsed is kept, and everything derived from it (the result,
        # the index, the pages) is made again by each build's on_files.
        self._serving = command == "serve"
        self._parsed = {}

    def on_shutdown(self) -> None:
        self._serving = False
        self._parsed = {}

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Lint reads the suspect links' lock beside mkdocs.yml: an edit to it rebuilds too.
        if self.settings is not None:
            lock = self.settings.project_root / LOCK_FILE
            if lock.is_file():
                server.watch(str(lock))
        return server

    # -- configuration ------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.settings = None
        if not self.config.enabled:
            return config
        config_file = Path(config.config_file_path) if config.config_file_path else None
        root = config_file.parent if config_file else Path.cwd()
        try:
            self.settings = settings_from_config(
                root, Path(config.docs_dir), self.config, config_file
            )
        except ConfigError as error:
            raise PluginError(str(error)) from None
        # The theme's directories (custom_dir first) come before the package's templates, so
        # handbook/<name>.html there overrides ours, as partials/*.html do Material's.
        self.templates = PageTemplates(config.theme.dirs)
        for style in _STYLES:
            if (_ASSETS / style).is_file():
                config.extra_css.append(f"{_ASSET_DIR}/{style}")
        for script in _SCRIPTS:
            if (_ASSETS / script).is_file():
                config.extra_javascript.append(f"{_ASSET_DIR}/{script}")
        return config

    # -- files ---------------------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        for file in [f for f in files if not _utf8(f.src_uri)]:
            # MkDocs cannot make a URL of a name that is not UTF-8 and would stop with a
            # traceback; lint reports the file (HB107), and the site leaves it out.
            files.remove(file)
        if self.settings is None:
            return files
        # A rebuild under serve reads every file and parses again only the changed ones;
        # every rule runs on the whole corpus again (what depends on an edit is found anew).
        self.result = lint(self.settings, previous=self._parsed if self._serving else None)
        if self._serving:
            self._parsed = {
                document.source.path: document.source
                for document in self.result.corpus.documents
                if document.source.readable
            }
        self.suspects = self._suspects()
        self.suspect_edges = item_page.suspect_edges(self.suspects, self.result.graph)
        self._log(self.result.findings)
        self._log_gates()
        self._index(files)
        self._add_generated(files, config)
        for asset in sorted(_ASSETS.rglob("*")):
            if asset.is_file() and asset.suffix in (".js", ".css"):
                uri = f"{_ASSET_DIR}/{asset.relative_to(_ASSETS).as_posix()}"
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(asset)))
        return files

    def _index(self, files: Files) -> None:
        assert self.result is not None
        self.index = SiteIndex()
        self.documents = {}
        self.item_uris = set()
        for document in self.result.corpus.documents:
            # Documents are read from docs_dir, so their docs-relative path is the file's
            # src_uri: a lookup, not a resolve() of every path.
            file = files.get_file_from_path(document.docs_path)
            if file is None or not document.items:
                continue
            self.documents[file.src_uri] = document
            self.item_uris.add(file.src_uri)
            for item in document.items:
                self.index.add(item, file.url)

    def _add_generated(self, files: Files, config: MkDocsConfig) -> None:
        assert self.result is not None
        self.generated = {}
        self._gates = None
        prefix = self.config.prefix.strip("/")
        if prefix:
            graph = self.result.graph
            kinds = {item.kind.name for item in graph.items.values()}
            pages: dict[str, tuple[str, Any]] = {
                f"{prefix}/index.md": ("Delivery handbook", "home")
            }
            for register in REGISTERS:
                if kinds & set(register.kinds):
                    pages[f"{prefix}/{register.slug}.md"] = (register.title, register)
            if self.suspects:
                suspect_page = suspect_site.register(self.suspects)
                pages[f"{prefix}/{suspect_page.slug}.md"] = (suspect_page.title, suspect_page)
            pages[f"{prefix}/graph.md"] = ("Graph explorer", "explorer")
            for number, phase in enumerate(PHASES, start=1):
                pages[f"{prefix}/phases/{phase}.md"] = (
                    f"Phase {number}: {phase.capitalize()}",
                    phase,
                )
            # With an explicit nav the pages are added by on_nav; say so now, or MkDocs
            # lists each as "not included in the nav".
            inclusion = InclusionLevel.NOT_IN_NAV if config.nav else InclusionLevel.UNDEFINED
            for uri, (title, what) in pages.items():
                if files.get_file_from_path(uri) is None:
                    files.append(
                        File.generated(config, uri, content=f"# {title}\n", inclusion=inclusion)
                    )
                    self.generated[uri] = what
            explorer_uri = f"{prefix}/explorer.json"
            files.append(
                File.generated(config, explorer_uri, content=explorer_data(graph, self.index))
            )
            files.append(File.generated(config, "graph.json", content=to_json(graph)))
        reference = self.config.rules_reference.strip("/")
        if reference:
            for name, content in self._rules_pages().items():
                path = f"{reference}/{name}"
                if files.get_file_from_path(path) is None:
                    inclusion = (
                        InclusionLevel.NOT_IN_NAV
                        if config.nav and name != "index.md"
                        else InclusionLevel.UNDEFINED
                    )
                    files.append(File.generated(config, path, content=content, inclusion=inclusion))

    def _suspects(self) -> list[Suspect]:
        """The suspect links shown on the site, unless HB215 is turned off."""
        assert self.result is not None and self.settings is not None
        if (
            self.result.context is None
            or self.settings.severities.get(SUSPECT_RULE.code, SUSPECT_RULE.severity) is None
        ):
            return []
        return suspect_links(self.result.context)

    def _rules_pages(self) -> dict[str, str]:
        try:
            return rules_pages(self.templates)
        except TemplateError as error:
            raise PluginError(
                f"rules reference: handbook template: {_template_error(error)}"
            ) from None

    def _log(self, findings: list[Finding]) -> None:
        fail_on = self.settings.fail_on if self.settings else None
        for finding in findings:
            text = (
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
                f"{finding.one_line_message}"
            )
            if fail_on is not None and finding.severity >= fail_on:
                # Errors as errors: ``mkdocs build -q`` drops warnings before ``--strict``
                # counts them, so a quiet strict build would pass with error findings.
                (log.error if finding.severity >= Severity.ERROR else log.warning)(text)
            else:
                log.info(text)

    def _log_gates(self) -> None:
        """With a phase declared under ``runway:``, log each failing condition of the gates
        up to it: as warnings when ``runway.fail_build`` asks (``--strict`` then stops)."""
        settings = self.settings
        if settings is None or self.result is None or not settings.runway_phase:
            return
        try:
            runway = evaluate_gates(self.result, settings)
        except GateConfigError as error:
            raise PluginError(f"handbook: plugins.handbook.gates.{error}") from None
        emit = log.warning if settings.runway_fail_build else log.info
        for gate in runway.gates:
            if gate.state != NOT_MET:
                continue
            for condition in (c for c in gate.conditions if not c.passed):
                where = f"gate {gate.phase}: {condition.spec.id} not met"
                if condition.note:
                    emit(f"{where}: {condition.note}")
                for fault in condition.faults:
                    emit(f"{fault.path}:{fault.line}: {where}: {fault.item or '-'}: {fault.why}")

    # -- navigation ---------------------------------------------------------------------

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        if self.settings is None:
            return nav
        if config.nav is None and not self.config.nav_items:
            # The registers are the navigation: thousands of item pages in the sidebar make
            # every page slow to render (Material's navigation grows with the page count).
            _drop_pages(nav.items, self.item_uris)
        if config.nav is None:
            # An automatic navigation lists folders alphabetically; the phase folders
            # (understand/, design/, ...) are put in runway order, everything else after.
            nav.items[:] = _in_runway_order(nav.items)
        if config.nav is not None and self.generated and self.config.nav_section:
            pages = [files.get_file_from_path(uri) for uri in self.generated]
            children = [f.page for f in pages if f is not None and f.page is not None]
            if children:
                section = Section(self.config.nav_section, children)  # type: ignore[arg-type]
                position = 1 if nav.items and isinstance(nav.items[0], Page) else 0
                nav.items.insert(position, section)
                for child in children:
                    child.parent = section
        return nav

    # -- pages ----------------------------------------------------------------------------

    @event_priority(50)  # before other plugins read the page's metadata (Material's tags)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.settings is None:
            return markdown
        if page.file.src_uri in self.documents:
            # An item's frontmatter is its data, not metadata for MkDocs and the theme:
            # only the allow-listed keys pass, type-checked and escaped (site/page_meta.py).
            # Material's `status`, for one, would put an icon in the navigation; the
            # document's status is shown on its card instead.
            page.meta = item_page_meta(page.meta)
            return markdown
        meta = dict(page.meta)
        if self.generated.get(page.file.src_uri) == "explorer":
            meta.setdefault("hide", ["navigation", "toc"])  # the explorer wants the width
        title = meta.get("title")
        if isinstance(title, str):
            # MkDocs' templates insert page titles without escaping (<title>, nav, header,
            # footer links); a title from frontmatter is text, never markup.
            meta["title"] = escape(title)
        page.meta = meta
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.settings is None or self.result is None:
            return html
        uri = page.file.src_uri
        try:
            if uri in self.generated:
                return self._generated_html(uri, html, page)
            document = self.documents.get(uri)
            if document is None:
                return html
            own = {item.id for item in document.items if item.id}
            html = item_page.link_ids(html, self.index, page.url, own, self.templates)
            title, content = item_page.split_title(html)
            view = item_page.item_page(
                document, self.result.graph, self.index, page.url, self.suspect_edges
            )
            rendered = self.templates.render(
                "item_page.html", title=Markup(title), content=Markup(content), page=view
            )
            return rendered + self._evidence_html(document, page.url)
        except TemplateError as error:
            raise PluginError(f"{uri}: handbook template: {_template_error(error)}") from None

    def _evidence_html(self, document: Document, page_url: str) -> str:
        """The evidence panel of an experiment's or SLO's page (site/evidence_panel.py)."""
        if self.result is None or self.result.context is None or not document.items:
            return ""
        book = self.result.context.evidence
        return evidence_html(document.items[0], book, self.index, page_url, self.templates)

    def _generated_html(self, uri: str, html: str, page: Page) -> str:
        assert self.result is not None and self.settings is not None
        what = self.generated[uri]
        context = RegisterContext(self.result.graph, self.index, page.url, self.settings.today)
        content = Markup(html)  # the page's title, rendered by MkDocs from its Markdown
        if isinstance(what, Register):
            return self.templates.render(
                what.template, content=content, register=what.view(context)
            )
        if what == "explorer":
            prefix = self.config.prefix.strip("/")
            source = relative(f"{prefix}/explorer.json", page.url)
            base = relative("", page.url) if page.url else "./"
            return self.templates.render(
                "explorer.html", content=content, source=source, base=base.rstrip("/") + "/"
            )
        # Links from this page to the other generated pages (registers, phases).
        links = {
            key: relative(_url_of(other[: -len(".md")], page), page.url)
            for other, key in self.generated.items()
            if isinstance(key, Register) or key in PHASES or key == "home"
        }
        gates = self._runway()
        if what in PHASES:
            phase_view = phase_page(context, what, gates, links.get("home", "../"))
            return self.templates.render("phase.html", content=content, register=phase_view)
        registers = [(r, href) for r, href in links.items() if isinstance(r, Register)]
        phase_links = {p: href for p, href in links.items() if isinstance(p, str) and p in PHASES}
        counts = Counter(f.severity.label for f in self.result.findings)
        view = runway(context, registers, counts, gates, phase_links)
        return self.templates.render("home.html", content=content, register=view)

    def _runway(self) -> GateRunway:
        """The gate engine's judgement of this build's lint run, once per build."""
        assert self.result is not None and self.settings is not None
        if self._gates is None:
            try:
                self._gates = evaluate_gates(self.result, self.settings)
            except GateConfigError as error:
                raise PluginError(f"handbook: plugins.handbook.gates.{error}") from None
        return self._gates


def _template_error(error: TemplateError) -> str:
    if isinstance(error, TemplateSyntaxError):
        where = error.name or "?"
        if error.filename and not error.filename.endswith(where):
            where += f" ({error.filename})"
        return f"{where}:{error.lineno}: {error.message}"
    return str(error)


def _url_of(target_without_md: str, page: Page) -> str:
    # Generated pages follow the site's URL style, as MkDocs gives every page.
    if target_without_md == "index" or target_without_md.endswith("/index"):
        folder = target_without_md[: -len("index")]
        return folder if page.file.use_directory_urls else folder + "index.html"
    if page.file.use_directory_urls:
        return target_without_md + "/"
    return target_without_md + ".html"


def _drop_pages(items: list[Any], uris: set[str]) -> None:
    for child in list(items):
        if isinstance(child, Page) and child.file.src_uri in uris:
            items.remove(child)
        elif isinstance(child, Section):
            _drop_pages(child.children, uris)
            if not child.children:
                items.remove(child)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _in_runway_order(items: list[StructureItem]) -> list[StructureItem]:
    """Top-level entries of an automatic navigation: a first page (the home) stays first,
    then the sections named after a phase in runway order, then the rest as they were."""
    order = {name: index for index, name in enumerate(phases())}

    def rank(index: int) -> tuple[int, int]:
        entry = items[index]
        if index == 0 and isinstance(entry, Page):
            return (-1, index)
        title = entry.title.lower() if isinstance(entry, Section) and entry.title else ""
        return (order.get(title, len(order)), index)

    return [items[index] for index in sorted(range(len(items)), key=rank)]
