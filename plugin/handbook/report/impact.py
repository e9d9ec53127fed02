"""``handbook graph --impact``: what relies on an item, as a readable list or as JSON."""

from __future__ import annotations

import json

from handbook.graph import ImpactPath, ItemGraph


def impact_text(graph: ItemGraph, root: str, paths: list[ImpactPath]) -> str:
    """Each dependent with its kind and title, and the chain of relations that reaches it."""
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


def impact_json(graph: ItemGraph, root: str, paths: list[ImpactPath]) -> str:
    """The impact as a versioned JSON document, in the walk's order."""
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
