"""``handbook import``: bring an existing decision log (adr-tools, MADR, log4brains) in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handbook.authoring import atomic
from handbook.authoring.importers import (
    ID_PREFIX,
    STYLES,
    WriteFailed,
    apply_plan,
    plan_import,
)
from handbook.authoring.importers import report as import_report
from handbook.cli.options import (
    InputError,
    config_file_option,
    display,
    force_option,
    read_only_message,
    run_settings,
)
from handbook.settings import Settings


@click.command("import")
@click.option(
    "--from",
    "style",
    required=True,
    type=click.Choice(sorted(STYLES)),
    help="The tool the decision records were written with.",
)
@click.argument(
    "folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--write", is_flag=True, help="Write the changes (default: print them only).")
@click.option(
    "--prefix", metavar="PREFIX", help="Id prefix (default: the adr kind's, usually ADR)."
)
@click.option(
    "--default-status",
    metavar="STATUS",
    help="The status of records that write none (default: decision_logs.default_status).",
)
@force_option
@config_file_option
def command(
    style: str,
    folder: Path,
    write: bool,
    prefix: str | None,
    default_status: str | None,
    force: bool,
    config_file: Path | None,
) -> None:
    """Bring an existing decision log in.

    Gives the adr-tools, MADR or log4brains records in DIR handbook frontmatter; their
    bodies stay byte for byte. A dry run unless --write: prints a diff per file, then what
    was mapped, skipped or could not be carried over (such a file is never written).
    Exit status: 0 every record mapped, 1 some could not be, 2 usage or configuration error.
    """
    settings, _ = run_settings(config_file)
    adr = settings.kinds.get("adr")
    prefix = prefix or _folder_prefix(folder, settings) or (adr.id_prefix if adr else "ADR")
    default = _default(default_status, settings)
    if not ID_PREFIX.fullmatch(prefix):
        raise click.BadParameter(
            f"{prefix!r} is not an id prefix (upper-case letters and digits, like ADR)",
            param_hint="'--prefix'",
        )
    try:
        plan = plan_import(style, folder, prefix, settings, default)
    except OSError as error:
        raise InputError(f"cannot read {display(folder.resolve())}: {error.strerror}") from None
    if not write:
        for result in plan.files:
            click.echo(import_report.diff(result, display), nl=False)
    click.echo(import_report.report(plan, display), nl=False)
    if not write:
        click.echo("dry run: nothing written (run again with --write to apply)")
    else:
        try:
            written = apply_plan(plan, force)
        except atomic.ReadOnly as error:
            raise InputError(read_only_message(error)) from None
        except WriteFailed as failure:
            for path in failure.written:
                click.echo(f"wrote {display(path)}")
            raise click.ClickException(
                f"writing stopped: {failure.error}; {len(failure.written)} file(s) written, "
                f"{len(failure.unchanged)} left as they were"
            ) from None
        for path in written:
            click.echo(f"wrote {display(path)}")
        if not written:
            click.echo("nothing to write")
    if not plan.clean:
        sys.exit(1)


def _folder_prefix(folder: Path, settings: Settings) -> str | None:
    """The prefix ``decision_logs.id_prefixes`` sets for the folder, if any."""
    resolved = folder.resolve()
    if not resolved.is_relative_to(settings.docs_dir):
        return None
    return settings.folder_prefix(resolved.relative_to(settings.docs_dir).as_posix() + "/x.md")


def _default(option: str | None, settings: Settings) -> tuple[str, str] | None:
    """The default status and where it was set: the option, else the configuration."""
    adr = settings.kinds.get("adr")
    known = adr.statuses if adr is not None else ()
    if option is not None:
        if option not in known:
            raise click.BadParameter(
                f"{option!r} is not an adr status ({', '.join(known)})",
                param_hint="'--default-status'",
            )
        return option, "the default status (--default-status)"
    if settings.default_status is not None:
        return settings.default_status, "the default status (decision_logs.default_status)"
    return None
