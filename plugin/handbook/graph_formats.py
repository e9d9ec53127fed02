"""Exports of the item graph: json (the PRODUCT.md contract), dot, graphml, mermaid, csv.

Every export is sorted and byte-for-byte reproducible, and escapes every value taken from
frontmatter for the syntax it lands in.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.schemas import JsonObject


def node_record(item: Item) -> JsonObject:
    phase = item.data.get("phase")
    return {
        "id": item.id,
        "kind": item.kind.name,
        "title": item.title,
        "status": item.status,
        "phase": phase if isinstance(phase, str) else item.kind.phase,
        "path": item.document.rel_path,
        "line": item.line,
    }


def to_json(graph: ItemGraph) -> str:
    document = {
        "version": 1,
        "nodes": [node_record(graph.items[i]) for i in sorted(graph.items)],
        "edges": [
            {"source": e.source, "target": e.target, "relation": e.relation} for e in graph.edges()
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: ItemGraph) -> str:
    lines = ["digraph handbook {", "  rankdir=LR;", '  node [shape=box, fontname="sans-serif"];']
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        label = f"{item_id}\n{item.title}" if item.title else item_id
        lines.append(f"  {_dot_string(item_id)} [label={_dot_string(label)}];")
    for edge in graph.edges():
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f"[label={_dot_string(edge.relation)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: object) -> str:
    """Text XML 1.0 can hold: control characters it forbids become U+FFFD."""
    return _XML_INVALID.sub("\ufffd", str(value))


def to_graphml(graph: ItemGraph) -> str:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    fields = ("kind", "title", "status", "phase", "path", "line")
    for name in fields:
        ET.SubElement(
            root, "key", {"id": name, "for": "node", "attr.name": name, "attr.type": "string"}
        )
    ET.SubElement(
        root,
        "key",
        {"id": "relation", "for": "edge", "attr.name": "relation", "attr.type": "string"},
    )
    body = ET.SubElement(root, "graph", id="handbook", edgedefault="directed")
    for item_id in sorted(graph.items):
        record = node_record(graph.items[item_id])
        node = ET.SubElement(body, "node", id=_xml_text(item_id))
        for name in fields:
            if record[name] is not None:
                ET.SubElement(node, "data", key=name).text = _xml_text(record[name])
    for edge in graph.edges():
        element = ET.SubElement(
            body, "edge", source=_xml_text(edge.source), target=_xml_text(edge.target)
        )
        ET.SubElement(element, "data", key="relation").text = edge.relation
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ":" too: Mermaid deletes the last ";" of a line that looks like `style …:…#…;` before
# parsing, which would eat the end of an entity such as #quot;.
_MERMAID_UNSAFE = re.compile(r"[\"<>&#`\[\]{}()|:;]")
_MERMAID_ENTITY = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}


def mermaid_text(text: str) -> str:
    """``text`` made safe inside a quoted Mermaid label: no markup, no syntax, no newlines."""
    flat = " ".join(text.split())

    def entity(match: re.Match[str]) -> str:
        char = match.group(0)
        return _MERMAID_ENTITY.get(char, f"#{ord(char)};")

    return _MERMAID_UNSAFE.sub(entity, flat)


def mermaid_id(item_id: str) -> str:
    """A Mermaid node id for ``item_id``: letters, digits and underscores only."""
    return "n_" + re.sub(r"[^A-Za-z0-9]", lambda m: f"_{ord(m.group(0)):x}_", item_id)


def mermaid_node(item_id: str, item: Item) -> str:
    """A flowchart node line: the item's id and title, escaped for a quoted label."""
    label = f"{item_id}: {item.title}" if item.title else item_id
    return f'  {mermaid_id(item_id)}["{mermaid_text(label)}"]'


def mermaid_edge(source: str, relation: str, target: str) -> str:
    """A flowchart edge line labelled with the relation."""
    return f"  {mermaid_id(source)} -->|{mermaid_text(relation)}| {mermaid_id(target)}"


def to_mermaid(graph: ItemGraph, direction: str = "LR") -> str:
    lines = [f"flowchart {direction}"]
    lines += [mermaid_node(item_id, graph.items[item_id]) for item_id in sorted(graph.items)]
    lines += [mermaid_edge(e.source, e.relation, e.target) for e in graph.edges()]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    # Spreadsheets run cells that start with = + - @ as formulas; quote them as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(graph: ItemGraph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "source_kind", "relation", "target", "target_kind"])
    for edge in graph.edges():
        writer.writerow(
            [
                _cell(edge.source),
                graph.items[edge.source].kind.name,
                edge.relation,
                _cell(edge.target),
                graph.items[edge.target].kind.name,
            ]
        )
    return buffer.getvalue()


GRAPH_FORMATS: dict[str, Callable[[ItemGraph], str]] = {
    "json": to_json,
    "dot": to_dot,
    "graphml": to_graphml,
    "mermaid": to_mermaid,
    "csv": to_csv,
}
