"""``handbook schema``: the kinds' JSON Schemas, printed or written for editors."""

from __future__ import annotations

import json
from pathlib import Path

import click

from handbook.authoring.scaffold import FRONTMATTER_NOTE, vscode_settings, write_editor_schemas
from handbook.config import ConfigError, load_settings
from handbook.kinds import KindCatalog
from handbook.schemas import JsonObject, bundled
from handbook.suggest import did_you_mean


@click.command("schema")
@click.argument("kind", required=False)
@click.option(
    "--bundle/--no-bundle",
    default=True,
    show_default=True,
    help="Embed referenced schemas so the output stands alone.",
)
@click.option(
    "--editor",
    "editor_dir",
    is_flag=False,
    flag_value=".handbook/schemas",
    default=None,
    metavar="[DIR]",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every kind's schema to DIR (default: .handbook/schemas) and print the "
    "VS Code settings that use them.",
)
def command(kind: str | None, bundle: bool, editor_dir: Path | None) -> None:
    """Print the JSON Schema of KIND, or list the kinds (the project's own included)."""
    try:
        catalog = load_settings().kinds
    except ConfigError:
        catalog = KindCatalog.builtin()  # outside a project, or a broken one: the built-ins
    schemas = catalog.schemas
    kinds = catalog.names()
    if editor_dir is not None:
        _editor_schemas(editor_dir, [kind] if kind else kinds, kinds, schemas)
        return
    if kind is None:
        for name in kinds:
            click.echo(f"{name:<14} {schemas[name].get('title', '')}")
        return
    if kind not in kinds:
        raise click.UsageError(
            f"unknown kind {kind!r}{did_you_mean(kind, kinds)}; known kinds: {', '.join(kinds)}"
        )
    schema = bundled(schemas[kind], schemas) if bundle else schemas[kind]
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


def _editor_schemas(
    folder: Path, wanted: list[str], kinds: list[str], schemas: dict[str, JsonObject]
) -> None:
    for kind in wanted:
        if kind not in kinds:
            raise click.UsageError(
                f"unknown kind {kind!r}{did_you_mean(kind, kinds)}; known kinds: {', '.join(kinds)}"
            )
    try:
        report = write_editor_schemas(folder, wanted, schemas)
    except OSError as error:
        raise click.ClickException(f"cannot write schemas to {folder}: {error.strerror}") from None
    for path in report.written:
        click.echo(f"wrote {path.as_posix()}")
    for path in report.unchanged:
        click.echo(f"unchanged {path.as_posix()}")
    for path in report.skipped:
        click.echo(f"skipped {path.as_posix()} (not written by handbook; left as it is)")
    click.echo("\nAdd this to .vscode/settings.json (for standalone YAML files of each kind):\n")
    click.echo(vscode_settings(report.files), nl=False)
    click.echo("\n" + FRONTMATTER_NOTE, nl=False)
