"""Bring an existing decision log into the handbook: records written with adr-tools, MADR
(2, 3 or 4) or log4brains get handbook frontmatter, and their bodies stay byte for byte.

:func:`plan_import` works out what would change and why anything could not be carried
over; :func:`apply_plan` writes the clean part of a plan atomically.
"""

from __future__ import annotations

from handbook.authoring.importers.importer import (
    ID_PREFIX,
    STYLES,
    WriteFailed,
    apply_plan,
    plan_import,
)
from handbook.authoring.importers.plan import FileResult, ImportPlan, Outcome

__all__ = [
    "ID_PREFIX",
    "STYLES",
    "FileResult",
    "ImportPlan",
    "Outcome",
    "WriteFailed",
    "apply_plan",
    "plan_import",
]
