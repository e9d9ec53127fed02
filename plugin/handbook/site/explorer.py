"""The graph explorer's data file (``explorer.json``), read by ``explorer.js``; the page
itself is ``handbook/explorer.html``."""

from __future__ import annotations

import json

from handbook.graph import ItemGraph
from handbook.site.links import SiteIndex


def explorer_data(graph: ItemGraph, index: SiteIndex) -> str:
    """Nodes with their page URLs (relative to the site root) and edges, compactly."""
    nodes = []
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        published = index.items.get(item_id)
        nodes.append(
            {
                "id": item_id,
                "kind": item.kind.name,
                "title": item.title,
                "status": item.status,
                "url": published.url if published else None,
            }
        )
    document = {
        "version": 1,
        "kinds": sorted({graph.items[i].kind.name for i in graph.items}),
        "relations": sorted({e.relation for e in graph.edges()}),
        "nodes": nodes,
        "edges": [[e.source, e.target, e.relation] for e in graph.edges()],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
