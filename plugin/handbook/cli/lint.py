"""``handbook lint``: check documents and report the findings in a format of choice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path

import click

from handbook.cache import cached_lint
from handbook.cli import settle
from handbook.cli.options import (
    IsoDate,
    RuleList,
    config_file_option,
    emit,
    output_file_option,
    run_settings,
)
from handbook.finding import Severity
from handbook.lint import lint
from handbook.report import FORMATS


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    help="Output format (default: full; github under GitHub Actions).",
)
@output_file_option
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
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file afresh; neither read nor write .cache/handbook/.",
)
@config_file_option
def command(
    paths: tuple[Path, ...],
    output_format: str | None,
    output_file: Path | None,
    select: tuple[list[str], ...],
    ignore: tuple[list[str], ...],
    strict: bool,
    exit_zero: bool,
    statistics: bool,
    today: dt.date | None,
    no_cache: bool,
    config_file: Path | None,
) -> None:
    """Check documents under PATHS (default: the whole docs directory).

    Exit status: 0 clean, 1 findings that fail the run, 2 usage or configuration error.
    """
    settings, wanted = run_settings(config_file, paths)
    if today is not None:
        settings = dataclasses.replace(settings, today=today)
    if not settings.docs_dir.is_dir():
        raise click.UsageError(f"docs directory not found: {settings.docs_dir}")
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    selected = [key for keys in select for key in keys]
    ignored = [key for keys in ignore for key in keys]
    if no_cache:
        result = lint(settings, wanted or None, selected, ignored, release_texts=True)
    else:
        # Only the full format quotes the documents' lines, only JUnit lists every file.
        reads = "texts" if output_format == "full" and not statistics else "paths"
        if output_format != "junit" and reads != "texts":
            reads = "nothing"
        result = cached_lint(settings, wanted or None, selected, ignored, corpus=reads)
    settle()
    failing = Severity.WARNING if strict else Severity.ERROR
    result.fail_on = failing
    if statistics:
        from handbook.report.statistics import statistics as statistics_text

        text = statistics_text(result, output_format)
    else:
        text = FORMATS[output_format](result)
    emit(text, output_file, f"{output_format} report")
    worst = result.worst()
    if not exit_zero and worst is not None and worst >= failing:
        sys.exit(1)
    if strict and not exit_zero and result.files and not result.items:
        sys.exit(1)  # nothing was checked: under --strict that fails the run
