"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half.

New files are created with an exclusive link, so an existing file is never overwritten
unless the caller says so; replaced files keep their permissions.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class FileExists(Exception):
    """The target exists and the write was asked not to overwrite it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; nothing was written")
        self.path = path


def _temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_directory(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(handle)


def create(path: Path, text: str) -> None:
    """Write a new file at ``path``; raise :class:`FileExists` if anything is there."""
    if path.exists() or path.is_symlink():
        raise FileExists(path)
    temporary = _temporary(path, text.encode("utf-8"))
    try:
        os.link(temporary, path)  # fails if the path appeared meanwhile: no overwrite race
    except FileExistsError:
        raise FileExists(path) from None
    finally:
        temporary.unlink(missing_ok=True)
    _sync_directory(path.parent)


def replace(path: Path, data: bytes) -> None:
    """Replace the existing file at ``path`` with ``data``, keeping its permissions."""
    mode = path.stat().st_mode & 0o7777
    temporary = _temporary(path, data)
    try:
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole, creating it or replacing what is there (a report, an
    export): a new file gets the usual permissions (``0o666`` less the umask), a replaced
    one keeps its own."""
    data = text.encode("utf-8")
    if path.is_file():
        replace(path, data)
        return
    temporary = _temporary(path, data)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace_all(changes: Mapping[Path, bytes]) -> None:
    """Replace several files: every new version is written in full before the first rename,
    so an error while writing leaves every file as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in changes.items():
            mode = path.stat().st_mode & 0o7777
            temporary = _temporary(path, data)
            os.chmod(temporary, mode)
            staged.append((temporary, path))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    for folder in {path.parent for _, path in staged}:
        _sync_directory(folder)
