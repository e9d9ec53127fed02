"""``handbook evidence``: each experiment's thresholds against the numbers in its result
files."""

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
from handbook.lint import lint
from handbook.report.evidence import FORMATS, EvidenceReport, Release


@click.command("evidence")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@report_format_option(FORMATS)
@output_file_option
@click.option("--today", type=IsoDate(), help="The date the evidence's age is counted to.")
@config_file_option
def command(
    ids: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    today: dt.date | None,
    config_file: Path | None,
) -> None:
    """Compare each experiment's thresholds with its evidence files (default: every
    experiment that lists some, and every release plan whose stages do; an SLO's id: the
    experiments that bear on it; a release plan's id: its stages).

    Exit status: 0 when no threshold fails, 1 when one does, 2 usage or configuration error.
    """
    settings, _ = run_settings(config_file)
    if today is not None:
        settings = dataclasses.replace(settings, today=today)
    if not settings.docs_dir.is_dir():
        raise InputError(f"docs directory not found: {settings.docs_dir}")
    result = lint(settings)
    context = result.context
    assert context is not None
    book = context.evidence
    experiments = book.experiments()
    releases = [Release(item, stages) for item, stages in book.releases()]
    slos = [book.for_slo(i) for i in context.items if i.kind.name == "slo" and i.id]
    slos = [s for s in slos if s.entries]
    if ids:
        chosen = []
        releases = []
        for wanted in ids:
            item = context.resolve(wanted)
            if item is None:
                raise InputError(f"no document has the id {wanted}")
            evidence = book.of(item)
            stages = book.stages(item)
            if evidence is not None:
                chosen.append(evidence)
            elif item.kind.name == "slo":
                chosen += [e for e, _ in book.for_slo(item).entries]
            elif not stages:
                raise InputError(f"{wanted} lists no evidence-files")
            if stages and all(r.item is not item for r in releases):
                releases.append(Release(item, stages))
        experiments = []
        for evidence in chosen:
            if all(evidence is not e for e in experiments):
                experiments.append(evidence)
        slos = [s for s in slos if s.item.id in ids]
    report = EvidenceReport(experiments, slos, settings.today, settings.evidence_days, releases)
    text = FORMATS[output_format](report)
    emit(text, output_file, f"{output_format} report written to {output_file}")
    if report.failed:
        sys.exit(1)
