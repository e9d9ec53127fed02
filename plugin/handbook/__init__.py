"""handbook: the delivery handbook as code.

The public API is small: :func:`lint` runs the whole pipeline over a docs directory and
returns a :class:`LintResult`; :class:`Settings` carries what the ``handbook`` block of
``mkdocs.yml`` configures; :class:`Finding` is the one diagnostic type every output reads.
"""

from __future__ import annotations

from handbook.config import Settings, load_settings
from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint

__version__ = "0.1.0"

__all__ = ["Finding", "LintResult", "Settings", "Severity", "__version__", "lint", "load_settings"]
