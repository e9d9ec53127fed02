"""Find the Markdown files of a docs directory, in a stable order."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Discovered:
    """A Markdown file under ``docs_dir``; ``outside`` marks a link that leads out of it."""

    path: Path
    docs_path: str
    """Path relative to ``docs_dir`` with ``/`` separators."""
    outside: bool = False
    special: bool = False
    """Not a regular file (a FIFO, a socket, a device, a link loop): never opened, since
    reading could block."""
    unreadable: str | None = None
    """A folder that cannot be listed, with the reason: its documents are not checked."""
    undecodable: bool = False
    """The path is not valid UTF-8: ``docs_path`` shows its bytes escaped (``\\xff``), and the
    file is not read, since no report, URL or page could name it."""


def discover(docs_dir: Path, exclude: Iterable[str] = ()) -> list[Discovered]:
    """Every ``*.md`` file under ``docs_dir``, sorted by path; hidden entries are skipped.

    A link (to a file or a folder) whose target lies outside ``docs_dir`` is listed with
    ``outside=True`` so that the caller reports it instead of reading it. Links are never
    followed into folders, so a link loop cannot trap the walk.
    """
    patterns = list(exclude)
    root = docs_dir.resolve()
    found: list[Discovered] = []
    # Each path is made from its folder's: its parts are then the folder's own strings and
    # one name, where a path parsed from its text holds a copy of every part (a third less
    # for each of 50,000 files, held by the run to the end).
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            if prefix:  # docs_dir itself missing is the caller's concern, not a finding
                reason = error.strerror or type(error).__name__
                found.append(Discovered(folder, prefix.rstrip("/"), unreadable=reason))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:  # a link loop, or a name the system cannot stat: never opened
                is_link, is_dir, is_file = False, False, False
            if is_link:
                if not _inside(Path(entry.path), root):
                    if is_dir or name.endswith(".md"):
                        found.append(Discovered(Path(entry.path), rel, outside=True))
                    continue
                if is_dir:
                    continue  # a link back inside docs_dir: its files are found at their home
            if is_dir and not is_link:
                pending.append((folder / name, rel + "/"))
            elif name.endswith(".md") and not any(fnmatch.fnmatch(rel, p) for p in patterns):
                shown = _shown(rel)
                found.append(
                    Discovered(folder / name, shown, special=not is_file, undecodable=shown != rel)
                )
    found.sort(key=lambda d: d.docs_path)
    return found


def _shown(rel: str) -> str:
    """``rel`` as it can be printed: bytes that are not UTF-8 (lone surrogates after
    ``os.fsdecode``) written as ``\\xff``."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True
