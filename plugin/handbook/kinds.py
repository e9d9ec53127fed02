"""The kinds of document handbook knows: each read from its JSON Schema's ``x-handbook`` block."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jsonschema_rs

from handbook.domain import NO_FACTS, Facts, enum, facts_from_meta
from handbook.schemas import (
    BASE_URI,
    Validator,
    builtin_schemas,
    compile_validator,
    schema_dir,
)


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A required body section and the headings accepted in its place."""

    name: str
    synonyms: tuple[str, ...] = ()
    accepted: frozenset[str] = frozenset()
    """Normalised forms of the name and synonyms (see :func:`normalise_heading`)."""
    optional_with: tuple[str, ...] = ()
    """Headings of templates in which the section is optional (MADR's Consequences)."""
    also_accepted: tuple[str, ...] = ()
    """Headings of other templates that count too, not named in messages."""

    def __post_init__(self) -> None:
        names = (self.name, *self.synonyms, *self.also_accepted)
        forms = frozenset(normalise_heading(n) for n in names)
        object.__setattr__(self, "accepted", forms)

    def optional_in(self, headings: frozenset[str] | set[str]) -> bool:
        """True when ``headings`` (normalised) hold one that makes the section optional."""
        return any(normalise_heading(h) in headings for h in self.optional_with)

    def accepts(self, heading: str) -> bool:
        return normalise_heading(heading) in self.accepted


@dataclass(frozen=True, slots=True)
class Kind:
    """A document kind: its schema, id prefix, default folder, sections and status groups."""

    name: str
    title: str
    schema: dict[str, Any]
    id_prefix: str
    folder: str | None
    phase: str | None
    container_key: str | None = None
    contained_kind: str | None = None
    sections: tuple[SectionSpec, ...] = ()
    active_statuses: frozenset[str] = frozenset()
    inactive_statuses: frozenset[str] = frozenset()
    open_statuses: frozenset[str] = frozenset()
    fields: frozenset[str] = field(default_factory=frozenset)
    status_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Every group of the ``statuses`` block by name: ``active``, ``inactive`` and ``open``,
    and any other the schema declares (a threat's ``resolved``, an ADR's ``withdrawn``)."""
    facts: Facts = NO_FACTS
    """Scales, computed fields, levels and the like, from the ``x-handbook`` block."""
    meaning_fields: tuple[str, ...] | None = None
    """The fields whose values make up an item's meaning, for suspect links (HB215); None
    when the kind declares no ``meaning`` block: then every field but the relations."""
    meaning_body: bool = True
    """Whether the body is part of the meaning."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """The ``x-handbook`` block as written (gate expressions read it as ``facts``)."""
    default_status: str | None = None
    """The status of a document that writes none, for kinds whose lifecycle needs none
    written (``status-optional``: runbooks, registers, threat models): the first active
    status."""

    @property
    def is_container(self) -> bool:
        return self.container_key is not None

    @property
    def statuses(self) -> tuple[str, ...]:
        """The status enum of the kind's schema, in the schema's order."""
        return enum(self.schema, "status")

    def in_group(self, status: str | None, group: str) -> bool:
        """True when ``status`` belongs to the kind's status group ``group``."""
        return status is not None and status in self.status_groups.get(group, frozenset())


class KindCatalog:
    """All kinds of one run, with their compiled validators (compiled once, on first use)."""

    def __init__(self, kinds: Mapping[str, Kind], schemas: dict[str, dict[str, Any]]) -> None:
        self.kinds = dict(kinds)
        self.schemas = schemas
        """Every schema by name: the kinds' and those they reference (``common``)."""
        self._validators: dict[str, Validator] = {}
        self.by_prefix = {kind.id_prefix: kind for kind in self.kinds.values()}

    def __contains__(self, name: object) -> bool:
        return name in self.kinds

    def __getitem__(self, name: str) -> Kind:
        return self.kinds[name]

    def get(self, name: str) -> Kind | None:
        return self.kinds.get(name)

    def names(self) -> list[str]:
        return sorted(self.kinds)

    def validator(self, name: str) -> Validator:
        validator = self._validators.get(name)
        if validator is None:
            validator = compile_validator(self.kinds[name].schema, self.schemas)
            self._validators[name] = validator
        return validator

    @classmethod
    def builtin(
        cls,
        id_prefixes: Mapping[str, str] | None = None,
        extra: Mapping[str, tuple[dict[str, Any], dict[str, Any]]] | None = None,
    ) -> KindCatalog:
        """The built-in kinds, plus ``extra`` kinds as ``name: (schema, x-handbook)``, which
        may also replace a built-in one; ``id_prefixes`` override any kind's prefix."""
        schemas = dict(builtin_schemas())
        declared: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        for name, schema in schemas.items():
            meta = schema.get("x-handbook")
            if isinstance(meta, dict):
                declared[name] = (schema, meta)
        for name, (schema, meta) in (extra or {}).items():
            # A project's schema resolves references such as common.json#/$defs/document
            # against the shipped ones, as a built-in schema does.
            schema = {**schema, "$id": schema.get("$id") or f"{BASE_URI}{name}.json"}
            schemas[name] = schema
            declared[name] = (schema, {**meta, "kind": name})
        kinds = {}
        for name, (schema, meta) in declared.items():
            kind = kind_from_schema(name, schema, meta)
            if id_prefixes and kind.name in id_prefixes:
                kind = _with_prefix(kind, id_prefixes[kind.name])
            kinds[kind.name] = kind
        return cls(kinds, schemas)


