"""Typed, directed relations between items, each with its inverse and allowed kinds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

import yaml


class RelationConfigError(ValueError):
    """A relation declared in config is malformed."""


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation: written under ``name`` at its source, or under ``inverse`` at its target.

    Empty ``sources`` or ``targets`` means any kind is allowed at that end.
    """

    name: str
    inverse: str
    sources: frozenset[str]
    targets: frozenset[str]
    description: str = ""
    dependent: str = "none"
    """Which end relies on the other: ``source``, ``target`` or ``none``."""
    min: int | None = None
    max: int | None = None
    """Bounds on how many of these edges each item of a source kind has."""
    agree: bool = False
    """When both ends write the relation, each must name the other (HB208)."""

    @property
    def symmetric(self) -> bool:
        return self.name == self.inverse

    def allows_source(self, kind: str) -> bool:
        return not self.sources or kind in self.sources

    def allows_target(self, kind: str) -> bool:
        return not self.targets or kind in self.targets


@dataclass(frozen=True, slots=True)
class RelationKey:
    """A frontmatter key that writes a relation, and which direction it writes it in."""

    relation: Relation
    forward: bool


class RelationRegistry:
    """The relations of one run, looked up by either of their frontmatter keys."""

    def __init__(self, relations: Mapping[str, Relation]) -> None:
        self.relations = dict(relations)
        self.keys: dict[str, RelationKey] = {}
        for relation in self.relations.values():
            self.keys[relation.name] = RelationKey(relation, True)
            if not relation.symmetric:
                self.keys[relation.inverse] = RelationKey(relation, False)

    def check_kinds(self, known: set[str]) -> None:
        """Raise :class:`RelationConfigError` for a relation naming a kind that is not known,
        or two relations claiming the same frontmatter key."""
        for relation in self.relations.values():
            for kind in sorted(relation.sources | relation.targets):
                if kind not in known:
                    raise RelationConfigError(
                        f"relation '{relation.name}' names unknown kind '{kind}' "
                        f"(known: {', '.join(sorted(known))})"
                    )
        claimed: dict[str, str] = {}
        for relation in self.relations.values():
            for key in {relation.name, relation.inverse}:
                if key in claimed and claimed[key] != relation.name:
                    raise RelationConfigError(
                        f"relations '{claimed[key]}' and '{relation.name}' both use the key '{key}'"
                    )
                claimed[key] = relation.name

    def __iter__(self) -> Iterator[Relation]:
        return iter(self.relations.values())

    def key(self, name: str) -> RelationKey | None:
        return self.keys.get(name)

    @classmethod
    def from_config(cls, extra: Mapping[str, object] | None = None) -> RelationRegistry:
        """The built-in relations, plus (and possibly overridden by) those of ``extra``."""
        declared: dict[str, object] = dict(_builtin_declarations())
        declared.update(extra or {})
        relations = {name: _relation(name, body) for name, body in declared.items()}
        return cls(relations)


def _builtin_declarations() -> dict[str, object]:
    text = (resources.files("handbook") / "builtin_relations.yml").read_text(encoding="utf-8")
    # Our own file, read by the C loader when PyYAML has it: every run reads it first.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data


def _relation(name: str, body: object) -> Relation:
    if not isinstance(body, Mapping):
        raise RelationConfigError(
            f"relation '{name}' must be a mapping with 'inverse', 'from', 'to'"
        )
    inverse = body.get("inverse", name)
    if not isinstance(inverse, str) or not inverse:
        raise RelationConfigError(f"relation '{name}': 'inverse' must be a name")

    def kinds(key: str) -> frozenset[str]:
        value = body.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RelationConfigError(f"relation '{name}': '{key}' must be a list of kinds")
        return frozenset(value)

    unknown = set(body) - _RELATION_KEYS
    if unknown:
        raise RelationConfigError(
            f"relation '{name}': unknown key '{sorted(unknown)[0]}' "
            f"(use {', '.join(sorted(_RELATION_KEYS))})"
        )
    dependent = body.get("dependent", "none")
    if dependent not in ("source", "target", "none"):
        raise RelationConfigError(f"relation '{name}': dependent must be source, target or none")

    def bound(key: str) -> int | None:
        value = body.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RelationConfigError(f"relation '{name}': '{key}' must be a whole number >= 0")
        return value

    low, high = bound("min"), bound("max")
    if low is not None and high is not None and low > high:
        raise RelationConfigError(f"relation '{name}': 'min' ({low}) is more than 'max' ({high})")
    return Relation(
        name,
        inverse,
        kinds("from"),
        kinds("to"),
        str(body.get("description", "")),
        dependent,
        low,
        high,
        bool(body.get("agree", False)),
    )


_RELATION_KEYS = frozenset(
    {"inverse", "from", "to", "description", "dependent", "min", "max", "agree"}
)
