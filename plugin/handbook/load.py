"""Turn discovered files into documents and items: the parse stage of the pipeline."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handbook.discover import Discovered, discover
from handbook.finding import Position
from handbook.kinds import Kind
from handbook.model import Document, Item, id_from_file_name
from handbook.parse.frontmatter import (
    Problem,
    SourceFile,
    read_source,
    source_from_bytes,
    split_text,
)
from handbook.parse.headings import Section, scan_sections
from handbook.rule_ids import FILE_SKIPPED, UNKNOWN_KIND, RuleId, early_rule
from handbook.settings import Settings

_LANDING_PAGES = frozenset({"index.md", "README.md"})


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found before the rules run, waiting for its rule to report it."""

    rule: RuleId
    document: Document
    position: Position
    message: str
    item: str | None = None


@dataclass(slots=True)
class Corpus:
    """Everything read from ``docs_dir``: documents, their items, and early problems."""

    documents: list[Document] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: int = 0
    links_lock: str | None = None
    """The text of the suspect links' lock file when the corpus was read from somewhere
    other than the working tree (a git revision: empty when it has none); None: read the
    file in the project root."""


def load_corpus(settings: Settings, overrides: Mapping[Path, str] | None = None) -> Corpus:
    """Read every Markdown file under ``settings.docs_dir`` into a :class:`Corpus`.

    ``overrides`` gives the text of some of those files (by resolved path, decoded as
    :func:`~handbook.parse.frontmatter.read_source` decodes: no byte-order mark, ``\\n``
    line ends) to read instead of what is on disk: how the corpus would be after an edit.
    """
    corpus = Corpus()
    prefix = _docs_prefix(settings)
    for found in discover(settings.docs_dir, settings.exclude):
        corpus.files += 1
        text = overrides.get(found.path) if overrides else None
        document = _read(found, prefix + found.docs_path, settings, corpus, text)
        if document is not None:
            corpus.documents.append(document)
            corpus.items.extend(document.items)
    return corpus


def load_sources(
    settings: Settings,
    sources: Mapping[str, bytes],
    links_lock: str | None = None,
    reuse: Mapping[str, SourceFile] | None = None,
) -> Corpus:
    """Read documents given as bytes by their path under ``docs_dir`` (``/`` separators),
    as :func:`load_corpus` reads files: a revision read from git, never written to disk.

    The paths are filtered by ``settings.exclude`` and read in sorted order; each file's
    path is where it would be under ``docs_dir``. ``reuse`` gives files already read (by
    the same path, from another revision): one whose text is the same is not parsed again,
    which is most of a pull request's files.
    """
    corpus = Corpus(links_lock="" if links_lock is None else links_lock)
    prefix = _docs_prefix(settings)
    root = settings.docs_dir.resolve()
    patterns = list(settings.exclude)
    for docs_path in sorted(sources):
        if not docs_path.endswith(".md") or any(fnmatch.fnmatch(docs_path, p) for p in patterns):
            continue
        if any(part.startswith(".") for part in docs_path.split("/")):
            continue
        corpus.files += 1
        found = Discovered(root / docs_path, docs_path)
        raw = sources[docs_path]
        known = reuse.get(docs_path) if reuse else None
        source = known if known is not None and _same_text(known, raw) else None
        if source is None:
            source = source_from_bytes(found.path, raw)
        document = _document(found, prefix + docs_path, settings, corpus, source)
        if document is not None:
            corpus.documents.append(document)
            corpus.items.extend(document.items)
    return corpus


def _same_text(source: SourceFile, raw: bytes) -> bool:
    """Whether ``raw`` reads as the text ``source`` was split from (a readable file)."""
    if not source.readable or source.problems or b"\r" in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return text.removeprefix("\ufeff") == source.text


def _read(
    found: Discovered, rel: str, settings: Settings, corpus: Corpus, text: str | None = None
) -> Document | None:
    if found.outside:
        document = Document(SourceFile(found.path, readable=False), rel, found.docs_path)
        corpus.issues.append(
            Issue(
                FILE_SKIPPED,
                document,
                Position.at(1),
                "link points outside the docs directory; not followed",
            )
        )
        return None
    if found.unreadable is not None:
        document = Document(SourceFile(found.path, readable=False), rel, found.docs_path)
        message = f"folder cannot be read ({found.unreadable}); the documents in it are not checked"
        corpus.issues.append(Issue(FILE_SKIPPED, document, Position.at(1), message))
        return None
    if found.undecodable:
        document = Document(SourceFile(found.path, readable=False), rel, found.docs_path)
        corpus.issues.append(
            Issue(FILE_SKIPPED, document, Position.at(1), "file name is not valid UTF-8; not read")
        )
        return None
    if found.special:
        document = Document(SourceFile(found.path, readable=False), rel, found.docs_path)
        corpus.issues.append(
            Issue(FILE_SKIPPED, document, Position.at(1), "not a regular file; not read")
        )
        return None
    source = read_source(found.path) if text is None else split_text(found.path, text)
    return _document(found, rel, settings, corpus, source)


