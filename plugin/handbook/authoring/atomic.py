"""Atomic file writes: a reader (or a crash) sees the old files or the new ones, never half.

Every writer goes through :func:`commit`, which writes one file or several all-or-nothing:

1. each new version is staged as a temporary file in its target's folder, with the mode
   the target will have (the old file's own, or ``0o666`` less the umask for a new one)
   and an old file's owner and group (as far as the process may give them away), and
   synced to disk;
2. then each target is renamed into place, the old version kept as a hard-linked backup;
3. if anything fails on the way, or SIGINT or SIGTERM arrives, the targets already renamed
   get their backups back and :class:`CommitFailed` says which files (if any) could not be
   restored. Temporary files and backups are removed in every case.

The signal handlers are installed only while a commit runs (in the main thread) and the
previous ones are put back afterwards. A read-only target is refused (:class:`ReadOnly`)
unless the caller passes ``force``: the mode bits are checked here, since as root the
operating system would let the rename through. New files are created with an exclusive
link, so an existing file is never overwritten by a write meant to create one.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType


class FileExists(Exception):
    """The target exists and the write was asked not to overwrite it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; nothing was written")
        self.path = path


class ReadOnly(PermissionError):
    """The target is read-only (no write bit set) and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, "the file is read-only", str(path))
        self.path = path

    def __str__(self) -> str:
        return f"{self.filename} is read-only; nothing was written"


class CommitFailed(OSError):
    """A commit stopped part-way and was rolled back as far as it could be.

    ``written`` lists the files that now hold their new version (empty unless a rollback
    failed); ``unchanged`` the files as they were; ``signal`` the signal that stopped it.
    """

    def __init__(
        self,
        reason: str,
        written: list[Path],
        unchanged: list[Path],
        signal_number: int | None = None,
    ) -> None:
        super().__init__(errno.EINTR if signal_number else errno.EIO, reason)
        self.reason = reason
        self.written = written
        self.unchanged = unchanged
        self.signal = signal_number

    def __str__(self) -> str:
        return self.reason


class _Signalled(BaseException):
    """Raised by the commit's signal handler, to unwind into the rollback."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@dataclass(slots=True)
class _Signals:
    holding: bool = False
    received: list[int] = field(default_factory=list)

    def handle(self, number: int, _frame: FrameType | None) -> None:
        self.received.append(number)
        if not self.holding:
            self.holding = True  # one unwind: a second signal during the rollback waits
            raise _Signalled(number)


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_caught() -> Iterator[_Signals]:
    state = _Signals()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return
    previous = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        for number in _SIGNALS:
            signal.signal(number, state.handle)
        yield state
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def umask() -> int:
    """The process's umask (read without changing it for longer than a moment)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a new file gets: ``0o666`` less the umask, as ``open()`` would give it."""
    return 0o666 & ~umask()


def is_read_only(path: Path) -> bool:
    """True when no write bit of ``path`` is set (root's writes are not stopped by that)."""
    try:
        return path.stat().st_mode & 0o222 == 0
    except OSError:
        return False


