"""``handbook build`` and ``handbook serve``: MkDocs' own commands, under this name."""

from __future__ import annotations

import click


@click.command("build", context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build(mkdocs_args: tuple[str, ...]) -> None:
    """Build the site with MkDocs (arguments go to 'mkdocs build')."""
    _mkdocs("build", mkdocs_args)


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def serve(mkdocs_args: tuple[str, ...]) -> None:
    """Preview the site with live reload (arguments go to 'mkdocs serve')."""
    _mkdocs("serve", mkdocs_args)


def _mkdocs(command: str, args: tuple[str, ...]) -> None:
    from mkdocs.__main__ import cli as mkdocs_cli

    mkdocs_cli.main(args=[command, *args], prog_name="handbook", standalone_mode=True)
