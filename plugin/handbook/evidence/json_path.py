"""Any JSON file, with each threshold's value addressed by a path expression (its ``key``):
``$.results.latency.p95``, ``stats[0].median``, ``$['http req']['p(95)']``. The subset of
JSONPath read is a root ``$`` (optional), ``.name``, ``[index]`` and ``['name']`` or
``["name"]``; no wildcards, filters or slices, so each expression names one value. The
value's unit is the threshold's ``unit`` (``ms``, ``s``, ``%``, ``ratio``, ``req/s``).
"""

from __future__ import annotations

from pathlib import Path

from handbook.evidence.reading import EvidenceError, Reading
from handbook.evidence.source import read_json

FORMAT = "json"

MAX_EXPRESSION = 500


class PathError(ValueError):
    """A path expression that cannot be read, or names nothing in the file."""


def read(path: Path) -> Reading:
    data = read_json(path)
    if not isinstance(data, dict | list):
        raise EvidenceError("a JSON file whose top is not an object or a list")
    return Reading(FORMAT, (), document=data)


def parse(expression: str) -> tuple[str | int, ...]:
    """The steps of ``expression``: names and indexes. Raises :class:`PathError`."""
    text = expression.strip()
    if not text or len(text) > MAX_EXPRESSION:
        raise PathError("an empty or overlong path expression")
    steps: list[str | int] = []
    index = 0
    if text.startswith("$"):
        index = 1
    elif text[0] not in ".[":
        text = "." + text
    while index < len(text):
        char = text[index]
        if char == ".":
            end = index + 1
            while end < len(text) and text[end] not in ".[":
                end += 1
            name = text[index + 1 : end]
            if not name:
                raise PathError(f"an empty name at character {index + 1}")
            steps.append(int(name) if name.isdigit() else name)
            index = end
        elif char == "[":
            close = text.find("]", index)
            if close < 0:
                raise PathError(f"an unclosed [ at character {index + 1}")
            inner = text[index + 1 : close].strip()
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                name = inner[1:-1]
                if inner[0] in name:
                    # a quote of the same kind inside: the ] found may be inside the name
                    raise PathError("a quoted name holding its own quote")
                steps.append(name)
            elif inner.isdigit():
                steps.append(int(inner))
            else:
                raise PathError(f"[{inner}] is neither an index nor a quoted name")
            index = close + 1
        else:
            raise PathError(f"unexpected {char!r} at character {index + 1}")
    return tuple(steps)


def lookup(document: object, expression: str) -> object:
    """The value ``expression`` names in ``document``; :class:`PathError` when nothing is
    there (naming the first step that is missing)."""
    value = document
    walked = "$"
    for step in parse(expression):
        if isinstance(step, int) and isinstance(value, list):
            if step >= len(value):
                raise PathError(f"{walked} has {len(value)} items, no [{step}]")
            value = value[step]
            walked += f"[{step}]"
        elif isinstance(value, dict) and str(step) in value:
            value = value[str(step)]
            walked += f".{step}"
        else:
            raise PathError(f"{walked} has no {step!r}")
    return value