def _temporary(path: Path, data: bytes, mode: int, owner: tuple[int, int] | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if owner is not None:
                with suppress(OSError):  # only root may give a file away; the mode matters
                    os.fchown(stream.fileno(), *owner)
            os.fchmod(stream.fileno(), mode)  # after the owner: a chown clears set-id bits
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _backup(path: Path, mode: int, backups: dict[Path, Path]) -> None:
    """A second name for the current version of ``path``, to put back on failure; noted in
    ``backups`` before it exists, so that an interruption cannot leave it behind."""
    for _ in range(100):
        backups[path] = path.with_name(f".{path.name}.{secrets.token_hex(4)}.bak")
        try:
            os.link(path, backups[path])
        except FileExistsError:
            continue
        except OSError:
            break  # a file system without hard links: copy instead
        return
    del backups[path]
    backups[path] = _temporary(path, path.read_bytes(), mode, None)


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


@dataclass(frozen=True, slots=True)
class _Target:
    path: Path
    data: bytes
    exists: bool
    mode: int
    owner: tuple[int, int] | None


def _targets(changes: Mapping[Path, bytes], create: bool, force: bool) -> list[_Target]:
    targets = []
    for path, data in changes.items():
        if create:
            if path.exists() or path.is_symlink():
                raise FileExists(path)
            targets.append(_Target(path, data, False, new_file_mode(), None))
            continue
        try:
            status = path.stat()
        except FileNotFoundError:
            targets.append(_Target(path, data, False, new_file_mode(), None))
            continue
        if not stat.S_ISREG(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        if status.st_mode & 0o222 == 0 and not force:
            raise ReadOnly(path)
        # Given even when it is ours: in a set-group-ID folder a new file takes the folder's
        # group, not ours.
        owner = (status.st_uid, status.st_gid)
        targets.append(_Target(path, data, True, status.st_mode & 0o7777, owner))
    return targets


def commit(changes: Mapping[Path, bytes], *, force: bool = False, create: bool = False) -> None:
    """Write every file of ``changes`` or none of them (see the module's docstring).

    With ``create`` every target must be new (:class:`FileExists` otherwise, also when one
    appears meanwhile). Raises :class:`ReadOnly` before writing anything when a target is
    read-only and ``force`` is false, and :class:`CommitFailed` when writing stopped.
    """
    if not changes:
        return
    targets = _targets(changes, create, force)
    staged: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[_Target] = []
    current: _Target | None = None
    with _signals_caught() as signals:
        try:
            for target in targets:
                staged[target.path] = _temporary(
                    target.path, target.data, target.mode, target.owner
                )
            for current in targets:
                temporary = staged[current.path]
                if current.exists:
                    _backup(current.path, current.mode, backups)
                    os.replace(temporary, current.path)
                else:
                    os.link(temporary, current.path)  # fails if the path appeared meanwhile
                    temporary.unlink()
                del staged[current.path]
                done.append(current)
        except BaseException as error:
            signals.holding = True
            if current is not None and current not in done and _in_place(current, staged):
                done.append(current)  # stopped between the rename and noting it
            kept = _roll_back(done, backups)
            _remove([*staged.values(), *(b for p, b in backups.items() if p not in kept)])
            written = [target.path for target in done if target.path in kept]
            unchanged = [target.path for target in targets if target.path not in kept]
            if isinstance(error, FileExistsError) and current is not None and not kept:
                raise FileExists(current.path) from None
            if isinstance(error, _Signalled):
                name = signal.Signals(error.number).name
                reason = f"interrupted by {name}"
                raise CommitFailed(reason, written, unchanged, error.number) from None
            if isinstance(error, OSError):
                reason = error.strerror or str(error)
                where = f" ({error.filename})" if error.filename else ""
                raise CommitFailed(reason + where, written, unchanged) from error
            if kept:
                reason = str(error) or type(error).__name__
                raise CommitFailed(reason, written, unchanged) from error
            raise
        signals.holding = True
        _remove(list(backups.values()))
    for folder in {target.path.parent for target in targets}:
        _sync_directory(folder)


def _in_place(target: _Target, staged: dict[Path, Path]) -> bool:
    """Whether the new version of ``target`` is already at its path."""
    temporary = staged.get(target.path)
    if temporary is None or not temporary.exists():
        return True
    try:
        return not target.exists and os.path.samefile(temporary, target.path)
    except OSError:
        return False


def _roll_back(done: list[_Target], backups: dict[Path, Path]) -> set[Path]:
    """Put back the old version of each renamed target; the targets that could not be."""
    kept: set[Path] = set()
    for target in reversed(done):
        try:
            if target.exists:
                os.replace(backups[target.path], target.path)
            else:
                target.path.unlink()
        except OSError:
            kept.add(target.path)
    return kept


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            path.unlink(missing_ok=True)


def create(path: Path, text: str) -> None:
    """Write a new file at ``path`` (mode ``0o666`` less the umask); raise
    :class:`FileExists` if anything is there."""
    commit({path: text.encode("utf-8")}, create=True)


def write(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` whole, creating it or replacing what is there (a report, an
    export): a new file gets the usual permissions (``0o666`` less the umask), a replaced
    one keeps its own; a read-only one is refused unless ``force``."""
    commit({path: text.encode("utf-8")}, force=force)
