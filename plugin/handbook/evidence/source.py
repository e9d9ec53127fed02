"""Opening an evidence file safely: only inside the repository, only regular files, and a
bounded size for the formats read whole (JSON, XML); CSV files are streamed, row by row,
through one opening (:func:`open_csv`) that the CSV readers (Locust, JMeter) share.

Every problem is a :class:`SourceError` with its ``problem`` (one of the constants below,
which the rules report) and a one-line reason; nothing here raises anything else.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from handbook.evidence.reading import EvidenceError

OUTSIDE, MISSING, UNREADABLE = "outside", "missing", "unreadable"
"""Kinds of :class:`SourceError`: outside the repository, no such file, cannot be read."""

WHOLE_FILE_BYTES = 64 * 1024 * 1024
"""The largest JSON or XML evidence file read (read whole, unlike CSV)."""


class SourceError(Exception):
    def __init__(self, problem: str, why: str) -> None:
        super().__init__(why)
        self.problem = problem
        self.why = why


def resolve(root: Path, written: str) -> Path:
    """The file ``written`` (a path relative to the repository root ``root``, with ``/``)
    names; :class:`SourceError` when it is absolute, leaves the repository (``..`` or a
    symbolic link pointing out) or is not a regular file."""
    if not written.strip():
        raise SourceError(MISSING, "the path is empty")
    pure = PurePosixPath(written.replace("\\", "/"))
    if pure.is_absolute() or (len(written) > 1 and written[1] == ":"):
        raise SourceError(OUTSIDE, "an absolute path; write it relative to the repository root")
    base = root.resolve()
    candidate = base.joinpath(*pure.parts)
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError) as error:
        raise SourceError(UNREADABLE, f"cannot resolve it ({error.__class__.__name__})") from None
    if not real.is_relative_to(base):
        raise SourceError(OUTSIDE, "it is outside the repository")
    if not real.exists():
        raise SourceError(MISSING, "no such file")
    if not real.is_file():
        raise SourceError(UNREADABLE, "not a regular file")
    return real


def read_text(path: Path, limit: int = WHOLE_FILE_BYTES) -> str:
    """The whole file as UTF-8 text, at most ``limit`` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(
                UNREADABLE, f"{size} bytes, more than the {limit} read whole for this format"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(UNREADABLE, f"cannot read it ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EvidenceError(f"not UTF-8 text (byte {error.start})") from None


def read_json(path: Path) -> object:
    """The file parsed as JSON; a truncated or broken file is an :class:`EvidenceError`."""
    text = read_text(path)
    if not text.strip():
        raise EvidenceError("the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        if error.pos >= len(text.rstrip()):
            raise EvidenceError(f"truncated JSON: it ends early ({where})") from None
        raise EvidenceError(f"not valid JSON: {error.msg} ({where})") from None
    except RecursionError:
        raise EvidenceError("JSON nested too deeply") from None


@contextmanager
def open_lines(path: Path) -> Iterator[IO[str]]:
    """The file opened for streaming as UTF-8 text, for CSV readers."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="", errors="strict")
    except OSError as error:
        raise SourceError(UNREADABLE, f"cannot read it ({error.strerror or error})") from None
    with handle:
        try:
            yield handle
        except UnicodeDecodeError as error:
            raise EvidenceError(f"not UTF-8 text (byte {error.start})") from None


class CsvRows:
    """A CSV file's header (each name stripped) and its rows, each with its number (the
    header is line 1, the first row line 2)."""

    def __init__(self, handle: IO[str]) -> None:
        self.reader = csv.reader(handle)
        try:
            header = next(self.reader)
        except StopIteration:
            raise EvidenceError("the file is empty") from None
        except csv.Error as error:
            raise EvidenceError(f"not CSV: {error}") from None
        self.header = [name.strip() for name in header]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return enumerate(self.reader, 2)


@contextmanager
def open_csv(path: Path) -> Iterator[CsvRows]:
    """The CSV file streamed (:func:`open_lines`), its header read; a row the csv module
    cannot read (a field over its size limit) is an :class:`EvidenceError` naming the line
    of the file it was reading."""
    with open_lines(path) as handle:
        rows = CsvRows(handle)
        try:
            yield rows
        except csv.Error as error:
            raise EvidenceError(f"line {rows.reader.line_num}: not CSV: {error}") from None
