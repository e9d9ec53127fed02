"""``handbook diff``: what a change does to the handbook, between two git revisions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handbook.cli.options import (
    InputError,
    config_file_option,
    emit,
    output_file_option,
    report_format_option,
    run_settings,
)
from handbook.diff import git
from handbook.diff.compare import compare, read_side, resolve_revisions
from handbook.diff.render import FORMATS


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@report_format_option(FORMATS)
@click.option(
    "--fail-on",
    type=click.Choice(["new-findings", "gate-regression"]),
    multiple=True,
    help="Exit 1 when the change introduces findings, or a gate met at BASE is not met now.",
)
@output_file_option
@config_file_option
def command(
    base: str | None,
    head: str | None,
    output_format: str,
    fail_on: tuple[str, ...],
    output_file: Path | None,
    config_file: Path | None,
) -> None:
    """Compare the handbook at BASE and HEAD: items, relations, findings, gates, impact.

    BASE defaults to the merge base with the default branch (origin/HEAD, else main or
    master), HEAD to the working tree. Revisions are read from git objects; nothing is
    checked out. Exit status: 0, or 1 for what --fail-on names; 2 for a usage error, a
    folder outside git or an unknown revision.
    """
    settings, _ = run_settings(config_file)
    try:
        revisions = resolve_revisions(settings, base, head)
        if revisions.head is None and not settings.docs_dir.is_dir():
            raise InputError(f"docs directory not found: {settings.docs_dir}")
        after = read_side(settings, revisions, revisions.head, revisions.head_label)
        before = read_side(settings, revisions, revisions.base, revisions.base_label, after)
        moved = git.renames(revisions.repo, revisions.base, revisions.head, [revisions.docs_prefix])
    except git.GitError as error:
        raise InputError(str(error)) from None
    prefix = _root_prefix(revisions.repo, settings.project_root)
    moved = {
        old.removeprefix(prefix): new.removeprefix(prefix)
        for old, new in moved.items()
        if old.startswith(prefix) and new.startswith(prefix)
    }
    comparison = compare(before, after, moved, settings)
    emit(
        FORMATS[output_format](comparison),
        output_file,
        f"{output_format} report written to {output_file}",
    )
    for side in (before, after):
        if side.gate_error:
            click.echo(f"warning: gates not evaluated ({side.label}): {side.gate_error}", err=True)
    if "new-findings" in fail_on and comparison.findings_introduced:
        sys.exit(1)
    if "gate-regression" in fail_on and comparison.gate_regressions:
        sys.exit(1)


def _root_prefix(repo: Path, project_root: Path) -> str:
    """How paths from the repository's top start when the project is in a subfolder."""
    relative = project_root.resolve().relative_to(repo).as_posix()
    return "" if relative == "." else relative + "/"
