"""Validate each item's frontmatter against its kind's JSON Schema, collecting every error.

Schema errors are sorted into three rules (missing field, invalid value, unknown field) and
mapped from their JSON path back to the YAML node that holds the offending key or value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cache, lru_cache

import jsonschema_rs

from handbook.load import Corpus, Issue
from handbook.model import Item
from handbook.rule_ids import INVALID_VALUE, MISSING_FIELD, UNKNOWN_FIELD
from handbook.schemas import JsonObject, Validator, builtin_schemas, ref_target
from handbook.suggest import close_matches

_IGNORED_KEYS = frozenset({"$schema"})

SITE_GENERATOR_KEYS = frozenset(
    {
        # MkDocs and Material for MkDocs page metadata
        "title",
        "description",
        "hide",
        "template",
        "icon",
        "search",
        "tags",
        "status",
        "subtitle",
        # Just the Docs (and Jekyll beneath it)
        "parent",
        "grand_parent",
        "nav_order",
        "has_children",
        "has_toc",
        "nav_exclude",
        "layout",
        "permalink",
        # Hugo
        "weight",
        "aliases",
        "draft",
        "slug",
        "lastmod",
    }
)
"""Page keys of the site generators a log may already be published with: not unknown
fields (HB103). A project adds its own with ``extra_frontmatter``."""


@cache
def _shared_keys() -> frozenset[str]:
    """Keys every kind's schema declares (the built-in relations among them)."""
    common = builtin_schemas().get("common", {})
    return frozenset(common.get("$defs", {}).get("document", {}).get("properties", {}))


def validate_corpus(
    corpus: Corpus,
    validator_for: Callable[[str], Validator],
    relation_keys: Collection[str] = (),
    allowed_keys: Collection[str] = (),
) -> None:
    """Append an :class:`Issue` to ``corpus.issues`` for every schema error of every item.

    ``relation_keys`` are the frontmatter keys of the run's relations: relations declared in
    config are not in the schemas, and are not unknown fields. Nor are ``allowed_keys``
    (the project's ``extra_frontmatter``) and the site generators' page keys.
    """
    extra = frozenset(relation_keys) - _shared_keys()
    allowed = SITE_GENERATOR_KEYS | frozenset(allowed_keys)
    for item in corpus.items:
        validator = validator_for(item.kind.name)
        if extra:
            corpus.issues.extend(_custom_relation_issues(item, extra))
        instance = _instance(item, extra)
        if validator.is_valid(instance):
            continue
        corpus.issues.extend(_issues(item, validator, instance, allowed))


def _custom_relation_issues(item: Item, relation_keys: frozenset[str]) -> Iterator[Issue]:
    """Relations declared in config are lists of ids, like the built-in ones."""
    for key in relation_keys & item.data.keys():
        value = item.data[key]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            continue
        yield Issue(
            INVALID_VALUE,
            item.document,
            item.position(key),
            f"{key}: {_show(value)} is not a list of ids (write {key}: [ID-001, ...])",
            item.id,
        )


def _instance(item: Item, relation_keys: frozenset[str]) -> dict[str, object]:
    instance = item.data
    if item.id_derived and item.id is not None:
        instance = {**instance, "id": item.id}
    custom = [key for key in instance if key in relation_keys]
    if custom:
        # Declared in config, not in the schema: checked by the HB2xx rules instead.
        instance = {k: v for k, v in instance.items() if k not in custom}
    return instance


def _issues(
    item: Item, validator: Validator, instance: dict[str, object], allowed: frozenset[str]
) -> Iterator[Issue]:
    errors = list(validator.iter_errors(instance))
    # A value outside an enum of strings also fails the "type: string" beside it; the enum
    # message (with its did-you-mean) says all there is to say.
    with_enum = {tuple(e.instance_path) for e in errors if e.kind.name == "enum"}
    for error in errors:
        if error.kind.name == "type" and tuple(error.instance_path) in with_enum:
            continue
        yield from _classify(item, error, allowed)


def _classify(
    item: Item, error: jsonschema_rs.ValidationError, allowed: frozenset[str] = frozenset()
) -> Iterator[Issue]:
    path: _Path = tuple(error.instance_path)
    kind = error.kind
    name = kind.name
    document = item.document
    field = _dotted(path)
    if not field.isprintable():
        field = repr(field)
    if isinstance(kind, ErrorKind.Required):
        missing = kind.property
        where = f" in {field}" if field else ""
        hint = _enum_hint(item, (*path, missing))
        yield Issue(
            MISSING_FIELD,
            document,
            item.position(*path) if path else item.anchor(),
            f"missing required field '{missing}'{where}{hint}",
            item.id,
        )
        return
    if isinstance(kind, (ErrorKind.UnevaluatedProperties, ErrorKind.AdditionalProperties)):
        known = _known_keys(item, path)
        for key in kind.unexpected:
            # When a shared field fails validation, unevaluatedProperties also lists the
            # shared keys as unexpected; only keys no schema declares are unknown.
            if key in _IGNORED_KEYS or str(key).startswith("x-") or key in known:
                continue
            if not path and key in allowed:
                continue  # a site generator's page key, or one the project allows
            suggestion = _closest(str(key), known)
            full = _dotted((*path, key))
            yield Issue(
                UNKNOWN_FIELD,
                document,
                item.position(*path, key, key=True),
                f"unknown field {_quoted(full)}{suggestion}; custom fields start with 'x-'",
                item.id,
            )
        return
    value = _show(error.instance)
    if isinstance(kind, ErrorKind.Enum):
        options = list(kind.options)
        suggestion = _closest(str(error.instance), [str(o) for o in options])
        message = f"{field}: {value} is not one of {_list(options)}{suggestion}"
    elif name == "type":
        phrase = _type_phrase(error.message)
        message = f"{field or 'frontmatter'}: {value} is not {phrase}"
        if phrase == "a list":
            message += _as_list(path, error.instance)
    elif name == "format":
        message = (
            f"{field}: {value} is not a valid {error.message.rsplit(' ', 1)[-1].strip(chr(34))}"
        )
        if "date-time" in error.message:
            message += " (write YYYY-MM-DDTHH:MM:SSZ)"
        elif "date" in error.message:
            message += " (write YYYY-MM-DD)"
    elif name == "pattern" and path and (path[-1] == "id" or isinstance(path[-1], int)):
        message = (
            f"{field}: {value} is not a valid id (PREFIX-NUMBER, like {item.kind.id_prefix}-0001)"
        )
    else:
        message = f"{field or 'frontmatter'}: {error.message}"
    yield Issue(INVALID_VALUE, document, item.position(*path), message, item.id)


