"""log4brains records: MADR 2.1.2 "patched". File names start with a date, not a number
(``20201028-use-lunr.md``); the metadata is the list under the title (``- Status:``,
``- Deciders:``, ``- Date:``, ``- Tags:``); ``superseded by [slug](slug.md)`` is written in
the status, and the successor lists ``- Supersedes [slug](slug.md)`` under ``## Links``."""

from __future__ import annotations

import re

from handbook.authoring.importers.metadata import (
    frontmatter_metadata,
    read_header_items,
    read_link_lines,
    read_title,
)
from handbook.authoring.importers.plan import Record
from handbook.authoring.importers.source import SourceDocument
from handbook.authoring.importers.style import Style

_DATED = re.compile(r"^(\d{4})(\d{2})(\d{2})-")
_PLAIN_LINKS = frozenset({"relates to", "related to"})


def _templates(file_name: str) -> str | None:
    if file_name == "template.md":
        return "the log4brains template, not a record"
    return None


def file_name_date(file_name: str) -> str | None:
    """``20201028-use-lunr.md`` → ``2020-10-28``."""
    match = _DATED.match(file_name)
    return "-".join(match.groups()) if match else None


def read(document: SourceDocument, record: Record) -> None:
    in_frontmatter = frontmatter_metadata(document)
    items = document.header_items()
    if in_frontmatter:
        if items:
            record.problems.append(
                f"mixed styles: metadata both in the frontmatter ({', '.join(in_frontmatter)}) "
                "and in the list under the title; keep one"
            )
        else:
            record.problems.append(
                f"the metadata is in the frontmatter ({', '.join(in_frontmatter)}), as MADR 3 "
                "and 4 write it (try --from madr)"
            )
        return
    status_section = document.section("Status")
    has_status = any(item.key == "status" for item in items)
    if status_section is not None and has_status:
        record.problems.append(
            f"mixed styles: a '- Status:' item and a '## Status' section "
            f"(line {status_section.line}) as adr-tools writes it; keep one"
        )
        return
    read_header_items(document, record)
    read_title(document, record)
    if not has_status and status_section is not None:
        record.problems.append(
            "no status: no '- Status:' item under the title; its status is in a '## Status' "
            f"section (line {status_section.line}), as adr-tools writes it (try --from adr-tools)"
        )
    elif not has_status:
        record.missing_status = (
            "no '- Status:' item under the title (log4brains shows such a record as accepted)"
        )
    links = document.section("Links")
    if links is not None:
        read_link_lines(record, document.lines_under(links), _PLAIN_LINKS)
    if record.date is None and not any(item.key == "date" for item in items):
        named = file_name_date(record.name)
        if named is None:
            record.missing_date = "no '- Date:' item under the title and no date in the file name"
        else:
            record.date = named
            record.notes.append(f"no '- Date:' item; the date {named} is the file name's")


def order_key(file_name: str) -> tuple[str, str]:
    """Date-then-name order; names without a date come after the dated ones."""
    return (file_name_date(file_name) or "~", file_name)


STYLE = Style(name="log4brains", templates=_templates, read=read, order_key=order_key)
