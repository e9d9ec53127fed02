"""Reading a revision's files from git objects: ``git ls-tree`` and ``git cat-file --batch``.

Nothing is checked out and nothing in the work tree or the index is touched. Every failure
is a :class:`GitError` with one line for the user.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_TIMEOUT = 300


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision is unknown."""


def _git(repo: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (handbook diff reads revisions with git)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def toplevel(folder: Path) -> Path:
    """The work tree holding ``folder``."""
    try:
        out = _git(folder, ["rev-parse", "--show-toplevel"])
    except GitError:
        raise GitError(f"not a git repository: {folder}") from None
    return Path(out.decode("utf-8").strip()).resolve()


def resolve(repo: Path, revision: str) -> str:
    """The commit ``revision`` names."""
    if revision.startswith("-"):
        raise GitError(f"unknown revision {revision!r}")
    try:
        out = _git(
            repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
        )
    except GitError:
        raise GitError(f"unknown revision {revision!r}") from None
    return out.decode("ascii").strip()


def default_branch(repo: Path) -> str:
    """The default branch: ``origin/HEAD``'s target, else ``main``, else ``master``."""
    try:
        ref = _git(repo, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"])
        return ref.decode("utf-8").strip().removeprefix("refs/remotes/")
    except GitError:
        pass
    for name in ("main", "master", "origin/main", "origin/master"):
        try:
            resolve(repo, name)
        except GitError:
            continue
        return name
    raise GitError("no default branch (origin/HEAD, main or master); name the base revision")


def merge_base(repo: Path, branch: str) -> str:
    """Where ``HEAD`` left ``branch``; the branch's tip when history is too shallow to say."""
    try:
        return _git(repo, ["merge-base", branch, "HEAD"]).decode("ascii").strip()
    except GitError:
        return resolve(repo, branch)


@dataclass(frozen=True, slots=True)
class Tree:
    """The files of one revision under some folders: path (from the top) → bytes."""

    commit: str
    files: dict[str, bytes]


def read_tree(repo: Path, commit: str, folders: Sequence[str], files: Sequence[str] = ()) -> Tree:
    """Every regular file of ``commit`` under ``folders`` (paths from the repository's top,
    ``""`` for all) whose name ends ``.md``, and the exact ``files``, read in one batch."""
    listing = _git(
        repo,
        ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *(f or "." for f in folders), *files],
    )
    wanted: list[tuple[str, str]] = []
    exact = set(files)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # links, submodules: not documents
        if path.endswith(".md") or path in exact:
            wanted.append((path, sha))
    return Tree(commit, _cat(repo, wanted))


def _cat(repo: Path, wanted: list[tuple[str, str]]) -> dict[str, bytes]:
    if not wanted:
        return {}
    out = _git(repo, ["cat-file", "--batch"], "".join(f"{s}\n" for _, s in wanted).encode())
    contents: dict[str, bytes] = {}
    offset = 0
    for path, _ in wanted:
        header_end = out.index(b"\n", offset)
        header = out[offset:header_end].split()
        if len(header) < 3:  # "<sha> missing": an object the clone does not have
            offset = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        contents[path] = out[start : start + size]
        offset = start + size + 1
    return contents


def renames(repo: Path, base: str, head: str | None, folders: Sequence[str]) -> dict[str, str]:
    """Files renamed between ``base`` and ``head`` (None: the work tree), old → new path,
    by git's own rename detection."""
    args = ["diff", "-M", "--name-status", "-z", "--no-color", base]
    if head is not None:
        args.append(head)
    out = _git(repo, [*args, "--", *(f or "." for f in folders)])
    fields = out.split(b"\0")
    moved: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index].decode("ascii")
        if status.startswith(("R", "C")):
            old, new = fields[index + 1], fields[index + 2]
            if status.startswith("R"):
                moved[old.decode("utf-8", "surrogateescape")] = new.decode(
                    "utf-8", "surrogateescape"
                )
            index += 3
        else:
            index += 2
    return moved
