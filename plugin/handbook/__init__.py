"""handbook: the delivery handbook as code.

The public API is small: :func:`lint` runs the whole pipeline over a docs directory and
returns a :class:`LintResult`; :class:`Settings` carries what the ``handbook`` block of
``mkdocs.yml`` configures (:func:`load_settings` reads it, :func:`settings_for_docs` makes one
for a docs folder without a ``mkdocs.yml``); :class:`Finding` is the one diagnostic type every
output reads.

The config reader's names are imported when first used, so that importing the core
(``handbook.lint``, ``handbook.settings``) does not load MkDocs, which only the config reader,
the plugin and the site need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint
from handbook.settings import Settings

if TYPE_CHECKING:
    from handbook.config import ConfigError, load_settings, settings_for_docs

__version__ = "0.1.0"

_LAZY = {"ConfigError", "load_settings", "settings_for_docs"}
"""Names from :mod:`handbook.config`, imported on first use."""

__all__ = [
    "ConfigError",
    "Finding",
    "LintResult",
    "Settings",
    "Severity",
    "__version__",
    "lint",
    "load_settings",
    "settings_for_docs",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'handbook' has no attribute {name!r}")
    value = getattr(importlib.import_module("handbook.config"), name)
    globals()[name] = value
    return value
