"""Units and metrics of evidence, read from ``metrics.yml`` beside this module: a limit such
as ``300ms`` or ``>= 500 req/s`` parsed into a number in its dimension's base unit, and the
metric a threshold names resolved to its dimension and bound.

Nothing here types a unit or a metric in Python; the data file is the one place they live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

import yaml

ANY_DIMENSION = "any"
"""The dimension of a metric whose unit comes from the threshold (a JSON value)."""

UPPER, LOWER = "upper", "lower"
"""A limit the value must stay at or below, or at or above."""

_OPERATORS = {"<=": UPPER, "<": UPPER, "≤": UPPER, ">=": LOWER, ">": LOWER, "≥": LOWER}


class UnitError(ValueError):
    """A limit or a unit that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    dimension: str
    bound: str
    statistic: str
    synonyms: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Limit:
    """A parsed limit: the number in the base unit of its dimension, and its bound."""

    text: str
    value: float
    dimension: str
    bound: str | None
    """UPPER or LOWER when the text named an operator, else None (the metric's bound)."""
    strict: bool = False
    """True for ``<`` and ``>``: equal to the limit is outside it."""


@dataclass(frozen=True, slots=True)
class Catalog:
    units: Mapping[str, Unit]
    dimensions: Mapping[str, str]
    metrics: Mapping[str, Metric]
    aliases: Mapping[str, str]

    def base_unit(self, dimension: str) -> str:
        return self.dimensions.get(dimension, "")

    def metric(self, name: str) -> Metric | None:
        """The metric ``name`` names (its own name or a synonym), case-insensitively."""
        key = self.aliases.get(name.strip().lower())
        return self.metrics[key] if key is not None else None

    def unit(self, name: str) -> Unit | None:
        return self.units.get(name.strip())

    def parse_limit(self, text: object) -> Limit:
        """``300ms``, ``0.1%``, ``>= 500 req/s``, ``12`` or a bare number: the limit in the
        base unit. Raises :class:`UnitError` naming what is wrong."""
        if isinstance(text, bool) or not isinstance(text, str | int | float):
            raise UnitError(f"a limit is a number with its unit, not {text!r}")
        written = str(text).strip()
        rest, bound, strict = written, None, False
        for operator in sorted(_OPERATORS, key=len, reverse=True):
            if rest.startswith(operator):
                bound, strict = _OPERATORS[operator], operator in ("<", ">")
                rest = rest[len(operator) :].strip()
                break
        number, unit_text = _split_number(rest)
        if number is None:
            raise UnitError(f"limit {written!r} does not start with a number")
        unit = self.unit(unit_text)
        if unit is None:
            known = ", ".join(repr(u) for u in self.units if u)
            raise UnitError(f"limit {written!r}: unknown unit {unit_text!r} (known: {known})")
        return Limit(written, number * unit.factor, unit.dimension, bound, strict)


def _split_number(text: str) -> tuple[float | None, str]:
    """The leading decimal number of ``text`` and what follows it, without a regex."""
    end = 0
    seen_digit = False
    for index, char in enumerate(text):
        if char.isdigit():
            seen_digit = True
            end = index + 1
        elif char in ".-+" and (index == 0 or char == "."):
            end = index + 1
        else:
            break
    if not seen_digit:
        return None, text
    try:
        return float(text[:end]), text[end:].strip()
    except ValueError:
        return None, text


def format_value(value: float, dimension: str, catalog: Catalog) -> str:
    """``241.5 ms``, ``0.12 %``, ``33.3 req/s``: a measured value in its base unit."""
    unit = catalog.base_unit(dimension)
    number = f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return f"{number} {unit}".strip()


@cache
def catalog() -> Catalog:
    """The units and metrics of ``metrics.yml``."""
    text = files("handbook.evidence").joinpath("metrics.yml").read_text(encoding="utf-8")
    # libyaml's loader where PyYAML has it: every lint run reads this file.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    units = {
        str(name): Unit(str(name), str(u["dimension"]), float(u["factor"]))
        for name, u in data["units"].items()
    }
    metrics = {}
    aliases = {}
    for name, m in data["metrics"].items():
        metric = Metric(
            str(name),
            str(m["dimension"]),
            str(m["bound"]),
            str(m["statistic"]),
            tuple(str(s) for s in m.get("synonyms") or ()),
            str(m["description"]),
        )
        metrics[metric.name] = metric
        for alias in (metric.name, *metric.synonyms):
            aliases[alias.lower()] = metric.name
    dimensions = {str(k): str(v) for k, v in data["dimensions"].items()}
    return Catalog(
        MappingProxyType(units),
        MappingProxyType(dimensions),
        MappingProxyType(metrics),
        MappingProxyType(aliases),
    )