def _document(
    found: Discovered, rel: str, settings: Settings, corpus: Corpus, source: SourceFile
) -> Document:
    document = Document(source, rel, found.docs_path)
    for problem in source.problems:
        corpus.issues.append(_issue(problem, document))
    if not source.readable:
        return document
    document.kind = _kind_of(document, settings, corpus)
    if document.kind is not None:
        _build_items(document, settings, corpus)
    return document


def _issue(problem: Problem, document: Document) -> Issue:
    return Issue(early_rule(problem.rule), document, problem.position, problem.message)


def _docs_prefix(settings: Settings) -> str:
    """How paths under ``docs_dir`` start when written relative to the project root."""
    docs_dir = settings.docs_dir.resolve()
    try:
        relative = docs_dir.relative_to(settings.project_root).as_posix()
    except ValueError:
        relative = docs_dir.as_posix()
    return "" if relative == "." else relative.rstrip("/") + "/"


def _kind_of(document: Document, settings: Settings, corpus: Corpus) -> Kind | None:
    data = document.data
    if "kind" in data:
        name = data["kind"]
        if isinstance(name, str) and name in settings.kinds:
            return settings.kinds[name]
        known = ", ".join(settings.kinds.names())
        corpus.issues.append(
            Issue(
                UNKNOWN_KIND,
                document,
                document.position(("kind",)),
                f"unknown kind {name!r}; known kinds: {known}",
            )
        )
        return None
    folder_kind = kind_for_path(document.docs_path, settings.kind_folders)
    return settings.kinds.get(folder_kind) if folder_kind else None


def kind_for_path(docs_path: str, folders: Mapping[str, str]) -> str | None:
    """The kind a folder mapping gives ``docs_path``; landing pages (index, README) get none.

    A mapping key with a ``/`` must match the start of the path; a plain name matches any
    folder of that name (``decisions`` matches ``design/decisions/0001-x.md``).
    """
    parts = docs_path.split("/")
    if len(parts) < 2 or parts[-1] in _LANDING_PAGES:
        return None
    folders_of_path = parts[:-1]
    best: tuple[int, str] | None = None
    for folder, kind in folders.items():
        if "/" in folder:
            segments = folder.split("/")
            if folders_of_path[: len(segments)] == segments and (
                best is None or len(segments) > best[0]
            ):
                best = (len(segments), kind)
        elif folder in folders_of_path and best is None:
            best = (1, kind)
    return best[1] if best else None


def _build_items(document: Document, settings: Settings, corpus: Corpus) -> None:
    kind = document.kind
    assert kind is not None
    data = document.data
    item = Item(_item_id(data), kind, data, document)
    if item.id is None and "id" not in data:
        derived = id_from_file_name(document.path.name, kind.id_prefix)
        if derived is not None and kind.name == "adr":
            item.id, item.id_derived = derived, True
    if "title" not in data:
        heading = _first_heading(document)
        if heading is not None:
            item.title_derived = True
            item.data = {**data, "title": heading.title}
    document.items.append(item)
    if kind.container_key is None or kind.contained_kind is None:
        return
    contained_kind = settings.kinds.get(kind.contained_kind)
    entries = data.get(kind.container_key)
    if contained_kind is None or not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            document.items.append(
                Item(
                    _item_id(entry),
                    contained_kind,
                    entry,
                    document,
                    node_path=(kind.container_key, index),
                    container=item,
                )
            )


def _item_id(data: dict[str, object]) -> str | None:
    value = data.get("id")
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _first_heading(document: Document) -> Section | None:
    for section in sections_of(document):
        if section.level == 1:
            return section
    return None


def sections_of(document: Document) -> list[Section]:
    """The body's sections, scanned once and kept on the source."""
    source = document.source
    if source.sections is None:
        source.sections = scan_sections(source.body, source.body_line)
    return source.sections
