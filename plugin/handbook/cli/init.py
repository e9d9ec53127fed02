"""``handbook init``: create a handbook project that lints clean."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import click

from handbook.authoring import atomic
from handbook.authoring.scaffold import ScaffoldError, init_project
from handbook.cli.options import InputError, IsoDate


@click.command("init")
@click.argument(
    "directory", default=".", type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]"
)
@click.option(
    "--force",
    is_flag=True,
    help="Add the missing files to a folder that is not empty; existing files are kept.",
)
@click.option(
    "--today", type=IsoDate(), help="The date to write in the documents (default: today)."
)
def command(directory: Path, force: bool, today: dt.date | None) -> None:
    """Create a handbook project in DIR (default: the current folder) that lints clean.

    Writes mkdocs.yml, example documents of every kind for an 'orders' service laid out
    by the six phases, a GitHub Actions workflow and a pre-commit configuration. Never
    overwrites a file.
    """
    try:
        report = init_project(directory, today or dt.date.today(), force)
    except ScaffoldError as error:
        raise InputError(str(error)) from None
    except atomic.CommitFailed as failure:
        shown = ", ".join(path.as_posix() for path in failure.written)
        left = f"; left behind: {shown}" if shown else ""
        raise click.ClickException(f"nothing was written: {failure}{left}") from None
    shown = "" if directory == Path(".") else directory.as_posix().rstrip("/") + "/"
    for path in report.created:
        click.echo(f"created {shown}{path}")
    for path in report.skipped:
        click.echo(f"skipped {shown}{path} (already exists)")
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    click.echo(f"\n{len(report.created)} files created{skipped}.\n\nNext:")
    if shown:
        click.echo(f"  cd {shlex.quote(directory.as_posix())}")
    click.echo("  handbook lint     # check every document, as CI does")
    click.echo("  handbook serve    # preview the site at http://127.0.0.1:8000/")
