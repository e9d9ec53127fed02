"""The ``handbook`` command line: a thin adapter over the pure core."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import shlex
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from handbook import __version__
from handbook.authoring import atomic
from handbook.authoring.importers import (
    ID_PREFIX,
    STYLES,
    WriteFailed,
    apply_plan,
    plan_import,
)
from handbook.authoring.importers import report as import_report
from handbook.authoring.lifecycle import ChangeSet, LifecycleError, change_status, supersede
from handbook.authoring.new_document import plan_new, write_new
from handbook.authoring.scaffold import (
    FRONTMATTER_NOTE,
    ScaffoldError,
    init_project,
    vscode_settings,
    write_editor_schemas,
)
from handbook.config import ConfigError, Settings, load_settings
from handbook.coverage import coverage_table
from handbook.finding import Severity
from handbook.graph import ImpactPath, ItemGraph, load_graph
from handbook.graph_formats import GRAPH_FORMATS
from handbook.kinds import KindCatalog
from handbook.lint import LintResult, known_rule, lint
from handbook.load import Corpus, load_corpus
from handbook.report import FORMATS
from handbook.rules import ALL_RULES, RULES_BY_KEY
from handbook.schemas import bundled


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
        keys = [key.strip() for key in str(value).split(",") if key.strip()]
        for key in keys:
            if not known_rule(key):
                self.fail(f"unknown rule {key!r} (see 'handbook rules')", param, ctx)
        return keys


class IsoDate(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


config_file_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False, path_type=Path),
    help="mkdocs.yml to read (default: the nearest one upward from the current directory).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def main() -> None:
    """Lint and publish a delivery handbook: decisions, risks, threats, failure modes, runbooks."""


def _settings(config_file: Path | None, paths: tuple[Path, ...]) -> tuple[Settings, list[Path]]:
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
    if len(paths) == 1 and outside[0].is_dir():
        # A folder outside the configured docs_dir is linted as a docs directory of its own.
        settings.docs_dir = outside[0].resolve()
        settings.project_root = Path.cwd().resolve()
        return settings, []
    raise click.UsageError(
        f"{outside[0]} is outside the docs directory {settings.docs_dir}; "
        "lint one folder at a time or pass --config-file"
    )


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


@main.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    help="Output format (default: full; github under GitHub Actions).",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--select", type=RuleList(), multiple=True, help="Only these rules (codes, names, prefixes)."
)
@click.option(
    "--ignore", type=RuleList(), multiple=True, help="Not these rules (codes, names, prefixes)."
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--today", type=IsoDate(), help="The date freshness rules compare against.")
@config_file_option
def lint_command(
    paths: tuple[Path, ...],
    output_format: str | None,
    output_file: Path | None,
    select: tuple[list[str], ...],
    ignore: tuple[list[str], ...],
    strict: bool,
    exit_zero: bool,
    statistics: bool,
    today: dt.date | None,
    config_file: Path | None,
) -> None:
    """Check documents under PATHS (default: the whole docs directory).

    Exit status: 0 clean, 1 findings that fail the run, 2 usage or configuration error.
    """
    settings, wanted = _settings(config_file, paths)
    if today is not None:
        settings.today = today
    if not settings.docs_dir.is_dir():
        raise click.UsageError(f"docs directory not found: {settings.docs_dir}")
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    selected = [key for keys in select for key in keys]
    ignored = [key for keys in ignore for key in keys]
    result = lint(settings, wanted or None, selected, ignored)
    failing = Severity.WARNING if strict else Severity.ERROR
    result.fail_on = failing
    text = _statistics(result, output_format) if statistics else FORMATS[output_format](result)
    if output_file is not None:
        _write(output_file, text)
        click.echo(f"{output_format} report written to {output_file}")
    else:
        click.echo(text, nl=False)
    worst = result.worst()
    if not exit_zero and worst is not None and worst >= failing:
        sys.exit(1)


def _statistics(result: LintResult, output_format: str) -> str:
    counts = Counter(f.code for f in result.findings)
    rows = [(code, RULES_BY_KEY[code].name, count) for code, count in sorted(counts.items())]
    if output_format == "json":
        return json.dumps([{"code": c, "rule": n, "count": k} for c, n, k in rows], indent=2) + "\n"
    width = max((len(str(k)) for _, _, k in rows), default=1)
    return "".join(f"{k:>{width}}  {c}  {n}\n" for c, n, k in rows)


def _write(path: Path, text: str) -> None:
    # Write beside the target and rename, so a reader never sees half a report.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _known_id(graph: ItemGraph, item_id: str) -> str:
    if item_id in graph:
        return item_id
    by_upper = {known.upper(): known for known in sorted(graph.items)}
    close = [
        by_upper[match]
        for match in difflib.get_close_matches(item_id.upper(), list(by_upper), n=3, cutoff=0.5)
    ]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unknown id {item_id!r}{hint}")


@main.command("graph")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(GRAPH_FORMATS)),
    help="Export format (default: json; with --impact, a readable list).",
)
@click.option("--focus", metavar="ID", help="Only the neighbourhood of this item.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="How many edges away from --focus to go.",
)
@click.option("--impact", metavar="ID", help="Everything that relies on this item, with the path.")
@click.option("--kind", "kinds", multiple=True, help="Only items of this kind (repeatable).")
@click.option(
    "--relation", "relations", multiple=True, help="Only edges of this relation (repeatable)."
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@config_file_option
def graph_command(
    output_format: str | None,
    focus: str | None,
    depth: int,
    impact: str | None,
    kinds: tuple[str, ...],
    relations: tuple[str, ...],
    output_file: Path | None,
    config_file: Path | None,
) -> None:
    """Export the item graph, a neighbourhood of it, or the impact of changing one item."""
    settings, _ = _settings(config_file, ())
    for kind in kinds:
        if kind not in settings.kinds:
            raise InputError(
                f"unknown kind {kind!r}; known kinds: {', '.join(settings.kinds.names())}"
            )
    for relation in relations:
        if relation not in settings.relations.relations:
            known = ", ".join(sorted(settings.relations.relations))
            raise InputError(f"unknown relation {relation!r}; known relations: {known}")
    graph = load_graph(settings)
    keep: set[str] | None = None
    paths: list[ImpactPath] = []
    if focus is not None:
        keep = graph.neighbourhood(_known_id(graph, focus), depth)
    if impact is not None:
        paths = graph.impact(_known_id(graph, impact), relations)
        if kinds:
            paths = [path for path in paths if graph.items[path.item].kind.name in kinds]
        keep = {impact, *(path.item for path in paths)} & (
            keep if keep is not None else set(graph.items)
        )
    view = graph.subgraph(keep, kinds, relations)
    if impact is not None and output_format in (None, "json"):
        text = (
            _impact_text(graph, impact, paths)
            if output_format is None
            else _impact_json(graph, impact, paths)
        )
    else:
        text = GRAPH_FORMATS[output_format or "json"](view)
    if output_file is not None:
        _write(output_file, text)
        click.echo(f"graph written to {output_file}")
    else:
        click.echo(text, nl=False)


def _impact_text(graph: ItemGraph, root: str, paths: list[ImpactPath]) -> str:
    if not paths:
        return f"Nothing relies on {root}.\n"
    count = len(paths)
    lines = [f"{count} item{'s rely' if count != 1 else ' relies'} on {root}:"]
    for path in sorted(paths, key=lambda p: (len(p.steps), p.item)):
        item = graph.items[path.item]
        chain = root + "".join(f" -{relation}-> {target}" for _, relation, target in path.steps)
        lines.append(f"  {path.item:<12} {item.kind.name:<13} {item.title}")
        lines.append(f"  {'':<12} via {chain}")
    return "\n".join(lines) + "\n"


def _impact_json(graph: ItemGraph, root: str, paths: list[ImpactPath]) -> str:
    document = {
        "version": 1,
        "item": root,
        "impacted": [
            {
                "id": path.item,
                "kind": graph.items[path.item].kind.name,
                "title": graph.items[path.item].title,
                "path": [
                    {"source": source, "relation": relation, "target": target}
                    for source, relation, target in path.steps
                ],
            }
            for path in paths
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@main.command("coverage")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--today", type=IsoDate(), help="The date acceptances are checked against.")
@config_file_option
def coverage_command(output_format: str, today: dt.date | None, config_file: Path | None) -> None:
    """How well risks, threats and failure modes are answered: covered, uncovered, percent."""
    settings, _ = _settings(config_file, ())
    rows = coverage_table(load_graph(settings), today or settings.today)
    if output_format == "json":
        document = {
            "version": 1,
            "coverage": [
                {
                    "name": row.name,
                    "kind": row.kind,
                    "relation": row.relation,
                    "covered": row.covered,
                    "uncovered": row.uncovered,
                    "percent": row.percent,
                }
                for row in rows
            ],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    width = max(len(row.name) for row in rows)
    click.echo(f"{'':<{width}}  covered  total  percent  uncovered")
    for row in rows:
        uncovered = ", ".join(row.uncovered) or "-"
        click.echo(
            f"{row.name:<{width}}  {len(row.covered):>7}  {row.total:>5}  {row.percent:>6.1f}%  "
            f"{uncovered}"
        )


def _corpus(settings: Settings) -> Corpus:
    if not settings.docs_dir.is_dir():
        raise InputError(f"docs directory not found: {settings.docs_dir}")
    return load_corpus(settings)


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _default_owner() -> str:
    for name in ("HANDBOOK_OWNER", "GIT_AUTHOR_NAME", "USER", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return "unassigned"


@main.command("new")
@click.argument("kind")
@click.argument("title")
@click.option("--owner", help="Owner or decision maker (default: $HANDBOOK_OWNER, $USER).")
@click.option("--dry-run", is_flag=True, help="Print the document instead of writing it.")
@click.option("--today", type=IsoDate(), help="The date to write (default: today).")
@config_file_option
def new_command(
    kind: str,
    title: str,
    owner: str | None,
    dry_run: bool,
    today: dt.date | None,
    config_file: Path | None,
) -> None:
    """Write a new KIND document titled TITLE, with the next free id; never overwrites."""
    settings, _ = _settings(config_file, ())
    spec = settings.kinds.get(kind)
    if spec is None:
        raise click.UsageError(
            f"unknown kind {kind!r}; known kinds: {', '.join(settings.kinds.names())}"
        )
    if not title.strip():
        raise click.UsageError("the title is empty")
    corpus = _corpus(settings)
    document = plan_new(
        spec,
        title.strip(),
        settings,
        corpus,
        owner or _default_owner(),
        today or dt.date.today(),
        settings.templates_dir,
    )
    same = [
        item
        for item in corpus.items
        if item.kind.name == spec.name and item.title.casefold() == title.strip().casefold()
    ]
    for item in same:
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
            f"cannot write {_display(document.path)}: {error.strerror}"
        ) from None
    click.echo(_display(document.path))


def _apply(changes: ChangeSet, dry_run: bool) -> None:
    for note in changes.notes:
        click.echo(note)
    if not changes.files:
        click.echo("nothing to change")
        return
    if dry_run:
        click.echo("dry run: nothing written")
        return
    try:
        atomic.replace_all(changes.files)
    except OSError as error:
        raise click.ClickException(f"nothing was changed: {error}") from None
    for path in changes.files:
        click.echo(f"updated {_display(path)}")


@main.command("status")
@click.argument("item_id", metavar="ID")
@click.argument("status")
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
@config_file_option
def status_command(item_id: str, status: str, dry_run: bool, config_file: Path | None) -> None:
    """Set the status of item ID, changing nothing else in its file."""
    settings, _ = _settings(config_file, ())
    try:
        changes = change_status(_corpus(settings), item_id, status)
    except LifecycleError as error:
        raise InputError(str(error)) from None
    _apply(changes, dry_run)


@main.command("supersede")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--dry-run", is_flag=True, help="Say what would change, write nothing.")
@config_file_option
def supersede_command(old: str, new: str, dry_run: bool, config_file: Path | None) -> None:
    """Record that NEW supersedes OLD, on both documents, and mark OLD superseded."""
    settings, _ = _settings(config_file, ())
    try:
        changes = supersede(settings, _corpus(settings), old, new)
    except LifecycleError as error:
        raise InputError(str(error)) from None
    _apply(changes, dry_run)


@main.command("init")
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
def init_command(directory: Path, force: bool, today: dt.date | None) -> None:
    """Create a handbook project in DIR (default: the current folder) that lints clean.

    Writes mkdocs.yml, example documents of every kind for an 'orders' service laid out
    by the six phases, a GitHub Actions workflow and a pre-commit configuration. Never
    overwrites a file.
    """
    try:
        report = init_project(directory, today or dt.date.today(), force)
    except ScaffoldError as error:
        raise InputError(str(error)) from None
    shown = "" if directory == Path(".") else directory.as_posix().rstrip("/") + "/"
    for path in report.created:
        click.echo(f"created {shown}{path}")
    for path in report.skipped:
        click.echo(f"skipped {shown}{path} (already exists)")
    for path, reason in report.failed:
        click.echo(f"failed  {shown}{path} ({reason})")
    if report.failed:
        raise click.ClickException(f"{len(report.failed)} files could not be written")
    skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
    click.echo(f"\n{len(report.created)} files created{skipped}.\n\nNext:")
    if shown:
        click.echo(f"  cd {shlex.quote(directory.as_posix())}")
    click.echo("  handbook lint     # check every document, as CI does")
    click.echo("  handbook serve    # preview the site at http://127.0.0.1:8000/")


@main.command("import")
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
@config_file_option
def import_command(
    style: str, folder: Path, write: bool, prefix: str | None, config_file: Path | None
) -> None:
    """Bring an existing decision log in.

    Gives the adr-tools, MADR or log4brains records in DIR handbook frontmatter; their
    bodies stay byte for byte. A dry run unless --write: prints a diff per file, then what
    was mapped, skipped or could not be carried over (such a file is never written).
    Exit status: 0 every record mapped, 1 some could not be, 2 usage or configuration error.
    """
    settings, _ = _settings(config_file, ())
    adr = settings.kinds.get("adr")
    prefix = prefix or (adr.id_prefix if adr is not None else "ADR")
    if not ID_PREFIX.fullmatch(prefix):
        raise click.BadParameter(
            f"{prefix!r} is not an id prefix (upper-case letters and digits, like ADR)",
            param_hint="'--prefix'",
        )
    try:
        plan = plan_import(style, folder, prefix, settings)
    except OSError as error:
        raise InputError(f"cannot read {_display(folder.resolve())}: {error.strerror}") from None
    if not write:
        for result in plan.files:
            click.echo(import_report.diff(result, _display), nl=False)
    click.echo(import_report.report(plan, _display), nl=False)
    if not write:
        click.echo("dry run: nothing written (run again with --write to apply)")
    else:
        try:
            written = apply_plan(plan)
        except WriteFailed as failure:
            for path in failure.written:
                click.echo(f"wrote {_display(path)}")
            raise click.ClickException(
                f"writing stopped: {failure.error}; {len(failure.written)} file(s) written, "
                f"{len(failure.unchanged)} left as they were"
            ) from None
        for path in written:
            click.echo(f"wrote {_display(path)}")
        if not written:
            click.echo("nothing to write")
    if not plan.clean:
        sys.exit(1)


@main.command("schema")
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
def schema_command(kind: str | None, bundle: bool, editor_dir: Path | None) -> None:
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
        raise click.UsageError(f"unknown kind {kind!r}; known kinds: {', '.join(kinds)}")
    schema = bundled(schemas[kind], schemas) if bundle else schemas[kind]
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


def _editor_schemas(
    folder: Path, wanted: list[str], kinds: list[str], schemas: dict[str, dict[str, Any]]
) -> None:
    for kind in wanted:
        if kind not in kinds:
            raise click.UsageError(f"unknown kind {kind!r}; known kinds: {', '.join(kinds)}")
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


@main.command("rules")
@click.argument("rule", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def rules_command(rule: str | None, output_format: str) -> None:
    """List every rule, or explain RULE (a code or name)."""
    if rule is not None and rule not in RULES_BY_KEY:
        raise click.UsageError(f"unknown rule {rule!r}")
    chosen = [RULES_BY_KEY[rule]] if rule else list(ALL_RULES)
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.label,
                        "summary": r.summary,
                        "rationale": r.rationale,
                        "bad": r.bad,
                        "good": r.good,
                    }
                    for r in chosen
                ],
                indent=2,
            )
        )
        return
    if rule is None:
        for r in chosen:
            click.echo(f"{r.code}  {r.name:<30} {r.severity.label:<8} {r.summary}")
        return
    r = chosen[0]
    click.echo(f"{r.code} {r.name} ({r.severity.label})\n\n{r.summary}\n\n{r.rationale}\n")
    click.echo(f"Bad:\n\n{_indent(r.bad)}\n\nGood:\n\n{_indent(r.good)}")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


@main.command("build", context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build_command(mkdocs_args: tuple[str, ...]) -> None:
    """Build the site with MkDocs (arguments go to 'mkdocs build')."""
    _mkdocs("build", mkdocs_args)


@main.command("serve", context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(mkdocs_args: tuple[str, ...]) -> None:
    """Preview the site with live reload (arguments go to 'mkdocs serve')."""
    _mkdocs("serve", mkdocs_args)


def _mkdocs(command: str, args: tuple[str, ...]) -> None:
    from mkdocs.__main__ import cli as mkdocs_cli

    mkdocs_cli.main(args=[command, *args], prog_name="handbook", standalone_mode=True)
