"""``handbook coverage``: how well risks, threats and failure modes are answered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handbook.cli.options import IsoDate, config_file_option, run_settings
from handbook.coverage import coverage_table
from handbook.lint import load_graph
from handbook.report.coverage import coverage_json, coverage_text


@click.command("coverage")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--today", type=IsoDate(), help="The date acceptances are checked against.")
@config_file_option
def command(output_format: str, today: dt.date | None, config_file: Path | None) -> None:
    """How well risks, threats and failure modes are answered: covered, uncovered, percent."""
    settings, _ = run_settings(config_file)
    rows = coverage_table(load_graph(settings), today or settings.today)
    text = coverage_json(rows) if output_format == "json" else coverage_text(rows)
    click.echo(text, nl=False)
