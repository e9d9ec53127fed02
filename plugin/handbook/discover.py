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
    outside: bool = False


def discover(docs_dir: Path, exclude: Iterable[str] = ()) -> list[Discovered]:
    """Every ``*.md`` file under ``docs_dir``, sorted by path; hidden folders are skipped.

    A file (or folder) link whose target lies outside ``docs_dir`` is listed with
    ``outside=True`` so that the caller reports it instead of reading it.
    """
    patterns = list(exclude)
    root = docs_dir.resolve()
    found: list[Discovered] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        folder_path = Path(folder)
        kept = []
        for name in dirnames:
            if name.startswith("."):
                continue
            link = folder_path / name
            if link.is_symlink():
                rel = link.relative_to(root).as_posix()
                if not _inside(link, root):
                    found.extend(_linked_markdown(link, rel))
                    continue
            kept.append(name)
        dirnames[:] = sorted(kept)
        for name in filenames:
            if not name.endswith(".md") or name.startswith("."):
                continue
            path = folder_path / name
            rel = path.relative_to(root).as_posix()
            if any(fnmatch.fnmatch(rel, pattern) for pattern in patterns):
                continue
            outside = path.is_symlink() and not _inside(path, root)
            found.append(Discovered(path, rel, outside))
    found.sort(key=lambda d: d.docs_path)
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _linked_markdown(link: Path, rel: str) -> list[Discovered]:
    # A linked folder that leaves docs_dir: report it once, as if it were one file.
    return [Discovered(link, rel, outside=True)]
