"""Read a decision record's metadata from its body, where adr-tools, MADR 2 and log4brains
keep it: the ``## Status`` section and the ``Date:`` line (Nygard), or the ``* Status:`` list
under the title (MADR 2, log4brains). ``handbook lint`` reads a log this way where it lies;
``handbook import`` reads the same lines (through :mod:`decision_text`) to move them into
frontmatter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handbook.parse.comments import strip_html_comments
from handbook.parse.decision_text import (
    DATE_LINE,
    HEADER_ITEM,
    HEADER_KEYS,
    dated_name,
    is_rule,
    number_in_name,
    read_date,
    read_status_line,
)
from handbook.parse.headings import Section

STYLES = ("nygard", "madr", "log4brains", "auto")
"""The values of ``decision_logs.adr_style``."""

_READ_WHERE_THEY_LIE = frozenset({"status", "date", "decision-makers"})
"""The keys of the list under the title that lint reads in place (the importer reads them all)."""


@dataclass(slots=True)
class BodyMetadata:
    """What the body says, by frontmatter key, with the line each value is written on."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def link_id(target: str, prefix: str) -> str | None:
    """A link target as an id: ``0002-use-kafka.md`` → ``ADR-0002`` (the file name's number);
    an id written as such stays. None for what cannot be read without the other files."""
    target = target.split("#", 1)[0].rstrip("/")
    if re.fullmatch(r"[A-Z][A-Z0-9]*-\d{1,6}", target):
        return target
    name = target.rsplit("/", 1)[-1]
    if name.lower() in ("index.md", "readme.md") and "/" in target:
        name = target.rsplit("/", 2)[-2]
    found = number_in_name(name)
    return None if found is None else f"{prefix}-{found.number:04d}"


def _lines(body: str, first_line: int, start: int, end: int | None) -> list[tuple[int, str]]:
    lines = body.split("\n")
    stop = len(lines) if end is None else end - first_line
    return [
        (first_line + index, strip_html_comments(lines[index]).strip())
        for index in range(max(start - first_line, 0), max(stop, 0))
        if 0 <= index < len(lines)
    ]


def read_body(
    body: str,
    first_line: int,
    sections: list[Section],
    style: str,
    prefix: str,
    name: str,
    resolve: Callable[[str], str | None] | None = None,
) -> BodyMetadata:
    """The status, date, decision-makers and relations ``body`` writes in ``style``
    (``auto``: whichever the body has). Values that are not valid are kept as written, so
    that the schema reports them at their line. ``resolve`` turns a link target into the id
    of the record it leads to (the run knows every file's number)."""
    found = BodyMetadata()

    def target_id(target: str) -> str | None:
        resolved = resolve(target) if resolve is not None else None
        return resolved or link_id(target, prefix)

    title = next((s for s in sections if s.level == 1), None)
    header_end = next((s.line for s in sections if title is None or s.line > title.line), None)
    header = _lines(body, first_line, title.line + 1 if title else first_line, header_end)
    if style in ("madr", "log4brains", "auto"):
        for number, text in header:
            match = HEADER_ITEM.match(text)
            key = HEADER_KEYS.get(" ".join(match["key"].lower().split())) if match else None
            if match is None or key not in _READ_WHERE_THEY_LIE or key in found.values:
                continue
            value = match["value"].strip()
            if key == "status":
                _status(found, value, number, target_id)
            elif key == "date":
                _date(found, value, number)
            else:
                names = [n.strip() for n in value.strip("[]").split(",") if n.strip()]
                found.values[key], found.lines[key] = names, number
        if style in ("log4brains", "auto") and "date" not in found.values:
            dated = dated_name(name)
            if dated is not None:
                found.values["date"] = dated
    if style in ("nygard", "auto") and "status" not in found.values:
        status = next((s for s in sections if s.level == 2 and s.title.lower() == "status"), None)
        if status is not None:
            following = next((s.line for s in sections if s.line > status.line), None)
            for number, text in _lines(body, first_line, status.line + 1, following):
                if text and not is_rule(text):
                    _status(found, text, number, target_id, last_wins=True)
        for number, text in header:
            match = DATE_LINE.match(text)
            if match is not None and "date" not in found.values:
                _date(found, match["value"], number)
    return found


def _status(
    found: BodyMetadata,
    text: str,
    line: int,
    target_id: Callable[[str], str | None],
    last_wins: bool = False,
) -> None:
    read = read_status_line(text)
    for link in read.links:
        target = target_id(link.target)
        if target is None:
            continue
        targets = found.values.setdefault(link.relation, [])
        assert isinstance(targets, list)
        if target not in targets:
            targets.append(target)
        found.lines.setdefault(link.relation, line)
    status = read.status
    if status is None and read.partly:
        status = "accepted"
    if status is None and not read.links and ("status" not in found.values):
        found.values["status"], found.lines["status"] = text, line  # the schema says why
        return
    replaces = last_wins or "status" not in found.values
    if status is not None and replaces and found.values.get("status") != "superseded":
        found.values["status"], found.lines["status"] = status, line
    if read.date is not None and "date" not in found.values:
        found.values["date"], found.lines["date"] = read.date, line


def _date(found: BodyMetadata, text: str, line: int) -> None:
    reading = read_date(text)
    found.values["date"] = reading.date if reading.date is not None else text.strip()
    found.lines["date"] = line