def _quoted(text: str) -> str:
    """``text`` in quotes, with control characters escaped so a message stays one line."""
    if text.isprintable():
        return f"'{text}'"
    return repr(text)


def _dotted(path: _Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _list(options: Iterable[object]) -> str:
    return ", ".join(str(o) for o in options)


def _as_list(path: _Path, value: object) -> str:
    """`` (write supersedes: [ADR-0002])``: the fix for one value written where a list is
    wanted, when the value is short plain text or a number that fits in a flow list."""
    if not path or not isinstance(path[-1], str) or isinstance(value, bool):
        return ""
    if not isinstance(value, (str, int, float)):
        return ""
    text = str(value).strip()
    if (
        not text
        or len(text) > 60
        or not text.isprintable()
        or any(c in text for c in "[]{}#&*!|>'\":%@`")
    ):
        return ""
    return f" (write {path[-1]}: [{text}])"


def _type_phrase(message: str) -> str:
    # jsonschema-rs says: 5 is not of type "string"  (or: of types "a", "b")
    tail = message.split(" of type", 1)[-1].strip()
    tail = tail.lstrip("s").strip().replace('"', "")
    names = {
        "array": "a list",
        "object": "a mapping",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "null": "empty",
    }
    parts = [
        names.get(p.strip(), p.strip()) for p in tail.replace(" or ", ",").split(",") if p.strip()
    ]
    return " or ".join(parts) or "of the expected type"


def _closest(word: str, candidates: list[str]) -> str:
    return _closest_among(word, tuple(candidates))


@lru_cache(maxsize=4096)
def _closest_among(word: str, candidates: tuple[str, ...]) -> str:
    # The same misspelt key or value recurs across a corpus (each kind has few fields and
    # values), and difflib's ratio against every candidate costs milliseconds: ask once.
    matches = close_matches(word, candidates, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


ErrorKind = jsonschema_rs.ValidationErrorKind

_Path = tuple[str | int, ...]
"""Where a value sits in the frontmatter: keys and list indexes."""

_Located = tuple[object, str]
"""A schema fragment and the name of the schema file it sits in (for ``#/...`` refs)."""


def _schemas_for(item: Item) -> dict[str, JsonObject]:
    """The shipped schemas, with the item's own kind's schema under its name: a project's
    kind resolves its ``#/...`` references in its own file, even where it replaces a
    built-in kind of the same name."""
    schemas = builtin_schemas()
    if schemas.get(item.kind.name) is item.kind.schema:
        return schemas
    return {**schemas, item.kind.name: item.kind.schema}


def _subschema(item: Item, path: _Path) -> _Located:
    """The schema that describes the value at ``path`` (following properties and items)."""
    schemas = _schemas_for(item)
    located: _Located = (item.kind.schema, item.kind.name)
    for part in path:
        schema, base = _resolve(located, schemas)
        if not isinstance(schema, dict):
            return None, base
        if isinstance(part, int):
            located = (schema.get("items"), base)
        else:
            located = _property((schema, base), part, schemas)
    return _resolve(located, schemas)


def _property(located: _Located, name: str, schemas: dict[str, JsonObject]) -> _Located:
    schema, base = _resolve(located, schemas)
    if not isinstance(schema, dict):
        return None, base
    properties = schema.get("properties", {})
    if name in properties:
        return properties[name], base
    for part in schema.get("allOf", ()):
        found = _property((part, base), name, schemas)
        if found[0] is not None:
            return found
    return None, base


def _resolve(located: _Located, schemas: dict[str, JsonObject]) -> _Located:
    schema, base = located
    seen: set[tuple[str, str]] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        step = (base, schema["$ref"])
        if step in seen:  # a $ref cycle (refused at config time; never loop on one here)
            return None, base
        seen.add(step)
        schema, base = ref_target(schema["$ref"], base, schemas)
    return schema, base


def _known_keys(item: Item, path: _Path) -> list[str]:
    schema, base = _subschema(item, path)
    if not isinstance(schema, dict):
        return []
    keys = set(schema.get("properties", {}))
    for part in schema.get("allOf", ()):
        resolved, _ = _resolve((part, base), _schemas_for(item))
        if isinstance(resolved, dict):
            keys.update(resolved.get("properties", {}))
    return sorted(keys)


def _enum_hint(item: Item, path: _Path) -> str:
    schema, _ = _subschema(item, path)
    if isinstance(schema, dict) and "enum" in schema and len(schema["enum"]) <= 12:
        return f" (one of {_list(schema['enum'])})"
    return ""
