"""Readers the styles share: a status text, the metadata list under the title (MADR 2,
log4brains), MADR 3/4 frontmatter, the title, and links written one per line."""

from __future__ import annotations

import re
from collections.abc import Iterable

from handbook.authoring.importers import fields
from handbook.authoring.importers.plan import PEOPLE_KEYS, RELATION_KEYS, Record, Reference
from handbook.authoring.importers.source import HeaderItem, SourceDocument, strip_comments
from handbook.parse import decision_text

STATUS_LIST = ", ".join(fields.STATUSES)
_BULLET = re.compile(r"^[*+-][ \t]+")

FRONTMATTER_ALIASES = {
    "deciders": "decision-makers",
    "decisionMakers": "decision-makers",
    "decision_makers": "decision-makers",
}
"""Frontmatter keys other tools use for a handbook key; renamed in place on import."""

FRONTMATTER_METADATA = ("status", "date", *PEOPLE_KEYS, *FRONTMATTER_ALIASES)
"""Frontmatter keys that hold record metadata in MADR 3 and 4."""


def at(line: int | None) -> str:
    """Where a message is about: ``"line 7: "``, or ``"frontmatter: "`` when no line is
    known (values read from YAML)."""
    return f"line {line}: " if line is not None else "frontmatter: "


def apply_status(record: Record, text: str, line: int | None) -> None:
    """Read a status text (``Accepted``, ``superseded by [ADR-0005](0005-x.md)``,
    ``accepted, supplemented by ADR-0034``, ``Accepted on 2019-03-01``) into the record: its
    status, the records it names, and a date written with it."""
    words = fields.clean(text)
    if not words:
        record.problems.append(f"{at(line)}status is empty")
        return
    if fields.is_placeholder(words):
        record.problems.append(
            f"{at(line)}status is still the template's placeholder '{_short(words)}'"
        )
        return
    read = decision_text.read_status_line(words)
    record.problems.extend(f"{at(line)}{problem}" for problem in read.problems)
    for link in read.links:
        record.references.append(Reference(link.relation, link.target, line, link.wording))
    if read.date is not None and record.status_date is None:
        record.status_date = (line, read.date)
    if read.status is None and read.partly and not read.rest:
        record.status = "accepted"
        record.notes.append(
            f"{at(line)}partly superseded: imported as accepted, and the successor as "
            "amending it (amended-by)"
        )
        return
    if read.status is None:
        record.problems.append(
            f"{at(line)}status '{_short(words)}' is not a handbook status ({STATUS_LIST})"
        )
        return
    if read.rest and line is None:
        record.problems.append(
            f"{at(line)}status '{_short(words)}': the words after '{read.word}' would be lost "
            "from the frontmatter; move them to the body"
        )
        return
    record.status = read.status
    if read.rest:
        record.notes.append(f"{at(line)}the words after '{read.word}' stay in the body")
    if read.word.lower() != read.status and not read.links:
        record.notes.append(f"{at(line)}status '{read.word}' imported as {read.status}")


def apply_date(record: Record, text: str, line: int | None) -> None:
    words = fields.clean(text)
    if fields.is_placeholder(words):
        record.problems.append(
            f"{at(line)}date is still the template's placeholder '{_short(words)}'"
        )
        return
    reading = decision_text.read_date(words)
    if reading.date is None:
        record.problems.append(f"{at(line)}date {reading.problem}")
        return
    record.date = reading.date
    if words != reading.date:
        rest = words[reading.end :].strip(" \t,;")
        kept = f"; '{_short(rest)}' stays in the body" if rest and line is not None else ""
        record.notes.append(f"{at(line)}date '{_short(words)}' read as {reading.date}{kept}")


def apply_people(record: Record, key: str, text: str, line: int | None) -> None:
    words = strip_comments(text)
    if fields.is_placeholder(words):
        record.problems.append(
            f"{at(line)}{key} is still the template's placeholder '{_short(words)}'"
        )
        return
    record.people[key] = fields.split_people(words)


def read_header_items(document: SourceDocument, record: Record) -> list[HeaderItem]:
    """Read the ``* Status:`` / ``- Deciders:`` list under the title; returns its items."""
    items = document.header_items()
    seen: dict[str, HeaderItem] = {}
    for item in items:
        if item.key in seen:
            record.problems.append(
                f"line {item.line}: a second '{item.label}:' item "
                f"(the first is on line {seen[item.key].line})"
            )
            continue
        seen[item.key] = item
        if item.key == "status":
            apply_status(record, item.value, item.line)
        elif item.key == "date":
            apply_date(record, item.value, item.line)
        elif item.key in PEOPLE_KEYS:
            apply_people(record, item.key, item.value, item.line)
        elif item.key == "tags":
            words = strip_comments(item.value)
            if fields.is_placeholder(words):
                record.problems.append(
                    f"line {item.line}: tags are still the template's placeholder '{_short(words)}'"
                )
            else:
                record.tags = fields.split_tags(words)
    return items


