"""Turn discovered files into documents and items: the parse stage of the pipeline."""

from __future__ import annotations

import fnmatch
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handbook.discover import Discovered, discover
from handbook.finding import Position
from handbook.kinds import Kind
from handbook.model import Document, Item, entry_path, shared_keys
from handbook.parse import decision_body, decision_text
from handbook.parse.frontmatter import (
    MAX_FILE_BYTES,
    Problem,
    SourceFile,
    as_read,
    looks_binary,
    pack_together,
    read_source,
    source_from_bytes,
    split_text,
)
from handbook.parse.headings import Section, scan_sections
from handbook.parse.yaml_tree import intern_again, intern_short
from handbook.rule_ids import FILE_SKIPPED, UNKNOWN_KIND, RuleId, early_rule
from handbook.settings import Settings

_LANDING_PAGES = frozenset({"index.md", "README.md", "_index.md", "readme.md"})

SETTLE_EVERY = 256
"""How many documents :func:`load_corpus` reads before it hands them to ``settle``."""

Settle = Callable[[list[Document]], None]
"""Called with documents just read, in order (see :func:`load_corpus`)."""


def _not_a_record(parts: list[str]) -> bool:
    """A folder's landing page (``index.md``, ``README.md``, Hugo's ``_index.md``) or a
    template (``template.md``, ``adr-template.md``, ``0000-template.md``) takes no kind from
    its folder; ``NAME/index.md`` in a folder named like a record (``0007-use-kafka/``) is
    that record."""
    name = parts[-1]
    if name in _LANDING_PAGES:
        folder = parts[-2] if len(parts) >= 3 else ""
        return not folder or (
            decision_text.number_in_name(folder) is None
            and decision_text.dated_name(folder) is None
        )
    return decision_text.is_template_name(name)


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


def load_corpus(
    settings: Settings,
    overrides: Mapping[Path, str] | None = None,
    reuse: Mapping[Path, SourceFile] | None = None,
    *,
    settle: Settle | None = None,
) -> Corpus:
    """Read every Markdown file under ``settings.docs_dir`` into a :class:`Corpus`.

    ``overrides`` gives the text of some of those files (by resolved path, decoded as
    :func:`~handbook.parse.frontmatter.read_source` decodes: no byte-order mark, ``\\n``
    line ends) to read instead of what is on disk: how the corpus would be after an edit.
    ``reuse`` gives files read before (by path, as :func:`handbook.discover.discover` lists
    it): one whose bytes read as the same text is not parsed again (a rebuild under
    ``mkdocs serve`` parses only the files that changed).

    ``settle`` is given the documents as they are read, :data:`SETTLE_EVERY` at a time (the
    last ones when all are read): what a run finds in a file's own text can be found there,
    and the text let go (:func:`release_texts`), so that a run never holds every text at once.
    """
    files = discover(settings.docs_dir, settings.exclude)
    return _read_files(settings, files, _record_numbers(files), overrides, reuse, settle)


def listing(settings: Settings) -> tuple[list[Discovered], dict[str, int]]:
    """The files :func:`load_corpus` reads, in its order, with their record numbers (read
    from every name in a folder): for a run that reads them in parts (:func:`load_part`)."""
    files = discover(settings.docs_dir, settings.exclude)
    return files, _record_numbers(files)


def load_part(
    settings: Settings,
    files: Sequence[Discovered],
    numbers: Mapping[str, int],
    settle: Settle | None = None,
) -> Corpus:
    """Some of the files of :func:`listing`, read as :func:`load_corpus` reads them (with
    ``numbers``, the listing's record numbers): the documents of the parts, put one after
    the other in the listing's order, are the documents of :func:`load_corpus`."""
    return _read_files(settings, files, numbers, settle=settle)


def load_files(
    settings: Settings, files: Sequence[Discovered], listing: Sequence[Discovered]
) -> Corpus:
    """Read some of the files :func:`handbook.discover.discover` listed (``listing``, all of
    them: record numbers are read from every name in a folder) as :func:`load_corpus` reads
    them: a cache reads again only the files that changed."""
    return _read_files(settings, files, _record_numbers(list(listing)))


