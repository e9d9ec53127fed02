"""When a record was written, for records that do not say: the date of the commit that
added the file (git), or else the file's modification time. Each answer says where it
came from, since the import reports it."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

_GIT_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Dated:
    date: str
    source: str
    """How the report names where the date came from."""


def added_dates(folder: Path) -> dict[str, tuple[str, str]]:
    """File name → (date, short commit) of the commit that added it under that name, for
    the files of ``folder`` git knows; empty outside a repository or without git. One
    ``git log`` for the whole folder, however many records it holds."""
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(folder),
                "log",
                "--no-renames",
                "--diff-filter=A",
                "--relative",
                "--name-only",
                "--format=%x00%h %as",
                "--",
                ".",
            ],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    found: dict[str, tuple[str, str]] = {}
    commit = ("", "")
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        if line.startswith("\0"):
            short, _, date = line[1:].partition(" ")
            commit = (date.strip(), short)
        elif line and "/" not in line and commit[0]:
            found[line] = commit  # newest first: the oldest addition is kept
    return found


def date_of(path: Path, added: dict[str, tuple[str, str]]) -> Dated | None:
    """Where the record's date comes from when it writes none."""
    if path.name in added:
        date, commit = added[path.name]
        return Dated(date, f"git: the commit that added the file ({commit})")
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    date = dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat()
    return Dated(date, "the file's modification time (git has no commit adding it)")
