"""``handbook new``: write a new document of a kind, with the next free id."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from handbook.authoring import atomic
from handbook.authoring.new_document import NewError, plan_new, same_title, write_new
from handbook.cli.options import (
    InputError,
    IsoDate,
    config_file_option,
    display,
    read_corpus,
    run_settings,
)
from handbook.suggest import did_you_mean


def _default_owner() -> str:
    for name in ("HANDBOOK_OWNER", "GIT_AUTHOR_NAME", "USER", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return "unassigned"


@click.command("new")
@click.argument("kind")
@click.argument("title")
@click.option("--owner", help="Owner or decision maker (default: $HANDBOOK_OWNER, $USER).")
@click.option("--dry-run", is_flag=True, help="Print the document instead of writing it.")
@click.option("--today", type=IsoDate(), help="The date to write (default: today).")
@config_file_option
def command(
    kind: str,
    title: str,
    owner: str | None,
    dry_run: bool,
    today: dt.date | None,
    config_file: Path | None,
) -> None:
    """Write a new KIND document titled TITLE, with the next free id; never overwrites."""
    settings, _ = run_settings(config_file)
    spec = settings.kinds.get(kind)
    if spec is None:
        raise click.UsageError(
            f"unknown kind {kind!r}{did_you_mean(kind, settings.kinds.names())}; "
            f"known kinds: {', '.join(settings.kinds.names())}"
        )
    if not title.strip():
        raise click.UsageError("the title is empty")
    corpus = read_corpus(settings)
    try:
        document = plan_new(
            spec,
            title.strip(),
            settings,
            corpus,
            owner or _default_owner(),
            today or dt.date.today(),
            settings.templates_dir,
        )
    except NewError as error:
        raise InputError(str(error)) from None
    for item in same_title(spec, title.strip(), corpus):
        click.echo(f"warning: {item.id} in {item.document.rel_path} has the same title", err=True)
    if dry_run:
        click.echo(document.text, nl=False)
        return
    try:
        write_new(document)
    except atomic.FileExists as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(
            f"cannot write {display(document.path)}: {error.strerror}"
        ) from None
    click.echo(display(document.path))