def _read_files(
    settings: Settings,
    files: Sequence[Discovered],
    numbers: Mapping[str, int],
    overrides: Mapping[Path, str] | None = None,
    reuse: Mapping[Path, SourceFile] | None = None,
    settle: Settle | None = None,
) -> Corpus:
    corpus = Corpus()
    prefix = docs_prefix(settings)
    settled = 0
    for found in files:
        corpus.files += 1
        text = overrides.get(found.path) if overrides else None
        known = reuse.get(found.path) if reuse and text is None else None
        if known is not None and not (found.outside or found.special or found.undecodable):
            document = _reread(found, prefix, settings, corpus, known, numbers)
        else:
            document = _read(found, prefix, settings, corpus, text, numbers)
        if document is not None:
            corpus.documents.append(document)
            corpus.items.extend(document.items)
            if settle is not None and len(corpus.documents) - settled >= SETTLE_EVERY:
                settle(corpus.documents[settled:])
                settled = len(corpus.documents)
    if settle is not None and len(corpus.documents) > settled:
        settle(corpus.documents[settled:])
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
    prefix = docs_prefix(settings)
    root = settings.docs_dir.resolve()
    patterns = list(settings.exclude)
    files = [
        Discovered(root / docs_path, docs_path)
        for docs_path in sorted(sources)
        if docs_path.endswith(".md")
        and not any(fnmatch.fnmatch(docs_path, p) for p in patterns)
        and not any(part.startswith(".") for part in docs_path.split("/"))
    ]
    numbers = _record_numbers(files)
    for found in files:
        docs_path = found.docs_path
        corpus.files += 1
        raw = sources[docs_path]
        known = reuse.get(docs_path) if reuse else None
        source = known if known is not None and _same_text(known, raw) else None
        if source is None:
            source = source_from_bytes(found.path, raw)
        document = _document(found, prefix, settings, corpus, source, numbers)
        if document is not None:
            corpus.documents.append(document)
            corpus.items.extend(document.items)
    return corpus