def meta_problem(meta: Mapping[str, Any]) -> str | None:
    """The first thing wrong with an ``x-handbook`` block, as ``x-handbook.PATH: what``,
    checked against ``schemas/meta/x-handbook.json``; None when it can be used."""
    for error in _meta_validator().iter_errors(dict(meta)):
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.instance_path
        )
        return f"x-handbook{where}: {error.message}"
    return None


@lru_cache(maxsize=1)
def _meta_validator() -> Validator:
    path = schema_dir() / "meta" / "x-handbook.json"
    return jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")))


def kind_from_schema(name: str, schema: dict[str, Any], meta: dict[str, Any]) -> Kind:
    """Read a :class:`Kind` from a schema and its ``x-handbook`` block."""
    container = meta.get("container") or {}
    statuses = meta.get("statuses") or {}
    sections = tuple(
        SectionSpec(
            str(s["name"]),
            tuple(str(x) for x in s.get("synonyms", ())),
            optional_with=tuple(str(x) for x in s.get("optional-with", ())),
            also_accepted=tuple(str(x) for x in s.get("also-accepted", ())),
        )
        for s in meta.get("sections") or ()
    )
    return Kind(
        name=str(meta.get("kind", name)),
        title=str(meta.get("title", name)),
        schema=schema,
        id_prefix=str(meta.get("id-prefix", name.upper())),
        folder=meta.get("folder"),
        phase=meta.get("phase"),
        container_key=container.get("key"),
        contained_kind=container.get("kind"),
        sections=sections,
        active_statuses=frozenset(statuses.get("active", ())),
        inactive_statuses=frozenset(statuses.get("inactive", ())),
        open_statuses=frozenset(statuses.get("open", ())),
        fields=frozenset(schema.get("properties", {})),
        status_groups={
            str(group): frozenset(str(s) for s in members)
            for group, members in statuses.items()
            if isinstance(members, list)
        },
        facts=facts_from_meta(meta),
        meaning_fields=_meaning_fields(meta.get("meaning")),
        meaning_body=bool((meta.get("meaning") or {}).get("body", True)),
        meta=meta,
        default_status=(
            str(statuses["active"][0])
            if meta.get("status-optional") and statuses.get("active")
            else None
        ),
    )


def _meaning_fields(block: object) -> tuple[str, ...] | None:
    if not isinstance(block, dict) or not isinstance(block.get("fields"), list):
        return None
    return tuple(str(name) for name in block["fields"])


def _with_prefix(kind: Kind, prefix: str) -> Kind:
    from dataclasses import replace

    return replace(kind, id_prefix=prefix)


# "2.", "3.1)", "10 ": runs of digits joined by single "." or ")". Written without a nested
# quantifier (``(?:[0-9]+[.)]?)+`` is exponential on thirty digits and a letter) and with
# possessive runs, so a failing match gives nothing back.
_HEADING_NUMBER = re.compile(r"^\s*+[0-9]++(?:[.)][0-9]++)*+[.)]?+\s+")
_HEADING_NOISE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def normalise_heading(text: str) -> str:
    """Compare headings without case, punctuation or numbering ("2. Context:" is "context")."""
    return _HEADING_NOISE.sub(" ", _HEADING_NUMBER.sub("", text.lower())).strip()