def frontmatter_metadata(document: SourceDocument) -> list[str]:
    """The MADR metadata keys the document's frontmatter has."""
    data = document.frontmatter or {}
    return [key for key in FRONTMATTER_METADATA if key in data]


def read_frontmatter(document: SourceDocument, record: Record) -> None:
    """Read MADR 3/4 frontmatter: status, date, people (with their aliases), title, and any
    handbook relation lists already there."""
    data = document.frontmatter or {}
    kind = data.get("kind")
    if kind is not None and kind != "adr":
        record.problems.append(f"frontmatter: kind '{kind}' is not adr")
    if "status" in data:
        value = data["status"]
        if isinstance(value, str):
            apply_status(record, value, None)
        elif not _placeholder(record, "status", value):
            record.problems.append(f"frontmatter: status {_shown(value)} is not text")
    if "date" in data:
        value = data["date"]
        if isinstance(value, str):
            apply_date(record, value, None)
        elif not _placeholder(record, "date", value):
            record.problems.append(
                f"frontmatter: date {_shown(value)} is not a date written YYYY-MM-DD"
            )
    title = data.get("title")
    if isinstance(title, str) and title.strip():
        record.title = title
    for alias, key in FRONTMATTER_ALIASES.items():
        if alias not in data:
            continue
        if key in data:
            record.problems.append(f"frontmatter: both '{alias}' and '{key}'; keep one of them")
            continue
        record.renames[alias] = key
        record.notes.append(f"frontmatter: '{alias}' renamed '{key}', its handbook name")
    for key in PEOPLE_KEYS:
        aliases = [alias for alias, target in record.renames.items() if target == key]
        written = next((name for name in (key, *aliases) if name in data), None)
        if written is None:
            continue
        _read_people(record, key, written, data[written])
    for key in RELATION_KEYS:
        if key not in data:
            continue
        value = data[key]
        ids = [value] if isinstance(value, str) else value
        if isinstance(ids, list) and all(isinstance(v, str) for v in ids):
            record.existing_relations[key] = list(ids)
        else:
            record.problems.append(f"frontmatter: {key} {_shown(value)} is not a list of ids")


def _read_people(record: Record, key: str, written: str, value: object) -> None:
    if value is None:
        record.people[key] = []
    elif isinstance(value, str):
        apply_people(record, key, value, None)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        record.people[key] = list(value)
    elif not _placeholder(record, written, value):
        record.problems.append(
            f"frontmatter: {written} {_shown(value)} is not a name or a list of names"
        )


def _placeholder(record: Record, key: str, value: object) -> bool:
    """Report an unquoted ``{placeholder}`` of the MADR template, which YAML reads as a
    mapping; False when ``value`` is something else."""
    if not isinstance(value, dict):
        return False
    record.problems.append(
        f"frontmatter: {key} is still the template's placeholder {_shown(value)}"
    )
    return True


def read_title(document: SourceDocument, record: Record) -> None:
    """The title from the first ``#`` heading, unless the frontmatter already has one."""
    if record.title is not None:
        return
    heading = document.title_heading
    if heading is None:
        record.problems.append("no title: the file has no '# ' heading")
        return
    title = fields.title_text(heading.title)
    if fields.is_placeholder(title):
        record.problems.append(
            f"line {heading.line}: title is still the template's placeholder '{_short(title)}'"
        )
        return
    record.title = title


def read_link_lines(
    record: Record,
    lines: Iterable[tuple[int, str]],
    plain: frozenset[str],
    leave: frozenset[str] = frozenset(),
) -> list[tuple[int, str]]:
    """Read lines that are one link each (``Supersedes [1. Foo](0001-foo.md)``) as
    references; returns the other non-blank lines. Link words in ``plain`` need no note
    when they become ``relates-to``; lines with link words in ``leave`` are returned for
    the status reader (``Reverted by [9. …](…)`` says the status too)."""
    others = []
    for number, text in lines:
        words = strip_comments(text)
        if not words:
            continue
        link = fields.link_line(words)
        if link is None or not _is_local(link.target) or link.verb in leave:
            others.append((number, words))
            continue
        relation = fields.relation_of(link.verb)
        wording = _BULLET.sub("", words)
        record.references.append(Reference(relation, link.target, number, wording))
        if relation == "relates-to" and link.verb not in plain:
            record.notes.append(f"line {number}: '{link.label}' link carried over as relates-to")
    return others


def _is_local(target: str) -> bool:
    return bool(target) and "://" not in target and not target.startswith(("mailto:", "#"))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: object) -> str:
    if isinstance(value, dict):  # an unquoted {placeholder} reads as a mapping
        return "'{" + _short(", ".join(map(str, value))) + "}'"
    return f"'{_short(str(value))}'"
