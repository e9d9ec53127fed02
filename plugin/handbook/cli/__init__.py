"""The ``handbook`` command line: a thin adapter over the core, one module per command.

Each command module parses its options, calls the core (lint, graph, coverage, authoring)
and prints what the renderers in :mod:`handbook.report` return; none renders or decides
anything itself.
"""

from __future__ import annotations

import click

from handbook import __version__
from handbook.cli import (
    coverage,
    diff,
    evidence,
    gate,
    graph,
    imports,
    init,
    lint,
    mkdocs,
    new,
    review,
    rules,
    schema,
    status,
    supersede,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def main() -> None:
    """Lint and publish a delivery handbook: decisions, risks, threats, failure modes, runbooks."""


for _command in (
    lint.command,
    graph.command,
    coverage.command,
    gate.command,
    new.command,
    status.command,
    supersede.command,
    review.command,
    diff.command,
    init.command,
    imports.command,
    schema.command,
    rules.command,
    evidence.command,
    mkdocs.build,
    mkdocs.serve,
):
    main.add_command(_command)

__all__ = ["main"]
