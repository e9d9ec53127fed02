"""handbook: the delivery handbook as code.

The public API is small: :func:`lint` runs the whole pipeline over a docs directory and
returns a :class:`LintResult`; :class:`Settings` carries what the ``handbook`` block of
``mkdocs.yml`` configures (:func:`load_settings` reads it, :func:`settings_for_docs` makes one
for a docs folder without a ``mkdocs.yml``); :class:`Finding` is the one diagnostic type every
output reads.
"""

from __future__ import annotations

from handbook.config import ConfigError, load_settings, settings_for_docs
from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint
from handbook.settings import Settings

__version__ = "0.1.0"

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
