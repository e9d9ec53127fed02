"""``handbook status``: set an item's status, changing nothing else in its file."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.authoring.lifecycle import LifecycleError, change_status
from handbook.cli.options import (
    InputError,
    apply_changes,
    config_file_option,
    force_option,
    read_corpus,
    run_settings,
)


@click.command("status")
@click.argument("item_id", metavar="ID")
@click.argument("status")
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
@force_option
@config_file_option
def command(
    item_id: str, status: str, dry_run: bool, force: bool, config_file: Path | None
) -> None:
    """Set the status of item ID, changing nothing else in its file."""
    settings, _ = run_settings(config_file)
    try:
        changes = change_status(read_corpus(settings), item_id, status)
    except LifecycleError as error:
        raise InputError(str(error)) from None
    apply_changes(changes, dry_run, force)
