"""``handbook init`` and ``handbook schema --editor``: files written into the user's project.

``init`` copies the example project shipped in ``handbook/scaffold`` (an ``orders`` service
laid out by the six delivery phases, with CI and pre-commit set up), filling ``{{name}}``
placeholders. A path segment ``dot-x`` becomes ``.x`` in the project, so that the package
data holds no hidden files. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import unquote, urlparse

from handbook import __version__
from handbook.authoring import atomic
from handbook.authoring.frontmatter_edit import yaml_scalar
from handbook.schemas import JsonObject, bundled

REVIEW_AFTER = dt.timedelta(days=180)
"""How far ahead the example ``review-by`` and acceptance ``expires`` dates lie."""

IGNORED_ENTRIES = frozenset({".git"})
"""Entries that do not make a folder count as non-empty (a fresh ``git init`` is fine)."""

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")

UNKNOWN_GIT_URL = "https://git.example.com/REPLACE-ME/handbook.git"
"""What init's CI workflow installs handbook from when it cannot tell where it came from."""

_SCP_LIKE = re.compile(r"[\w.-]+@[\w.-]+:")


class ScaffoldError(Exception):
    """The project cannot be created; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class ProjectFile:
    """One file of a new project: its path relative to the project folder, and its text."""

    path: str
    text: str


@dataclass(slots=True)
class InitReport:
    """What ``init`` did, each path relative to the project folder."""

    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _scaffold_root() -> Traversable:
    return resources.files("handbook") / "scaffold"


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        name = "." + entry.name[4:] if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{name}/")
        else:
            yield prefix + name, entry


def handbook_git_url(direct_url: str | None = None) -> str:
    """Where a new project's CI installs handbook from: the Git repository and commit this
    copy was installed from, so that the workflow works as written. Read from the
    installation's PEP 610 record (``direct_url.json``): a ``pip install git+URL`` gives
    its URL and commit; an install from a local clone gives the clone's ``origin`` and
    commit. Anything else (a wheel, a clone without a remote) gives
    :data:`UNKNOWN_GIT_URL`, which the workflow's comment says to replace."""
    if direct_url is None:
        try:
            direct_url = metadata.distribution("mkdocs-handbook").read_text("direct_url.json")
        except metadata.PackageNotFoundError:
            direct_url = None
    try:
        info = json.loads(direct_url or "")
    except ValueError:
        return UNKNOWN_GIT_URL
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str):
        return UNKNOWN_GIT_URL
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id")
        return f"{url}@{commit}" if isinstance(commit, str) and commit else url
    if url.startswith("file:"):
        checkout = Path(unquote(urlparse(url).path))
        remote = _git(checkout, "remote", "get-url", "origin")
        commit = _git(checkout, "rev-parse", "HEAD")
        if remote and _SCP_LIKE.match(remote):  # git@host:owner/repo, as pip cannot read it
            remote = "ssh://" + remote.replace(":", "/", 1)
        if remote and urlparse(remote).scheme in ("https", "http", "ssh", "git"):
            return f"{remote}@{commit}" if commit else remote
    return UNKNOWN_GIT_URL


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def project_values(name: str, today: dt.date) -> dict[str, str]:
    """The values of the scaffold's placeholders for a project called ``name``."""
    return {
        "site_name": name,
        "site_name_yaml": yaml_scalar(name),
        "date": today.isoformat(),
        "review_date": (today + REVIEW_AFTER).isoformat(),
        "version": __version__,
        "handbook_git_url": handbook_git_url(),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``{{name}}``; an unknown name is a bug in the scaffold, not user input."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"scaffold placeholder {{{{{key}}}}} has no value")
        return values[key]

    return _PLACEHOLDER.sub(value, text)


def project_files(name: str, today: dt.date) -> list[ProjectFile]:
    """Every file of a new project called ``name``, dated ``today``, sorted by path."""
    values = project_values(name, today)
    files = [
        ProjectFile(path, fill(entry.read_text(encoding="utf-8"), values))
        for path, entry in _walk(_scaffold_root())
    ]
    return sorted(files, key=lambda f: f.path)


def project_name(folder: Path) -> str:
    """The site name of a project in ``folder``: the folder's own name."""
    return folder.resolve().name or "handbook"


def check_target(folder: Path, force: bool) -> None:
    """Raise :class:`ScaffoldError` unless ``folder`` may receive a new project."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} exists and is not a folder")
    if not folder.is_dir() or force:
        return
    entries = sorted(e.name for e in folder.iterdir() if e.name not in IGNORED_ENTRIES)
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise ScaffoldError(
            f"{folder} is not empty ({shown}); choose an empty folder, or pass --force to add "
            "the files that are missing (existing files are never overwritten)"
        )


def init_project(folder: Path, today: dt.date, force: bool = False) -> InitReport:
    """Write a new project into ``folder``, all files at once or none (see
    :func:`atomic.commit`); existing files are skipped, never overwritten. Raises
    :class:`atomic.CommitFailed` when writing stopped (every file created is removed again)."""
    check_target(folder, force)
    report = InitReport()
    new: dict[Path, bytes] = {}
    for file in project_files(project_name(folder), today):
        path = folder / file.path
        if path.exists() or path.is_symlink():
            report.skipped.append(file.path)
        else:
            new[path] = file.text.encode("utf-8")
            report.created.append(file.path)
    try:
        atomic.commit(new, create=True)
    except atomic.FileExists as error:
        raise ScaffoldError(f"{error.path} appeared while writing; nothing was written") from None
    return report


# -- editor schemas ---------------------------------------------------------------------


@dataclass(slots=True)
class EditorReport:
    """What ``schema --editor`` did with each file, by path."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    """Kind → its schema file, for each kind whose file holds handbook's schema."""


def schema_text(kind: str, schemas: dict[str, JsonObject]) -> str:
    """The bundled schema of ``kind`` as written to disk: stable, indented, one newline."""
    return json.dumps(bundled(schemas[kind], schemas), indent=2, ensure_ascii=False) + "\n"


def _written_by_us(path: Path, schema_id: object) -> bool:
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(current, dict) and current.get("$id") == schema_id


def write_editor_schemas(
    folder: Path, kinds: list[str], schemas: dict[str, JsonObject]
) -> EditorReport:
    """Write ``<kind>.schema.json`` for each kind into ``folder``.

    A file that is already there is replaced only when it holds a schema with the same
    ``$id`` (so, one written by an earlier run); any other file is left alone.
    """
    report = EditorReport()
    for kind in kinds:
        path = folder / f"{kind}.schema.json"
        text = schema_text(kind, schemas)
        if path.exists() or path.is_symlink():
            ours = path.is_file() and _written_by_us(path, schemas[kind].get("$id"))
            if path.is_symlink() or not ours:
                report.skipped.append(path)
                continue
            report.files[kind] = path
            if path.read_bytes() == text.encode("utf-8"):
                report.unchanged.append(path)
            else:
                atomic.write(path, text)
                report.written.append(path)
            continue
        atomic.create(path, text)
        report.files[kind] = path
        report.written.append(path)
    return report


def yaml_globs(kind: str) -> list[str]:
    """Standalone YAML files of ``kind``: ``<kind>.yaml`` or ``<name>.<kind>.yaml``."""
    return [f"**/{kind}.yaml", f"**/{kind}.yml", f"**/*.{kind}.yaml", f"**/*.{kind}.yml"]


def vscode_settings(files: dict[str, Path]) -> str:
    """The ``yaml.schemas`` block of ``.vscode/settings.json`` for the written schemas."""

    def reference(path: Path) -> str:
        text = path.as_posix()
        return text if path.is_absolute() or text.startswith(("./", "../")) else "./" + text

    # One line per schema: the globs stay readable next to their schema.
    entries = [
        f"    {json.dumps(reference(path), ensure_ascii=False)}: {json.dumps(yaml_globs(kind))}"
        for kind, path in sorted(files.items())
    ]
    return '{\n  "yaml.schemas": {\n' + ",\n".join(entries) + "\n  }\n}\n"


FRONTMATTER_NOTE = """\
Note: the YAML extension (redhat.vscode-yaml) validates standalone YAML files only; it does
not read the frontmatter of Markdown files (redhat-developer/vscode-yaml#207), so these
settings do not check your documents. What does:
  - a `$schema:` key in a document's frontmatter, pointing at its kind's schema file, for
    tools that read frontmatter (such as remark-lint-frontmatter-schema); handbook accepts
    the key and ignores it;
  - `handbook lint --format concise` as a VS Code task with a problem matcher (each line
    reads path:line:column: CODE [severity] message), or `handbook lint --format json` run
    on save by an extension; both report every document with its exact line.
"""
