"""A cache of lint results under ``.cache/handbook/``, so a re-run costs what changed.

The cache is per file. For every Markdown file under ``docs_dir`` it keeps a SHA-256 of the
file's bytes and a digest of what the *other* files' findings can read of it (its
*interface*: the frontmatter's text and where it lies, and each item's id, kind and values as
read, see :func:`_interface`); beside them, the run's findings. A run then:

- finds every file's bytes as they were (the findings are the stored ones);
- finds some files changed (at most one in ten), whose interfaces did not: it reads those
  files again, runs on them the rules whose findings a file's own text decides
  (:func:`local_rule`: the problems found while reading and validating, and the rules on the
  body's sections), and keeps every other finding (what the cross-file rules found reads
  only interfaces, and none changed);
- else (a file added, removed or renamed, an interface changed, many files changed) lints
  every file afresh, as a cold run does.

A file whose size, times and inode are as stored is taken to hold the bytes stored for it
without reading it, as git's index does, unless it changed in the seconds before that run
began (its bytes are then hashed every time: a change within one tick of the clock would not
show in the times).

The whole cache is keyed by everything else a run's findings depend on: handbook's version and
its own sources (by name, size and modification time), the run's settings as far as they can
change a finding (the config file's bytes, every kind's schema, the date freshness rules
compare against, the folders, thresholds and excluded patterns), the links lock, the rules
selected and ignored and the paths asked for; the evidence files the documents name are
checked by digest on reading.

The cache is a plain JSON file carrying its own format name, the key and a SHA-256 of its
content: anything that does not parse, names another format, fails the digest or has a value
of the wrong type is ignored (and replaced by the next run), never trusted. Nothing in it is
ever executed or unpickled. Deleting ``.cache/handbook/`` is always safe; a cache that cannot
be written (a read-only checkout) is simply not written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

import handbook
from handbook.discover import Discovered, discover
from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint
from handbook.load import Corpus, docs_prefix, file_text
from handbook.model import Document
from handbook.parse.frontmatter import SourceFile
from handbook.settings import Settings
from handbook.stamps import LOCK_FILE, names_an_item

if TYPE_CHECKING:
    from handbook.rules import Rule

CACHE_DIR = Path(".cache") / "handbook"
"""Where the cache lives, under the project root."""
FORMAT = "handbook-lint-cache"
FORMAT_VERSION = 4
"""4: the envelope is a line of its own after the payload (3 held the payload as a JSON
string inside it: written, escaped and encoded, three copies of it at once)."""
_FILE = "lint.json"
_PACKAGE = Path(handbook.__file__).resolve().parent
RACY_NS = 2_000_000_000
"""A file changed less than this before a run began is hashed again by the next run, however
its times read (a filesystem's clock may tick in seconds)."""
REREAD_SHARE = 10
"""At most one file in this many read again; more changed files lint afresh."""
_NOT_READ = -1


@dataclass(slots=True)
class _Stored:
    started: int
    files: dict[str, list[Any]]
    """docs path → [size, mtime_ns, ctime_ns, inode, sha256, interface]."""
    findings: list[Finding]
    file_count: int
    items: int
    inputs: dict[str, str]
    """The evidence files the documents name, by path, with a digest of each."""


def local_rule(rule: Rule) -> bool:
    """Whether ``rule``'s findings in a file are decided by that file's text alone (with the
    settings): the problems found while reading and validating it, and the rules that read
    its body. Every other rule's findings read only the files' interfaces."""
    from handbook.lint import body_rules
    from handbook.rules.rule import report_issues

    return rule.check is report_issues or any(rule is body for body in body_rules())


def cached_lint(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    corpus: str = "texts",
) -> LintResult:
    """:func:`handbook.lint.lint`, answered from the cache for what did not change.

    What a result answered from the cache holds of its ``corpus``: ``"texts"``, every
    document's path and the text of those with findings (the full format's excerpts);
    ``"paths"``, the paths alone (JUnit lists every file); ``"nothing"``, no documents (the
    other formats read the findings alone).
    """
    texts = corpus
    started = time.time_ns()
    found = discover(settings.docs_dir, settings.exclude)
    root = settings.project_root
    lock = _bytes(root / LOCK_FILE)
    key = _key(settings, paths, select, ignore, lock)
    target = root / CACHE_DIR / _FILE
    stored = _read(target, key, root)
    entries, refresh = _entries(found, stored, started)
    if stored is not None and list(entries) == list(stored.files):
        changed = [f for f in found if entries[f.docs_path][4] != stored.files[f.docs_path][4]]
        result: LintResult | None = None
        if not changed:
            result = LintResult(
                stored.findings,
                stored.file_count,
                stored.items,
                _corpus(settings, found, {f.path for f in stored.findings}, texts),
            )
            if entries == stored.files and not refresh:
                return result  # nothing to write: not even a time changed
        elif len(changed) * REREAD_SHARE <= len(found):
            result = _again(
                settings, paths, select, ignore, stored, changed, found, entries, lock, texts
            )
        if result is not None:
            _write(
                target,
                key,
                started,
                entries,
                result,
                stored.file_count,
                stored.items,
                stored.inputs,
            )
            return result
    # The run below lists the files again: the listing held through it would be 20 MB of
    # paths at 50,000 files, and nothing after it reads the listing.
    del found
    result = lint(settings, paths, select, ignore, release_texts=True)
    by_path = {document.docs_path: document for document in result.corpus.documents}
    text = lock.decode("utf-8", "replace")
    for docs_path, entry in entries.items():
        document = by_path.get(docs_path)
        entry[5] = _interface(document, text) if document is not None else ""
    _write(
        target,
        key,
        started,
        entries,
        result,
        result.files,
        result.items,
        _evidence_inputs(settings, result),
    )
    return result


def _again(
    settings: Settings,
    paths: Sequence[Path] | None,
    select: Sequence[str],
    ignore: Sequence[str],
    stored: _Stored,
    changed: list[Discovered],
    found: list[Discovered],
    entries: dict[str, list[Any]],
    lock: bytes,
    texts: str,
) -> LintResult | None:
    """The run after ``changed`` files were edited, their interfaces kept; None when one of
    them changed its interface (the cross-file rules must run again)."""
    from handbook.lint import lint_documents
    from handbook.load import load_files
    from handbook.rules import ALL_RULES

    corpus = load_files(settings, changed, found)
    by_path = {document.docs_path: document for document in corpus.documents}
    text = lock.decode("utf-8", "replace")
    for file in changed:
        document = by_path.get(file.docs_path)
        interface = _interface(document, text) if document is not None else ""
        if interface != stored.files[file.docs_path][5]:
            return None
        entries[file.docs_path][5] = interface
    fresh = lint_documents(settings, corpus, paths, select, ignore, local_rule)
    prefix = docs_prefix(settings)
    again = {prefix + file.docs_path for file in changed}
    local_codes = {rule.code for rule in ALL_RULES if local_rule(rule)}
    kept = [f for f in stored.findings if f.path not in again or f.code not in local_codes]
    findings = sorted(set(kept + fresh.findings), key=lambda f: f.sort_key)
    everything = _corpus(settings, found, {f.path for f in findings}, texts)
    return LintResult(findings, stored.file_count, stored.items, everything)


def _entries(
    found: list[Discovered], stored: _Stored | None, started: int
) -> tuple[dict[str, list[Any]], bool]:
    """Each file's entry as it is now: its bytes hashed unless its times say they are the
    stored ones (the interface is the stored one while the bytes are); and whether a file
    was hashed that a cache written now would trust (worth writing, though nothing
    changed: else a file edited just before a run is hashed by every run after it)."""
    known = stored.files if stored is not None else {}
    trusted_before = stored.started - RACY_NS if stored is not None else 0
    trusted_now = started - RACY_NS
    refresh = False
    entries: dict[str, list[Any]] = {}
    stat_of = os.stat
    for file in found:
        if file.outside or file.special or file.unreadable is not None or file.undecodable:
            state = f"{file.outside} {file.special} {file.unreadable} {file.undecodable}"
            entries[file.docs_path] = [_NOT_READ, _NOT_READ, _NOT_READ, _NOT_READ, state, ""]
            continue
        try:
            stat = stat_of(file.path)
            times = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        except OSError:
            times = [_NOT_READ, _NOT_READ, _NOT_READ, _NOT_READ]
        old = known.get(file.docs_path)
        if (
            old is not None
            and old[:4] == times
            and times[0] != _NOT_READ
            and max(times[1], times[2]) < trusted_before
        ):
            entries[file.docs_path] = old  # the stored list itself: nothing changes it
            continue
        digest = _digest_of(file.path)
        interface = old[5] if old is not None and old[4] == digest else ""
        entries[file.docs_path] = [*times, digest, interface]
        refresh = refresh or max(times[1], times[2]) < trusted_now
    return entries, refresh


def _interface(document: Document, lock: str) -> str:
    """A digest of what the other files' findings can read of ``document``: its
    frontmatter's text and where it lies (positions), and each item's id, kind and values as
    read (a title taken from the heading, a status from the body); its body too when the
    links lock names one of its items (a suspect link compares the target's body)."""
    digest = hashlib.sha256()

    def add(part: object) -> None:
        data = repr(part).encode("utf-8", "replace")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)

    source = document.source
    add((source.yaml_text, source.yaml_line, source.body_line, source.has_frontmatter))
    add((source.readable, document.kind.name if document.kind else None, len(document.items)))
    for item in document.items:
        add((item.id, item.kind.name, item.id_derived, item.title_derived, item.node_path))
        add((_stable(item.data), sorted(item.body_lines.items())))
    if names_an_item(lock, document.items):
        add(source.body)
    return digest.hexdigest()


