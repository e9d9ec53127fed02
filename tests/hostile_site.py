"""Hostile handbooks for the plugin's tests: every field of every kind (handbook's, and the
keys MkDocs and Material read as page metadata) set to one value.

``hostile_project(root, value)`` writes a MkDocs project with one document per kind and a
container of each container kind with one contained item, every field but ``id`` and
``kind`` set to ``value`` (a payload string, or a value of the wrong type), and the fields
in ``overrides`` to theirs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from handbook.kinds import KindCatalog
from handbook.schemas import builtin_schemas

THEME_KEYS = (
    "title",
    "description",
    "tags",
    "hide",
    "search",
    "icon",
    "status",
    "subtitle",
    "author",
    "template",
    "location",
    "redirect",
    "comments",
)
"""Keys of a page's metadata that MkDocs or Material (or a common plugin) act on."""

RELATIONS_FILE = Path(__file__).parent.parent / "plugin" / "handbook" / "builtin_relations.yml"


def common_fields() -> list[str]:
    document = builtin_schemas()["common"]["$defs"]["document"]
    return sorted(set(document["properties"]) - {"$schema", "kind", "id"})


def relation_fields() -> list[str]:
    relations = yaml.safe_load(RELATIONS_FILE.read_text(encoding="utf-8"))
    names = set(relations)
    names |= {spec["inverse"] for spec in relations.values() if spec.get("inverse")}
    return sorted(names)


def fields_of(kind: str) -> list[str]:
    own = KindCatalog.builtin()[kind].fields
    every = set(own) | set(common_fields()) | set(relation_fields()) | set(THEME_KEYS)
    return sorted(every - {"id", "kind"})


def _frontmatter(data: dict[str, Any]) -> str:
    # JSON is YAML: every value written exactly, whatever it holds.
    lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def hostile_project(
    root: Path, value: object, *, overrides: dict[str, Any] | None = None, extra_config: str = ""
) -> Path:
    catalog = KindCatalog.builtin()
    docs = root / "docs"
    (docs / "items").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nThe hostile handbook.\n", encoding="utf-8")
    for number, kind in enumerate(sorted(catalog.kinds.values(), key=lambda k: k.name), 1):
        item_id = f"{kind.id_prefix}-{number:03d}"
        data: dict[str, Any] = {"kind": kind.name, "id": item_id}
        data.update(dict.fromkeys(fields_of(kind.name), value))
        data.update(overrides or {})
        body = f"# {kind.title} {number}\n\nMentions ADR-001 and RISK-007 in text.\n"
        (docs / "items" / f"{kind.name}.md").write_text(_frontmatter(data) + body, "utf-8")
        if kind.container_key and kind.contained_kind:
            prefix = catalog[kind.contained_kind].id_prefix
            inner: dict[str, Any] = {"id": f"{prefix}-9{number:02d}"}
            inner.update(dict.fromkeys(fields_of(kind.contained_kind), value))
            inner.update(overrides or {})
            container = {
                "kind": kind.name,
                "id": f"{kind.id_prefix}-1{number:02d}",
                "title": f"A {kind.title}",
                kind.container_key: [inner],
            }
            (docs / "items" / f"{kind.name}-container.md").write_text(
                _frontmatter(container) + f"# A {kind.title}\n\nText.\n", "utf-8"
            )
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile handbook\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - handbook:\n      nav_items: true\n" + extra_config,
        encoding="utf-8",
    )
    return root
