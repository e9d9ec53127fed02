"""``handbook graph``: export the item graph, a neighbourhood of it, or an item's impact."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.cli.options import InputError, config_file_option, emit, run_settings
from handbook.graph import ImpactPath, ItemGraph
from handbook.graph_formats import GRAPH_FORMATS
from handbook.lint import load_graph
from handbook.report.impact import impact_json, impact_text
from handbook.suggest import close_matches


@click.command("graph")
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
def command(
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
    settings, _ = run_settings(config_file)
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
    if impact is not None and output_format is None:
        text = impact_text(graph, impact, paths)
    elif impact is not None and output_format == "json":
        text = impact_json(graph, impact, paths)
    else:
        text = GRAPH_FORMATS[output_format or "json"](view)
    emit(text, output_file, "graph")


def _known_id(graph: ItemGraph, item_id: str) -> str:
    if item_id in graph:
        return item_id
    close = close_matches(item_id, sorted(graph.items), count=3, cutoff=0.5, ignore_case=True)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unknown id {item_id!r}{hint}")
