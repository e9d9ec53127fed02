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
from handbook.parse import decision_text


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
            record.missing_status = "the file has no '## Status' section"
    else:
        if elsewhere:
            record.problems.append(
                f"mixed styles: a '## Status' section (line {status.line}) and metadata in "
                f"{elsewhere}; keep one"
            )
        _read_status_section(document, record, status)
    date = document.date_line()
    if date is not None:
        apply_date(record, date[1], date[0])
    elif not any(item.key == "date" for item in items):
        record.missing_date = "the file has no 'Date:' line under the title"


def _other_metadata(document: SourceDocument, items: list[str]) -> str:
    places = list(items)
    keys = frontmatter_metadata(document)
    if keys:
        places.insert(0, f"the frontmatter ({', '.join(keys)})")
    return " and ".join(places)


_STATUS_LINKS = frozenset(
    {"partly superseded by", "partially superseded by", "partial superseded by", "reverted by"}
)
"""Link words that say the status too: read by the status reader, not as a plain link."""


def _read_status_section(document: SourceDocument, record: Record, heading: Heading) -> None:
    """The status is the last status word of the section (earlier ones are its history),
    or superseded when the section links a successor. A status word may be followed by a
    date, prose or links (``Accepted, supplemented by [ADR-0034](…)``); a rule after it is
    decoration."""
    words = read_link_lines(
        record, document.lines_under(heading), fields.AMEND_VERBS, _STATUS_LINKS
    )
    statuses: list[tuple[int, str, str]] = []
    prose: list[tuple[int, str]] = []
    partly: list[int] = []
    for number, text in words:
        if decision_text.is_rule(text):
            continue
        line = decision_text.read_status_line(text)
        record.problems.extend(f"line {number}: {problem}" for problem in line.problems)
        for link in line.links:
            record.references.append(Reference(link.relation, link.target, number, link.wording))
        if line.partly:
            partly.append(number)
        succeeded = any(link.relation == "superseded-by" for link in line.links)
        if line.status is not None and not succeeded:
            statuses.append((number, line.word, line.status))
            if line.date is not None and record.status_date is None:
                record.status_date = (number, line.date)
        elif line.status is None and not line.links:
            prose.append((number, text))
    superseded = any(r.relation == "superseded-by" for r in record.references)
    if not statuses and not superseded:
        if partly and not prose:
            record.status = "accepted"
            record.notes.append(
                f"line {partly[0]}: partly superseded: imported as accepted, and the "
                "successor as amending it (amended-by)"
            )
            return
        for number, text in prose:
            record.problems.append(
                f"line {number}: '{text}' in the Status section is not a handbook status "
                f"({STATUS_LIST})"
            )
        if not prose:
            record.problems.append(f"line {heading.line}: the Status section has no status in it")
        return
    if prose:
        lines = ", ".join(str(number) for number, _ in prose)
        record.notes.append(f"line {prose[0][0]}: the words on line(s) {lines} stay in the body")
    if superseded:
        record.status = "superseded"
        for number, text, _ in statuses:
            record.notes.append(
                f"line {number}: '{text}' is followed by a 'Superseded by' link; "
                "imported as superseded"
            )
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
