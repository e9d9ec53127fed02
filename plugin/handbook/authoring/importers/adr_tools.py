"""adr-tools (Nygard) records: ``# 7. Title``, a ``Date:`` line, and a ``## Status``
section that holds the status word and the links ``adr new -s`` and ``adr link`` write
(``Superceded by [2. Foo](0002-foo.md)``, ``Supercedes …``, ``Amends …``, ``Amended by …``)."""

from __future__ import annotations

from handbook.authoring.importers import fields
from handbook.authoring.importers.metadata import (
    STATUS_LIST,
    apply_date,
    frontmatter_metadata,
    read_link_lines,
    read_title,
)
from handbook.authoring.importers.plan import Record, Reference
from handbook.authoring.importers.source import Heading, SourceDocument
from handbook.authoring.importers.style import Style


def _templates(file_name: str) -> str | None:
    if file_name == "template.md":
        return "the adr-tools template (adr new fills it in), not a record"
    return None


def read(document: SourceDocument, record: Record) -> None:
    read_title(document, record)
    _check_number_in_title(document, record)
    status = document.section("Status")
    items = [item for item in document.header_items() if item.key in ("status", "date")]
    elsewhere = _other_metadata(
        document, [f"a '{i.label}:' list item on line {i.line}" for i in items]
    )
    if status is None:
        if elsewhere:
            record.problems.append(
                f"no '## Status' section; the status is in {elsewhere}, as MADR and "
                "log4brains write it (try --from madr or --from log4brains)"
            )
        else:
            record.problems.append("no status: the file has no '## Status' section")
    else:
        if elsewhere:
            record.problems.append(
                f"mixed styles: a '## Status' section (line {status.line}) and metadata in "
                f"{elsewhere}; keep one"
            )
        _read_status_section(document, record, status)
    date = document.date_line()
    if date is None:
        if not any(item.key == "date" for item in items):
            record.problems.append("no date: the file has no 'Date:' line under the title")
    else:
        apply_date(record, date[1], date[0])


def _other_metadata(document: SourceDocument, items: list[str]) -> str:
    places = list(items)
    keys = frontmatter_metadata(document)
    if keys:
        places.insert(0, f"the frontmatter ({', '.join(keys)})")
    return " and ".join(places)


def _read_status_section(document: SourceDocument, record: Record, heading: Heading) -> None:
    """The status is the last status word of the section (earlier ones are its history),
    or superseded when the section links a successor."""
    words = read_link_lines(record, document.lines_under(heading), fields.AMEND_VERBS)
    for number, text in words:
        successors = fields.superseded_by(text)
        if successors is None:
            continue
        for target in successors:
            record.references.append(Reference("superseded-by", target, number, text))
        if not successors:
            record.problems.append(f"line {number}: '{text}' names no successor")
    words = [(n, t) for n, t in words if fields.superseded_by(t) is None]
    superseded = any(r.relation == "superseded-by" for r in record.references)
    statuses: list[tuple[int, str, str]] = []
    for number, text in words:
        status = fields.status_word(text)
        if status is None:
            record.problems.append(
                f"line {number}: '{text}' in the Status section is not a handbook status "
                f"({STATUS_LIST})"
            )
        else:
            statuses.append((number, text, status))
    if superseded:
        record.status = "superseded"
        for number, text, status in statuses:
            if status != "superseded":
                record.notes.append(
                    f"line {number}: '{text}' is followed by a 'Superseded by' link; "
                    "imported as superseded"
                )
        return
    if not statuses:
        if not words:
            record.problems.append(f"line {heading.line}: the Status section has no status in it")
        return
    number, text, status = statuses[-1]
    record.status = status
    if text.lower() != status:
        record.notes.append(f"line {number}: status '{text}' imported as {status}")
    for earlier, earlier_text, _ in statuses[:-1]:
        record.notes.append(
            f"line {earlier}: earlier status '{earlier_text}' stays in the body; "
            f"the last one ('{text}') is imported"
        )


def _check_number_in_title(document: SourceDocument, record: Record) -> None:
    heading = document.title_heading
    if heading is None or record.number is None:
        return
    number = heading.title.split(".", 1)[0].strip()
    if number.isdigit() and int(number) != record.number:
        record.notes.append(
            f"line {heading.line}: the title says {number}, the file name {record.number}; "
            "the id follows the file name"
        )


STYLE = Style(name="adr-tools", templates=_templates, read=read)
