"""MADR records. Version 2 keeps its metadata in a list under the title (``* Status:``,
``* Deciders:``, ``* Date:``); versions 3 and 4 in YAML frontmatter (``status``, ``date``,
``deciders`` in 3, ``decision-makers`` in 4, ``consulted``, ``informed``). Supersession is
written in the status: ``superseded by [ADR-0005](0005-x.md)`` (2, 3) or
``superseded by ADR-0123`` (4)."""

from __future__ import annotations

from handbook.authoring.importers.metadata import (
    frontmatter_metadata,
    read_frontmatter,
    read_header_items,
    read_title,
)
from handbook.authoring.importers.plan import Record
from handbook.authoring.importers.source import SourceDocument
from handbook.authoring.importers.style import Style


def _templates(file_name: str) -> str | None:
    if file_name.startswith("adr-template") and file_name.endswith(".md"):
        return "a MADR template, not a record"
    if file_name == "template.md":
        return "the MADR 2 template, not a record"
    return None


def read(document: SourceDocument, record: Record) -> None:
    in_frontmatter = frontmatter_metadata(document)
    items = document.header_items()
    status_section = document.section("Status")
    if in_frontmatter and items:
        listed = ", ".join(f"'{i.label}:' on line {i.line}" for i in items)
        record.problems.append(
            f"mixed styles: metadata both in the frontmatter ({', '.join(in_frontmatter)}, "
            f"as MADR 3 and 4 write it) and in the list under the title ({listed}, as MADR 2 "
            "writes it); keep one"
        )
        return
    has_status = "status" in in_frontmatter or any(i.key == "status" for i in items)
    if status_section is not None:
        if has_status:
            record.problems.append(
                f"mixed styles: a status in MADR's place and a '## Status' section "
                f"(line {status_section.line}) as adr-tools writes it; keep one"
            )
        else:
            record.problems.append(
                f"the status is in a '## Status' section (line {status_section.line}), as "
                "adr-tools writes it (try --from adr-tools)"
            )
        return
    read_frontmatter(document, record)
    read_header_items(document, record)
    read_title(document, record)
    if not has_status:
        record.missing_status = (
            "neither 'status:' in the frontmatter nor a '* Status:' item under the title"
        )
    if record.date is None and not _mentions_date(document):
        record.missing_date = (
            "neither 'date:' in the frontmatter nor a '* Date:' item under the title"
        )


def _mentions_date(document: SourceDocument) -> bool:
    """True when a date was written but could not be read (already reported)."""
    return "date" in (document.frontmatter or {}) or any(
        item.key == "date" for item in document.header_items()
    )


STYLE = Style(name="madr", templates=_templates, read=read)
