"""``handbook gate``: whether each phase's gate is met, with the items at fault."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import click

from handbook.cli.options import (
    InputError,
    IsoDate,
    config_file_option,
    emit,
    output_file_option,
    report_format_option,
    run_settings,
)
from handbook.domain import phases
from handbook.gate_specs import GateConfigError
from handbook.gates import evaluate
from handbook.lint import lint
from handbook.report.gate import FORMATS


@click.command("gate")
@click.argument("phase", required=False, type=click.Choice(phases()))
@click.option("--all", "everything", is_flag=True, help="Show the upcoming gates too.")
@report_format_option(FORMATS)
@output_file_option
@click.option("--today", type=IsoDate(), help="The date dated conditions compare against.")
@config_file_option
def command(
    phase: str | None,
    everything: bool,
    output_format: str,
    output_file: Path | None,
    today: dt.date | None,
    config_file: Path | None,
) -> None:
    """Check the gates up to PHASE (default: the phase declared under runway:, else all).

    Exit status: 0 when every gate up to the phase is met, 1 when one is not, 2 usage or
    configuration error.
    """
    settings, _ = run_settings(config_file)
    if today is not None:
        settings = dataclasses.replace(settings, today=today)
    if not settings.docs_dir.is_dir():
        raise InputError(f"docs directory not found: {settings.docs_dir}")
    try:
        runway = evaluate(lint(settings), settings, phase)
    except GateConfigError as error:
        source = settings.config_file.name if settings.config_file else "handbook options"
        raise InputError(f"{source}: plugins.handbook.gates.{error}") from None
    text = FORMATS[output_format](runway, everything)
    emit(text, output_file, f"{output_format} report")
    if not runway.passed:
        sys.exit(1)
