"""The evidence formats, each a small reader module with its ``FORMAT`` name and ``read``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from handbook.evidence import artillery, jmeter, json_path, junit, k6, locust
from handbook.evidence.reading import Reading

Reader = Callable[[Path], Reading]

READERS: Mapping[str, Reader] = MappingProxyType(
    {module.FORMAT: module.read for module in (k6, locust, artillery, jmeter, junit, json_path)}
)
"""Each format's reader, by the name an evidence file's ``format`` gives."""

JSON_FORMAT = json_path.FORMAT
