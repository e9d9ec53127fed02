"""What the commands share: option types, the settings of a run, errors, paths as shown."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from handbook.authoring import atomic
from handbook.config import ConfigError, load_settings
from handbook.finding import escape_controls
from handbook.lint import known_rule
from handbook.settings import Settings, iso_date
from handbook.suggest import did_you_mean

if TYPE_CHECKING:
    from handbook.authoring.lifecycle import ChangeSet
    from handbook.load import Corpus

# The rule registry and the loader are imported where they are used: ``handbook lint``
# answered from the cache needs neither.


class InputError(click.ClickException):
    """Bad configuration or input: one line on standard error, exit status 2."""

    exit_code = 2


class RuleList(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A comma-separated list of rule codes, names or code prefixes (``HB3``)."""

    name = "rules"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> list[str]:
        if isinstance(value, list):
            return value
        from handbook.rules import ALL_RULES

        keys = [key.strip() for key in str(value).split(",") if key.strip()]
        for key in keys:
            if not known_rule(key):
                hint = did_you_mean(key, (r.name for r in ALL_RULES))
                self.fail(f"unknown rule {key!r}{hint} (see 'handbook rules')", param, ctx)
        return keys


class IsoDate(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        date = iso_date(str(value))
        if date is None:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        return date


config_file_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False, path_type=Path),
    help="mkdocs.yml to read (default: the nearest one upward from the current directory).",
)

_Command = TypeVar("_Command", bound=Callable[..., object])

output_file_option = click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
"""``-o``: where a report goes instead of standard output (see :func:`emit`)."""


def report_format_option(formats: Iterable[str]) -> Callable[[_Command], _Command]:
    """``--format`` among a report's ``formats``, ``full`` by default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(sorted(formats)),
        default="full",
        show_default=True,
    )


def run_settings(
    config_file: Path | None, paths: tuple[Path, ...] = ()
) -> tuple[Settings, list[Path]]:
    """The settings of this run, and which of ``paths`` lie under its docs directory.

    The config's warnings go to standard error. In a project (an ``mkdocs.yml`` found or
    given) a path outside its ``docs_dir`` is a usage error: reading an unrelated tree as a
    second handbook is never what was meant. With no ``mkdocs.yml``, a single folder is
    linted as a docs directory of its own.
    """
    try:
        settings = load_settings(config_file)
    except ConfigError as error:
        raise InputError(str(error)) from None
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    inside = [p for p in paths if _is_under(p, settings.docs_dir)]
    outside = [p for p in paths if p not in inside]
    if not outside:
        return settings, inside
    if settings.config_file is None and len(paths) == 1 and outside[0].is_dir():
        settings = dataclasses.replace(
            settings, docs_dir=outside[0].resolve(), project_root=Path.cwd().resolve()
        )
        return settings, []
    raise click.UsageError(
        f"{outside[0]} is outside the docs directory {display(settings.docs_dir)} of "
        f"{display(settings.config_file or settings.docs_dir)}; lint a path inside it, or "
        "the other handbook with its own --config-file"
    )


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def read_corpus(settings: Settings) -> Corpus:
    """Every document of the docs directory (an input error when there is none)."""
    from handbook.load import load_corpus

    if not settings.docs_dir.is_dir():
        raise InputError(f"docs directory not found: {settings.docs_dir}")
    return load_corpus(settings)


def display(path: Path) -> str:
    """``path`` as the user reads it: relative to the current folder when under it."""
    try:
        shown = path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return escape_controls(shown)


def emit(text: str, output_file: Path | None, what: str) -> None:
    """Print ``text``, or write it whole to ``output_file`` and say that ``what`` (``json
    report``, ``graph``) was written there."""
    if output_file is None:
        click.echo(text, nl=False)
        return
    try:
        atomic.write(output_file, text)
    except OSError as error:
        # Exit 2, as for any other unusable option: exit 1 would read as "findings" to CI.
        raise InputError(f"cannot write {display(output_file)}: {error.strerror}") from None
    click.echo(f"{what} written to {display(output_file)}")


force_option = click.option(
    "--force", is_flag=True, help="Replace read-only files too (their mode is kept)."
)


def read_only_message(error: atomic.ReadOnly) -> str:
    """One line for a refused read-only target, saying how to write it anyway."""
    return f"{display(error.path)} is read-only; nothing was written (pass --force to write it)"


def apply_changes(changes: ChangeSet, dry_run: bool, force: bool = False) -> None:
    """Say what a lifecycle change does, and (unless ``dry_run``) write all of it or none."""
    for note in changes.notes:
        click.echo(note)
    if not changes.files:
        click.echo("nothing to change")
        return
    if dry_run:
        click.echo("dry run: nothing written")
        return
    try:
        atomic.commit(changes.files, force=force)
    except atomic.ReadOnly as error:
        raise InputError(read_only_message(error)) from None
    except atomic.CommitFailed as failure:
        for path in failure.written:
            click.echo(f"updated {display(path)} (could not be put back)")
        if failure.written:
            raise click.ClickException(
                f"writing stopped: {failure}; {len(failure.written)} file(s) updated, "
                f"{len(failure.unchanged)} left as they were"
            ) from None
        raise click.ClickException(f"nothing was changed: {failure}") from None
    except OSError as error:
        raise click.ClickException(f"nothing was changed: {error}") from None
    for path in changes.files:
        click.echo(f"updated {display(path)}")