def _key(
    settings: Settings,
    paths: Sequence[Path] | None,
    select: Sequence[str],
    ignore: Sequence[str],
    lock: bytes,
) -> str:
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "replace")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    add(FORMAT, FORMAT_VERSION, handbook.__version__, _package_fingerprint())
    config = settings.config_file
    add(config, _bytes(config) if config is not None else b"")
    # Every setting, not a list of them kept by hand: a new setting cannot be forgotten.
    for setting in dataclasses.fields(settings):
        if setting.name not in ("kinds", "relations", "warnings"):
            add(setting.name, _stable(getattr(settings, setting.name)))
    add(_templates_fingerprint(settings.templates_dir), sorted(settings.relations.keys))
    # Files outside docs_dir that lint reads: the links lock (evidence files are checked
    # on reading, see _write).
    add(lock)
    for name in settings.kinds.names():
        add(name, json.dumps(settings.kinds[name].schema, sort_keys=True, default=str))
    add(sorted(settings.kinds.schemas), list(select), list(ignore))
    add([str(p.resolve()) for p in paths or ()])
    return digest.hexdigest()


def _stable(value: object) -> object:
    """``value`` in a form whose repr is the same in every process (sets sorted)."""
    if isinstance(value, set | frozenset):
        return sorted(repr(_stable(v)) for v in value)
    if isinstance(value, Mapping):
        return sorted((repr(_stable(k)), repr(_stable(v))) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value


def _evidence_inputs(settings: Settings, result: LintResult) -> dict[str, str]:
    """The evidence files the run's documents name, by path, with a digest of each: a
    stored run holds only while every one of them is as it was."""
    # Here, not at the top: a warm run never gets this far, and need not import the readers.
    from handbook.evidence.book import listed_paths

    inputs: dict[str, str] = {}
    for item in result.corpus.items:
        for path in listed_paths(item.data):  # an experiment's, and a release stage's
            if path not in inputs:
                inputs[path] = _digest_of(settings.project_root / path)
    return inputs


def _digest_of(path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (OSError, ValueError) as error:
        return f"unreadable: {getattr(error, 'errno', '')}"


def _bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as error:
        return f"unreadable: {error.errno}".encode()


def _package_fingerprint() -> list[tuple[str, int, int]]:
    """handbook's own files by name, size and modification time: a changed checkout of the
    same version (a developer's) is another handbook."""
    entries = []
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yml", ".json", ".cel")):
                stat = os.stat(os.path.join(folder, name))
                entries.append((os.path.join(folder, name), stat.st_size, stat.st_mtime_ns))
    return entries


def _templates_fingerprint(folder: Path | None) -> list[tuple[str, int, int]]:
    if folder is None or not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return entries


def _corpus(
    settings: Settings, discovered: list[Discovered], wanted: set[str], texts: str
) -> Corpus:
    """What the report formats read of a corpus (see :func:`cached_lint`): each document's
    path, and the text of those with findings (the excerpts of the full format)."""
    corpus = Corpus()
    corpus.files = len(discovered)
    if texts == "nothing":
        return corpus
    prefix = docs_prefix(settings)
    for found in discovered:
        if found.outside or found.special or found.unreadable is not None or found.undecodable:
            continue  # not documents of a cold run either (see handbook.load)
        rel = prefix + found.docs_path
        text = file_text(found.path) if texts == "texts" and rel in wanted else ""
        source = SourceFile(os.fspath(found.path), text=text)
        corpus.documents.append(Document(source, prefix, found.docs_path))
    return corpus


def _payload_digest(payload: bytes) -> str:
    """The digest of the payload as written: of the very bytes read back (no second,
    canonical encoding)."""
    return hashlib.sha256(payload).hexdigest()


def _read(target: Path, key: str, root: Path) -> _Stored | None:
    """The stored run for ``key``, or None for a missing, foreign or damaged cache.

    The file is the payload, JSON, then its envelope on a line of its own, JSON too: format,
    version, key and the payload's digest (written last, once the payload is: see
    :func:`_write`). JSON escapes a line end within a string, so the last one is the
    envelope's."""
    try:
        with open(target, "rb") as stream:
            body, _newline, tail = stream.read().rpartition(b"\n")
        document = json.loads(tail)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    if document.get("version") != FORMAT_VERSION or document.get("key") != key:
        return None
    if document.get("sha256") != _payload_digest(body):
        return None
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    inputs = payload.get("inputs", {})
    if not isinstance(inputs, dict) or any(
        not isinstance(path, str) or _digest_of(root / path) != digest
        for path, digest in inputs.items()
    ):
        return None  # an evidence file changed (or the entry is damaged): run again
    files, items, rows = payload.get("files"), payload.get("items"), payload.get("findings")
    started, entries = payload.get("started"), payload.get("entries")
    if not (_is_int(files) and _is_int(items) and _is_int(started) and isinstance(rows, list)):
        return None
    if not isinstance(entries, dict) or not all(
        isinstance(path, str) and _entry(entry) for path, entry in entries.items()
    ):
        return None
    findings = []
    for row in rows:
        finding = _finding(row)
        if finding is None:
            return None
        findings.append(finding)
    return _Stored(started, entries, findings, files, items, inputs)


def _entry(entry: object) -> bool:
    """Whether ``entry`` has the shape of a file's entry (see :class:`_Stored`)."""
    # type() is, not isinstance: JSON gives exact types, and a bool is no int here.
    return (
        type(entry) is list
        and len(entry) == 6
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is int
        and type(entry[3]) is int
        and type(entry[4]) is str
        and type(entry[5]) is str
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _finding(row: object) -> Finding | None:
    if not isinstance(row, list) or len(row) != 10:
        return None
    path, line, column, end_line, end_column, code, rule, severity, message, item = row
    if not (
        type(line) is int
        and type(column) is int
        and type(end_line) is int
        and type(end_column) is int
        and type(severity) is int
    ):
        return None
    if not (type(path) is str and type(code) is str and type(rule) is str):
        return None
    if type(message) is not str:
        return None
    if item is not None and not isinstance(item, str):
        return None
    try:
        level = Severity(severity)
    except ValueError:
        return None
    return Finding(path, line, column, end_line, end_column, code, rule, level, message, item)


ENTRIES_AT_ONCE = 1_000
"""The files' entries :func:`_payload_parts` writes in one part."""


def _json(value: object) -> str:
    # json.dumps, not json.dump: the one-shot encoder is C, the streaming one Python.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _payload_parts(fields: dict[str, Any], entries: dict[str, list[Any]]) -> Iterator[str]:
    """The payload's JSON text, ``fields`` with ``entries`` under ``"entries"``, in parts of
    :data:`ENTRIES_AT_ONCE` entries: made at once, the text of 50,000 files' entries took
    40 MB while it was made (the encoder's pieces, then the text, then its bytes), all of
    it on top of the run's documents."""
    yield _json(fields)[:-1] + ',"entries":{'
    names = list(entries)
    for start in range(0, len(names), ENTRIES_AT_ONCE):
        part = {name: entries[name] for name in names[start : start + ENTRIES_AT_ONCE]}
        yield ("," if start else "") + _json(part)[1:-1]
    yield "}}"


def _write(
    target: Path,
    key: str,
    started: int,
    entries: dict[str, list[Any]],
    result: LintResult,
    file_count: int,
    items: int,
    inputs: dict[str, str],
) -> None:
    rows = [
        [
            f.path,
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            f.code,
            f.rule,
            int(f.severity),
            f.message,
            f.item,
        ]
        for f in result.findings
    ]
    fields = {
        "files": file_count,
        "items": items,
        "findings": rows,
        "inputs": inputs,
        "started": started,
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        ignore_file = target.parent / ".gitignore"
        if not ignore_file.exists():
            ignore_file.write_text("# handbook's lint cache: safe to delete\n*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(prefix=".lint-", suffix=".tmp", dir=target.parent)
        try:
            digest = hashlib.sha256()
            with os.fdopen(handle, "wb") as stream:
                for part in _payload_parts(fields, entries):
                    data = part.encode("ascii")
                    digest.update(data)
                    stream.write(data)
                envelope = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "key": key,
                    "sha256": digest.hexdigest(),
                }
                stream.write(b"\n" + _json(envelope).encode("ascii"))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only checkout: no cache, and no complaint
