"""A cache of lint results under ``.cache/handbook/``, so an unchanged re-run costs a read.

The key is a digest of everything a run's findings depend on: handbook's version and its own
sources (by name, size and modification time), the run's settings as far as they can change a
finding (the config file's bytes, every kind's schema, the date freshness rules compare
against, the folders, thresholds and excluded patterns), the rules selected and ignored, the
paths asked for, and the path and bytes of every Markdown file under ``docs_dir``.

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import handbook
from handbook.discover import Discovered, discover
from handbook.evidence.book import listed_paths
from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint
from handbook.load import Corpus, docs_prefix
from handbook.model import Document
from handbook.parse.frontmatter import MAX_FILE_BYTES, SourceFile
from handbook.settings import Settings
from handbook.stamps import LOCK_FILE

CACHE_DIR = Path(".cache") / "handbook"
"""Where the cache lives, under the project root."""
FORMAT = "handbook-lint-cache"
FORMAT_VERSION = 2
_FILE = "lint.json"
_PACKAGE = Path(handbook.__file__).resolve().parent


def cached_lint(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> LintResult:
    """:func:`handbook.lint.lint`, answered from the cache when nothing it reads changed."""
    found = discover(settings.docs_dir, settings.exclude)
    key = _key(settings, paths, select, ignore, found)
    target = settings.project_root / CACHE_DIR / _FILE
    stored = _read(target, key, settings.project_root)
    if stored is not None:
        findings, files, items = stored
        wanted = {finding.path for finding in findings}
        return LintResult(findings, files, items, _corpus(settings, found, wanted))
    result = lint(settings, paths, select, ignore)
    _write(target, key, result, _evidence_inputs(settings, result))
    return result


def _key(
    settings: Settings,
    paths: Sequence[Path] | None,
    select: Sequence[str],
    ignore: Sequence[str],
    discovered: list[Discovered],
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
    add(_bytes(settings.project_root / LOCK_FILE))
    for name in settings.kinds.names():
        add(name, json.dumps(settings.kinds[name].schema, sort_keys=True, default=str))
    add(sorted(settings.kinds.schemas), list(select), list(ignore))
    add([str(p.resolve()) for p in paths or ()])
    for found in discovered:
        add(found.docs_path, found.outside, found.special, found.unreadable)
        if found.outside or found.special or found.unreadable is not None:
            continue
        add(_bytes(found.path))  # hashed, not kept: a run holds one file at a time
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


def _corpus(settings: Settings, discovered: list[Discovered], wanted: set[str]) -> Corpus:
    """What the report formats read of a corpus: each document's path, and the text of
    those with findings (for the excerpts of the full format)."""
    corpus = Corpus()
    prefix = docs_prefix(settings)
    for found in discovered:
        corpus.files += 1
        if found.outside or found.special or found.unreadable is not None:
            continue
        rel = prefix + found.docs_path
        source = SourceFile(found.path, text=_excerpt_text(found.path) if rel in wanted else "")
        corpus.documents.append(Document(source, rel, found.docs_path))
    return corpus


def _excerpt_text(path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            return _text(stream.read())
    except OSError:
        return ""


def _text(raw: bytes) -> str:
    """The text as :func:`handbook.parse.frontmatter.read_source` keeps it ('' when it
    does not read the file)."""
    if len(raw) > MAX_FILE_BYTES or b"\0" in raw[:8192]:
        return ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _payload_digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _read(target: Path, key: str, root: Path) -> tuple[list[Finding], int, int] | None:
    """The stored findings for ``key``, or None for a missing, foreign or damaged cache."""
    try:
        with open(target, "rb") as stream:
            document = json.loads(stream.read())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    if document.get("version") != FORMAT_VERSION or document.get("key") != key:
        return None
    payload = document.get("payload")
    if not isinstance(payload, dict) or document.get("sha256") != _payload_digest(payload):
        return None
    inputs = payload.get("inputs", {})
    if not isinstance(inputs, dict) or any(
        not isinstance(path, str) or _digest_of(root / path) != digest
        for path, digest in inputs.items()
    ):
        return None  # an evidence file changed (or the entry is damaged): run again
    files, items, rows = payload.get("files"), payload.get("items"), payload.get("findings")
    if not (isinstance(files, int) and isinstance(items, int) and isinstance(rows, list)):
        return None
    findings = []
    for row in rows:
        finding = _finding(row)
        if finding is None:
            return None
        findings.append(finding)
    return findings, files, items


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finding(row: object) -> Finding | None:
    if not isinstance(row, list) or len(row) != 10:
        return None
    path, line, column, end_line, end_column, code, rule, severity, message, item = row
    if not all(_is_int(v) for v in (line, column, end_line, end_column, severity)):
        return None
    if not all(isinstance(v, str) for v in (path, code, rule, message)):
        return None
    if item is not None and not isinstance(item, str):
        return None
    try:
        level = Severity(severity)
    except ValueError:
        return None
    return Finding(path, line, column, end_line, end_column, code, rule, level, message, item)


def _write(target: Path, key: str, result: LintResult, inputs: dict[str, str]) -> None:
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
    payload = {"files": result.files, "items": result.items, "findings": rows, "inputs": inputs}
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key": key,
        "sha256": _payload_digest(payload),
        "payload": payload,
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        ignore_file = target.parent / ".gitignore"
        if not ignore_file.exists():
            ignore_file.write_text("# handbook's lint cache: safe to delete\n*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(prefix=".lint-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(document, stream, ensure_ascii=True, separators=(",", ":"))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only checkout: no cache, and no complaint
