"""``handbook review``: confirm links after re-reading their targets (suspect links, HB215)."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.authoring.lifecycle import LifecycleError
from handbook.authoring.review import review
from handbook.cli.options import (
    InputError,
    apply_changes,
    config_file_option,
    force_option,
    read_corpus,
    run_settings,
)


@click.command("review")
@click.argument("item_id", metavar="[ID]", required=False)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="ID",
    help="Confirm only the link to this item (repeatable).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Confirm every link of the handbook (a first adoption; suspect ones too).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
@force_option
@config_file_option
def command(
    item_id: str | None,
    targets: tuple[str, ...],
    everything: bool,
    dry_run: bool,
    force: bool,
    config_file: Path | None,
) -> None:
    """Confirm the links item ID writes, after re-reading what they point at.

    Writes each target's fingerprint into handbook-links.lock, beside mkdocs.yml; a link
    whose target changes afterwards is reported as suspect (HB215) until confirmed again.
    """
    if everything == (item_id is not None):
        raise click.UsageError("give an item ID or --all (not both)")
    if everything and targets:
        raise click.UsageError("--target goes with an item ID, not with --all")
    settings, _ = run_settings(config_file)
    try:
        result = review(settings, read_corpus(settings), item_id, targets)
    except LifecycleError as error:
        raise InputError(str(error)) from None
    click.echo(
        f"{result.confirmed} link{'' if result.confirmed == 1 else 's'} confirmed"
        + (f", {result.suspect} of them suspect" if result.suspect else "")
    )
    apply_changes(result.changes, dry_run, force)
