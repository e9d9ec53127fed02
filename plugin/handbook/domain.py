"""The domain's facts, read from the schemas: rating scales, computed fields (a risk's score,
a failure mode's RPN), risk levels and their score bands, status enums, and runbook
rehearsal ages.

Nothing here is typed in Python: every number and word comes from a schema's ``x-handbook``
block or a JSON Schema ``enum``, so a kind or a status is added in its schema alone. Each
kind's facts are read once, when its :class:`~handbook.kinds.Kind` is built
(:func:`facts_from_meta`); the built-in schemas' facts are cached here for the callers that
need them before a run exists (the choices of ``coverage.risk_level``).

This module sits at the bottom of the layers: it imports only :mod:`handbook.schemas` and
the standard library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from handbook.schemas import builtin_schemas


def _integer(value: object) -> int | None:
    """``value`` when it is a whole number (a YAML ``true`` is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class Scale:
    """An ordinal rating written as a word or as its number, e.g. likelihood: rare = 1 …
    certain = 5."""

    name: str
    values: Mapping[str, int]
    """Each word's number, in ascending order."""
    fields: tuple[str, ...] = ()
    """The fields rated on this scale (``likelihood``, ``residual-likelihood``)."""

    @property
    def words(self) -> tuple[str, ...]:
        """The words from the lowest rating to the highest."""
        return tuple(sorted(self.values, key=self.values.__getitem__))

    @property
    def numbers(self) -> tuple[int, ...]:
        """The ratings, lowest first."""
        return tuple(sorted(set(self.values.values())))

    def number(self, value: object) -> int | None:
        """A rating written as a word or a number on this scale; None when it is neither."""
        if isinstance(value, str):
            return self.values.get(value)
        number = _integer(value)
        return number if number in self.values.values() else None


@dataclass(frozen=True, slots=True)
class Computed:
    """A field that is the product of others, e.g. ``score`` = likelihood × impact."""

    field: str
    factors: tuple[str, ...]
    scales: Mapping[str, Scale] = dataclasses.field(default_factory=dict)
    """The scale of each factor rated as words; other factors are whole numbers."""

    @property
    def formula(self) -> str:
        return " × ".join(self.factors)

    def factor(self, name: str, data: Mapping[str, Any]) -> int | None:
        """One factor's number: on its scale, or a whole number; None when missing."""
        scale = self.scales.get(name)
        value = data.get(name)
        return scale.number(value) if scale is not None else _integer(value)

    def compute(self, data: Mapping[str, Any]) -> int | None:
        """The product of the factors; None when any of them is missing or not a rating."""
        total = 1
        for name in self.factors:
            number = self.factor(name, data)
            if number is None:
                return None
            total *= number
        return total

    def value(self, data: Mapping[str, Any]) -> int | None:
        """The field as written when it is a whole number, else as computed."""
        written = _integer(data.get(self.field))
        return written if written is not None else self.compute(data)


@dataclass(frozen=True, slots=True)
class Band:
    """A level and the lowest score that reaches it."""

    level: str
    minimum: int


@dataclass(frozen=True, slots=True)
class Levels:
    """Named levels banded from a computed score (risk: very-low … critical)."""

    field: str
    """The field that states the level (``level``)."""
    score: str
    """The computed field the level is banded from (``score``)."""
    bands: tuple[Band, ...]
    """Lowest level first."""

    @property
    def order(self) -> tuple[str, ...]:
        """The level names from the lowest to the highest."""
        return tuple(band.level for band in self.bands)

    def rank(self, level: str) -> int | None:
        """The level's place in :attr:`order`; None for a word that is not a level."""
        return self.order.index(level) if level in self.order else None

    def for_score(self, score: int) -> str:
        """The highest level whose band the score reaches (the lowest level below them all)."""
        reached = [band.level for band in self.bands if score >= band.minimum]
        return reached[-1] if reached else self.bands[0].level


@dataclass(frozen=True, slots=True)
class AgeBands:
    """How fresh a dated activity is: ``ok``, ``warn`` after some days, ``gap`` after more
    days or when it never happened (runbook rehearsals)."""

    warn_after_days: int
    gap_after_days: int

    def band(self, age_days: int | None) -> str:
        if age_days is None or age_days > self.gap_after_days:
            return "gap"
        return "warn" if age_days > self.warn_after_days else "ok"


@dataclass(frozen=True, slots=True)
class ActionItems:
    """Dated, owned follow-ups listed in a kind's frontmatter (a postmortem's action items):
    the key of the list, the fields with the due date and the status, and the statuses that
    close an item."""

    key: str
    due: str
    status: str
    closed: frozenset[str]


@dataclass(frozen=True, slots=True)
class Facts:
    """What one kind's ``x-handbook`` block says beyond its fields and sections."""

    scales: Mapping[str, Scale] = dataclasses.field(default_factory=dict)
    computed: Mapping[str, Computed] = dataclasses.field(default_factory=dict)
    """By field, in the schema's order."""
    levels: Levels | None = None
    rehearsal_age: AgeBands | None = None
    action_items: ActionItems | None = None

    def scale(self, name: str) -> Scale | None:
        """A scale by name (``likelihood``), or the scale a field (``residual-impact``) is
        rated on."""
        found = self.scales.get(name)
        if found is not None:
            return found
        return next((s for s in self.scales.values() if name in s.fields), None)

    def value(self, name: str, data: Mapping[str, Any]) -> int | None:
        """A computed field as written, else as computed (a failure mode's ``rpn``)."""
        computed = self.computed.get(name)
        return computed.value(data) if computed is not None else _integer(data.get(name))

    def level(self, data: Mapping[str, Any]) -> str | None:
        """The item's level: its level field when that names a level, else banded from
        the score computed from its factors; None when the kind has no levels or the
        factors are missing."""
        if self.levels is None:
            return None
        stated = data.get(self.levels.field)
        if isinstance(stated, str) and stated in self.levels.order:
            return stated
        computed = self.computed.get(self.levels.score)
        score = computed.compute(data) if computed is not None else None
        return None if score is None else self.levels.for_score(score)


NO_FACTS = Facts()


def facts_from_meta(meta: Mapping[str, Any]) -> Facts:
    """Read a kind's facts from its ``x-handbook`` block; entries that are not in the shape
    the schemas use are left out (the block of a project's own kind is the user's text)."""
    scales = _scales(meta.get("scales"))
    return Facts(
        scales=scales,
        computed=_computed(meta.get("computed"), scales),
        levels=_levels(meta.get("levels")),
        rehearsal_age=_age_bands(meta.get("rehearsal-age")),
        action_items=_action_items(meta.get("action-items")),
    )


def _scales(block: object) -> Mapping[str, Scale]:
    result: dict[str, Scale] = {}
    for name, body in _mapping(block).items():
        values = _mapping(_mapping(body).get("values"))
        numbers = {str(w): n for w, n in values.items() if _integer(n) is not None}
        fields = tuple(str(f) for f in _list(_mapping(body).get("fields")))
        if numbers:
            ordered = dict(sorted(numbers.items(), key=lambda pair: pair[1]))
            result[str(name)] = Scale(str(name), MappingProxyType(ordered), fields or (name,))
    return MappingProxyType(result)


def _computed(block: object, scales: Mapping[str, Scale]) -> Mapping[str, Computed]:
    by_field = {f: s for s in scales.values() for f in s.fields}
    result: dict[str, Computed] = {}
    for name, factors in _mapping(block).items():
        names = tuple(str(f) for f in _list(factors))
        if names:
            used = {f: by_field[f] for f in names if f in by_field}
            result[str(name)] = Computed(str(name), names, MappingProxyType(used))
    return MappingProxyType(result)


def _levels(block: object) -> Levels | None:
    body = _mapping(block)
    bands = [
        Band(entry["level"], minimum)
        for entry in map(_mapping, _list(body.get("bands")))
        if isinstance(entry.get("level"), str)
        and (minimum := _integer(entry.get("from"))) is not None
    ]
    if not bands:
        return None
    bands.sort(key=lambda band: band.minimum)
    return Levels(str(body.get("field", "level")), str(body.get("score", "score")), tuple(bands))


def _age_bands(block: object) -> AgeBands | None:
    body = _mapping(block)
    warn, gap = _integer(body.get("warn-after-days")), _integer(body.get("gap-after-days"))
    return AgeBands(warn, gap) if warn is not None and gap is not None else None


def _action_items(block: object) -> ActionItems | None:
    body = _mapping(block)
    names = [body.get(name) for name in ("key", "due", "status")]
    if not all(isinstance(name, str) for name in names):
        return None
    key, due, status = (str(name) for name in names)
    closed = frozenset(str(word) for word in _list(body.get("closed")))
    return ActionItems(key, due, status, closed)


def _mapping(value: object) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


# The built-in schemas' facts, for callers without a run's kinds.


@cache
def builtin_facts(kind: str) -> Facts:
    """The facts of a built-in kind (empty for a name that is not one)."""
    meta = builtin_schemas().get(kind, {}).get("x-handbook")
    return facts_from_meta(meta) if isinstance(meta, Mapping) else NO_FACTS


@cache
def risk_levels() -> tuple[str, ...]:
    """The built-in risk levels, lowest first: the choices of ``coverage.risk_level``."""
    levels = builtin_facts("risk").levels
    return levels.order if levels is not None else ()


def enum(schema: Mapping[str, Any], field: str) -> tuple[str, ...]:
    """The words a schema's top-level ``field`` may take (its JSON Schema ``enum``), in the
    schema's order."""
    spec = _mapping(_mapping(schema.get("properties")).get(field))
    return tuple(v for v in _list(spec.get("enum")) if isinstance(v, str))


@cache
def statuses(kind: str) -> tuple[str, ...]:
    """A built-in kind's status enum, in lifecycle order (the schema's order)."""
    return enum(builtin_schemas().get(kind, {}), "status")


@cache
def phases() -> tuple[str, ...]:
    """The delivery phases, in order (``common.json``'s phase enum)."""
    phase = _mapping(_mapping(builtin_schemas().get("common", {}).get("$defs")).get("phase"))
    return tuple(v for v in _list(phase.get("enum")) if isinstance(v, str))


@cache
def categories(kind: str) -> tuple[str, ...]:
    """A built-in kind's category enum, in the schema's order."""
    return enum(builtin_schemas().get(kind, {}), "category")
