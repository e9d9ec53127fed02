"""What a source style provides: which files it ships that are not records, how it reads one
record, and whether its file names carry numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handbook.authoring.importers.plan import Record
from handbook.authoring.importers.source import SourceDocument
from handbook.parse import decision_text

_LANDING_PAGES = {
    "readme.md": "README: the folder's landing page, not a record",
    "index.md": "index: the folder's landing page, not a record",
    "_index.md": "_index: the folder's landing page (Hugo), not a record",
}


@dataclass(frozen=True, slots=True)
class Style:
    """One tool's way of writing decision records."""

    name: str
    """As given to ``--from``."""
    templates: Callable[[str], str | None]
    """Why a file name (lower case) is one of the tool's own non-record files, or None."""
    read: Callable[[SourceDocument, Record], None]
    """Fill the record from the document, adding problems and notes."""
    order_key: Callable[[str], tuple[str, str]] | None = None
    """None when file names start with the record's number (``0007-use-postgres.md``);
    else the sort key of a file name, for tools whose records carry no number (log4brains
    starts them with a date): records are numbered in that order."""

    def skip_reason(self, file_name: str) -> str | None:
        lowered = file_name.lower()
        found = _LANDING_PAGES.get(lowered) or self.templates(lowered)
        if found is None and decision_text.is_template_name(lowered):
            return "a template, not a record"
        return found
