"""Load the JSON Schemas that ship with handbook, and compile validators for them.

The schema files are the single source for validation, editor completion, ``handbook schema``
and the reference pages. In a wheel they live in ``handbook/schemas``; in a source checkout
they are the repository's top-level ``schemas/`` folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

import jsonschema_rs

BASE_URI = "https://handbook.invalid/schemas/"

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object as read from a file (a schema, a ``x-handbook`` block): a true boundary,
whose values are whatever the JSON holds until the reader checks them."""

Validator: TypeAlias = jsonschema_rs.Validator
"""A compiled validator of one kind's schema."""


def schema_dir() -> Path:
    """The folder holding the shipped schemas."""
    packaged = resources.files("handbook") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("handbook's JSON Schemas are missing from this installation")


@cache
def builtin_schemas() -> dict[str, JsonObject]:
    """Every shipped schema by name (file name without ``.json``), ``common`` included."""
    folder = schema_dir()
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }


def _registry(schemas: dict[str, JsonObject]) -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry(
        [(_schema_uri(name, body), body) for name, body in schemas.items()]
    )


def compile_validator(schema: JsonObject, schemas: dict[str, JsonObject]) -> Validator:
    """A jsonschema-rs validator for ``schema`` that resolves references among ``schemas``."""
    return jsonschema_rs.validator_for(
        schema, registry=_registry(schemas), validate_formats=True, offline=True
    )


def bundled(schema: JsonObject, schemas: dict[str, JsonObject]) -> JsonObject:
    """``schema`` with every schema it references embedded, for tools that read one file.

    Each referenced file goes under ``$defs`` whole, keeping its ``$id``, so the references
    (``common.json#/$defs/id``) resolve to the embedded copy as JSON Schema 2020-12 defines.
    """
    result = dict(schema)
    embedded = dict(result.get("$defs", {}))
    for name in sorted(_referenced_files(schema, schemas)):
        embedded[f"{name}.json"] = {**schemas[name], "$id": _schema_uri(name, schemas[name])}
    if embedded:
        result["$defs"] = embedded
    return result


def _referenced_files(schema: object, schemas: dict[str, JsonObject]) -> set[str]:
    """Names of the schema files ``schema`` references, directly or through each other."""
    found: set[str] = set()
    pending: list[object] = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                name = ref.partition("#")[0].removesuffix(".json")
                if name in schemas and name not in found:
                    found.add(name)
                    pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _schema_uri(name: str, body: JsonObject) -> str:
    uri = body.get("$id")
    return uri if isinstance(uri, str) else BASE_URI + name + ".json"


def ref_target(ref: str, base: str, schemas: Mapping[str, JsonObject]) -> tuple[object, str]:
    """The fragment a ``$ref`` names (``file.json#/pointer`` or ``#/pointer``) and its file."""
    file_part, _, pointer = ref.partition("#")
    base = file_part.removesuffix(".json") if file_part else base
    target: object = schemas.get(base)
    for token in (t for t in pointer.split("/") if t):
        token = token.replace("~1", "/").replace("~0", "~")
        target = target.get(token) if isinstance(target, dict) else None
    return target, base


def ref_cycle(name: str, schemas: Mapping[str, JsonObject]) -> list[str] | None:
    """A chain of ``$ref``s in schema ``name`` that comes back to itself without ever reaching
    a schema of its own (``a -> b -> a``), or None. Recursion through properties or items,
    as a tree's schema has, is not such a chain."""
    pending: list[object] = [schemas.get(name)]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        pending.extend(value for key, value in node.items() if key != "$ref")
        chain: list[str] = []
        current: object = node
        base = name
        while isinstance(current, dict) and isinstance(current.get("$ref"), str):
            ref = current["$ref"]
            step = f"{base}.json{ref}" if ref.startswith("#") and base != name else ref
            if step in chain:
                return [*chain[chain.index(step) :], step]
            chain.append(step)
            current, base = ref_target(current["$ref"], base, schemas)
    return None