def _reread(
    found: Discovered,
    prefix: str,
    settings: Settings,
    corpus: Corpus,
    known: SourceFile,
    numbers: Mapping[str, int],
) -> Document | None:
    """The file as :func:`_read` reads it, with ``known``'s parse when its text is the same."""
    raw: bytes | None = None
    try:
        # As read_source opens: without blocking, and only a regular file is read.
        descriptor = os.open(found.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb", closefd=True) as stream:
            if stat.S_ISREG(os.fstat(descriptor).st_mode):
                raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        raw = None
    if raw is None or found.unreadable is not None or not _same_text(known, raw):
        return _read(found, prefix, settings, corpus, None, numbers)
    return _document(found, prefix, settings, corpus, known, numbers)


def _same_text(source: SourceFile, raw: bytes) -> bool:
    """Whether ``raw`` reads as the text ``source`` was split from (a readable file)."""
    if not source.readable or source.problems or b"\r" in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return text.removeprefix("\ufeff") == source.text


def _record_numbers(files: list[Discovered]) -> dict[str, int]:
    """The record number of each file (by docs path) whose name has one, read the way its
    folder writes them (see :func:`decision_text.numbers_by_convention`)."""
    by_folder: dict[str, dict[str, str]] = {}
    for found in files:
        parts = found.docs_path.split("/")
        name = decision_text.record_name(tuple(parts))
        folder = "/".join(parts[:-2] if name != parts[-1] else parts[:-1])
        by_folder.setdefault(folder, {})[name] = found.docs_path
    numbers: dict[str, int] = {}
    for names in by_folder.values():
        numbered = decision_text.numbers_by_convention(list(names))
        if not numbered:
            numbered = decision_text.numbers_by_date(list(names))
        for name, number in numbered.items():
            numbers[names[name]] = number
    return numbers


def _read(
    found: Discovered,
    prefix: str,
    settings: Settings,
    corpus: Corpus,
    text: str | None = None,
    numbers: Mapping[str, int] | None = None,
) -> Document | None:
    if found.outside:
        document = Document(
            SourceFile(os.fspath(found.path), readable=False), prefix, found.docs_path
        )
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
        document = Document(
            SourceFile(os.fspath(found.path), readable=False), prefix, found.docs_path
        )
        message = f"folder cannot be read ({found.unreadable}); the documents in it are not checked"
        corpus.issues.append(Issue(FILE_SKIPPED, document, Position.at(1), message))
        return None
    if found.undecodable:
        document = Document(
            SourceFile(os.fspath(found.path), readable=False), prefix, found.docs_path
        )
        corpus.issues.append(
            Issue(FILE_SKIPPED, document, Position.at(1), "file name is not valid UTF-8; not read")
        )
        return None
    if found.special:
        document = Document(
            SourceFile(os.fspath(found.path), readable=False), prefix, found.docs_path
        )
        corpus.issues.append(
            Issue(FILE_SKIPPED, document, Position.at(1), "not a regular file; not read")
        )
        return None
    source = read_source(found.path) if text is None else split_text(found.path, text)
    return _document(found, prefix, settings, corpus, source, numbers)


def _document(
    found: Discovered,
    prefix: str,
    settings: Settings,
    corpus: Corpus,
    source: SourceFile,
    numbers: Mapping[str, int] | None = None,
) -> Document:
    document = Document(source, prefix, found.docs_path)
    for problem in source.problems:
        corpus.issues.append(_issue(problem, document))
    if not source.readable:
        return document
    document.kind = _kind_of(document, settings, corpus)
    if document.kind is not None:
        _build_items(document, settings, corpus, (numbers or {}).get(found.docs_path), numbers)
    return document


def _issue(problem: Problem, document: Document) -> Issue:
    return Issue(early_rule(problem.rule), document, problem.position, problem.message)


def docs_prefix(settings: Settings) -> str:
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
    """The kind a folder mapping gives ``docs_path``; landing pages (index, README) and
    templates get none.

    A mapping key with a ``/`` must match the start of the path; a plain name matches any
    folder of that name (``decisions`` matches ``design/decisions/0001-x.md``).
    """
    parts = docs_path.split("/")
    if len(parts) < 2 or _not_a_record(parts):
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


def _build_items(
    document: Document,
    settings: Settings,
    corpus: Corpus,
    number: int | None = None,
    numbers: Mapping[str, int] | None = None,
) -> None:
    kind = document.kind
    assert kind is not None
    source = document.source
    source.entry_lines = source.entry_lines.only(kind.container_key)
    data = document.data
    item = Item(_item_id(data), kind, data, document)
    if item.id is None and "id" not in data and number is not None and kind.name == "adr":
        prefix = settings.folder_prefix(document.docs_path) or kind.id_prefix
        item.id, item.id_derived = f"{prefix}-{number:04d}", True
    data = item.data = _as_lists(kind, data)
    if kind.default_status is not None and "status" not in data:
        data = item.data = {**data, "status": kind.default_status}
    if kind.name == "adr":
        style = settings.adr_style or ("auto" if "kind" not in data else None)
        if "status" not in data and style is not None:
            _read_body_metadata(item, style, settings, numbers or {})
        elif style is not None:
            _read_frontmatter_prose(item)
        data = item.data
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
            entry = entries[index] = shared_keys(contained_kind.name, entry)
            document.items.append(
                Item(
                    _item_id(entry),
                    contained_kind,
                    entry,
                    document,
                    node_path=entry_path(kind.container_key, index),
                    container=item,
                )
            )


def compact_unpickled(documents: Iterable[Document]) -> None:
    """Hold the values of ``documents``, unpickled from another process, as reading held
    them: the entries of a register with their kind's shared keys, as :func:`_build_items`
    does (see :func:`handbook.model.shared_keys`; they come back as ordinary dicts), and
    the short strings interned (:func:`intern_again`, and each item's id; they come back
    as strings of their own where the run shares one: an id a reference names, a status,
    an owner)."""
    for document in documents:
        if document.source.data:
            intern_again(document.source.data)
        for item in document.items:
            if item.id is not None:  # the id its values hold, interned again just above
                item.id = intern_short(item.id)
            if item.data is not document.source.data and item.container is None:
                intern_again(item.data)
            container, path = item.container, item.node_path
            if container is None or len(path) != 2:
                continue
            key, index = path
            entries = container.data.get(key) if isinstance(key, str) else None
            if isinstance(entries, list) and isinstance(index, int) and entries[index] is item.data:
                item.data = entries[index] = shared_keys(item.kind.name, item.data)


def _as_lists(kind: Kind, data: dict[str, object]) -> dict[str, object]:
    """A single value where the schema allows one for a list (``x-single-as-list``:
    ``methodology: stride``, ``decision-makers: Alice, Bob``) read as the list it means."""
    properties = kind.schema.get("properties", {})
    changed = {
        key: [part.strip() for part in value.split(",") if part.strip()]
        for key, value in data.items()
        if isinstance(value, str)
        and value.strip()
        and isinstance(properties.get(key), dict)
        and properties[key].get("x-single-as-list") is True
    }
    return {**data, **changed} if changed else data


def _read_frontmatter_prose(item: Item) -> None:
    """MADR 3 and 4 write ``status: superseded by ADR-0123`` and dates as people spell
    them: read them the way ``handbook import`` does, the links as relations."""
    data = item.data
    status, date = data.get("status"), data.get("date")
    changes: dict[str, object] = {}
    if isinstance(status, str) and status not in item.kind.statuses:
        read = decision_text.read_status_line(status)
        if read.status is not None and not read.rest and not read.problems:
            changes["status"] = read.status
            for link in read.links:
                target = decision_body.link_id(link.target, item.kind.id_prefix)
                if target is not None and link.relation not in data:
                    targets = changes.setdefault(link.relation, [])
                    assert isinstance(targets, list)
                    targets.append(target)
    if isinstance(date, str) and not decision_text.is_iso(date):
        reading = decision_text.read_date(date)
        if reading.date is not None and reading.end == len(date.strip()):
            changes["date"] = reading.date
    if changes:
        item.data = {**data, **changes}


def _read_body_metadata(
    item: Item, style: str, settings: Settings, numbers: Mapping[str, int]
) -> None:
    """A record of a decision log linted where it lies: the status, date, decision-makers and
    relations its body writes stand in for the frontmatter it does not have; a record that
    writes no status takes ``decision_logs.default_status`` when one is set."""
    document = item.document
    prefix = settings.folder_prefix(document.docs_path) or item.kind.id_prefix
    parts = tuple(document.docs_path.split("/"))
    folder = posixpath.dirname(document.docs_path)

    def resolve(target: str) -> str | None:
        path = posixpath.normpath(posixpath.join(folder, target.split("#", 1)[0]))
        number = numbers.get(path)
        if number is None:
            number = numbers.get(path + "/index.md", numbers.get(path + "/README.md"))
        return None if number is None else f"{prefix}-{number:04d}"

    found = decision_body.read_body(
        document.source.body,
        document.source.body_line,
        sections_of(document),
        style,
        prefix,
        decision_text.record_name(parts),
        resolve,
    )
    values = {key: value for key, value in found.values.items() if key not in item.data}
    if "status" not in values and "status" not in item.data and settings.default_status:
        values["status"] = settings.default_status
    if values:
        item.data = {**item.data, **values}
        item.body_lines = {key: line for key, line in found.lines.items() if key in values}


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
    if source.released is not None:
        return []  # let go once the body rules ran (see release_texts)
    if source.sections is None:
        source.sections = scan_sections(
            source.body, source.body_line, within=(source.text, source.body_start)
        )
    return source.sections


def release_texts(documents: Iterable[Document]) -> None:
    """Let go of each document's text and sections (the frontmatter's YAML is kept
    compressed, a register's alone, short ones together: positions are read from it). For a
    run whose findings in the files' own text are found: what follows reads only the values,
    and :func:`excerpt_text` reads the text again."""
    released = []
    for document in documents:
        source = document.source
        if source.released is None and source.text:
            source.released = hash(source.text)
            source.text = ""
            source.sections = None
            source.pack_yaml()
            released.append(source)
    pack_together(released)


def excerpt_text(document: Document) -> str:
    """``document``'s text, for the lines a report quotes: read again when the run let it go
    (``""`` when the file no longer holds the text that was linted)."""
    source = document.source
    if source.released is None:
        return source.text
    text = file_text(source.path)
    return text if hash(text) == source.released else ""


def file_text(path: Path) -> str:
    """The text of the file ``path`` as :func:`handbook.parse.frontmatter.read_source` keeps
    it: no byte-order mark, ``\\n`` line ends (``""`` when it does not read the file)."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return ""
    if len(raw) > MAX_FILE_BYTES or looks_binary(raw):
        return ""
    try:
        return as_read(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return ""
