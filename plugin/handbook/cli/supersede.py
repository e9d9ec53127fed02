"""``handbook supersede``: record that one decision supersedes another, on both files."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.authoring.lifecycle import LifecycleError, supersede
from handbook.cli.options import (
    InputError,
    apply_changes,
    config_file_option,
    force_option,
    read_corpus,
    run_settings,
)


@click.command("supersede")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
@force_option
@config_file_option
def command(old: str, new: str, dry_run: bool, force: bool, config_file: Path | None) -> None:
    """Record that NEW supersedes OLD, on both documents, and mark OLD superseded."""
    settings, _ = run_settings(config_file)
    try:
        changes = supersede(settings, read_corpus(settings), old, new)
    except LifecycleError as error:
        raise InputError(str(error)) from None
    apply_changes(changes, dry_run, force)
