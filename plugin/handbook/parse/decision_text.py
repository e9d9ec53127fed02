"""Decision-record metadata as people write it in a body or a file name: status words with
prose, dates and links after them, dates in the usual spellings, numbers in file names.

One reader for ``handbook import`` (which moves what it reads into frontmatter) and for
``handbook lint`` (which reads a log where it lies). Each function says what it could not
read instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handbook.domain import statuses

STATUSES = statuses("adr")
"""The adr schema's status enum, in lifecycle order."""

SYNONYMS = {
    **{word: word for word in STATUSES},
    "wip": "draft",
    "work in progress": "draft",
    "in progress": "draft",
    "proposal": "proposed",
    "pending": "proposed",
    "in review": "proposed",
    "under review": "proposed",
    "in discussion": "proposed",
    "under discussion": "proposed",
    "approved": "accepted",
    "adopted": "accepted",
    "agreed": "accepted",
    "decided": "accepted",
    "implemented": "accepted",
    "active": "accepted",
    "declined": "rejected",
    "refused": "rejected",
    "obsolete": "deprecated",
    "retired": "deprecated",
    "outdated": "deprecated",
    "superceded": "superseded",  # adr-tools' own spelling
    "superseeded": "superseded",
    "replaced": "superseded",
}
"""Status words the tools and their users write, by the status they mean (case-insensitive).
Words that could mean two statuses ("withdrawn", "on hold") are left out on purpose."""

_MAX_STATUS_WORDS = max(len(word.split()) for word in SYNONYMS)

# -- dates -----------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Every pattern is anchored at the start and reads bounded runs: linear in the text.
# The metadata list under the title (MADR 2, log4brains): "* Status: accepted",
# "- Deciders: Alice, Bob", "* **Date:** 2024-01-05"; and adr-tools' "Date: 2024-01-05" line.
# Both keep what they capture with its blanks at the end (callers strip them): a lazy group
# before ``[ \t]*$`` reads the rest of the line again at each blank (quadratic), and runs
# are possessive where giving characters back can only fail.
HEADER_ITEM = re.compile(
    r"^ {0,3}[*+-][ \t]++(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z -]*+)(?:\*\*|__)?[ \t]*+:"
    r"(?:\*\*|__)?[ \t]*+(?P<value>.*)$"
)
DATE_LINE = re.compile(r"^Date:[ \t]*+(?P<value>.*)$", re.IGNORECASE)

HEADER_KEYS = {
    "status": "status",
    "date": "date",
    "deciders": "decision-makers",
    "decision-makers": "decision-makers",
    "decision makers": "decision-makers",
    "consulted": "consulted",
    "informed": "informed",
    "tags": "tags",
}
"""Keys of the metadata list under the title (MADR 2, log4brains), by their handbook name."""

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_YEAR_LAST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")
_MONTH_FIRST = re.compile(
    r"([A-Za-z]{3,9})\.?[ \t]{1,3}(\d{1,2})(?:st|nd|rd|th)?,?[ \t]{1,3}(\d{4})(?!\d)"
)
_DAY_FIRST = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[ \t]{1,3}([A-Za-z]{3,9})\.?,?[ \t]{1,3}(\d{4})(?!\d)"
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date read from text: the date (``YYYY-MM-DD``), how long the date was in the text,
    and, when it could not be read, why."""

    date: str | None
    end: int = 0
    problem: str | None = None


def _calendar(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _spelled(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


def date_at_start(text: str) -> DateReading:
    """The date ``text`` starts with, in any of the spellings people use: ``2019-05-13``,
    ``2019/05/13``, ``Jan 3, 2024``, ``3 January 2024``, ``13/09/2023`` (a day above 12
    tells day from month). ``12-09-2023`` could be either, and is refused with the reason."""
    match = _YEAR_FIRST.match(text)
    if match is not None:
        found = _calendar(int(match[1]), int(match[3]), int(match[4]))
        if found is None:
            return DateReading(None, problem=f"'{match[0]}' is not a calendar date")
        return DateReading(found, match.end())
    match = _YEAR_LAST.match(text)
    if match is not None:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if first <= 12 and second <= 12 and first != second:
            day_month = _calendar(year, second, first)
            month_day = _calendar(year, first, second)
            return DateReading(
                None,
                problem=(
                    f"'{match[0]}' is ambiguous: {_spelled(year, second, first)} or "
                    f"{_spelled(year, first, second)}; write it YYYY-MM-DD ({day_month} or "
                    f"{month_day})"
                ),
            )
        day, month = (first, second) if first > 12 or first == second else (second, first)
        found = _calendar(year, month, day)
        if found is None:
            return DateReading(None, problem=f"'{match[0]}' is not a calendar date")
        return DateReading(found, match.end())
    for pattern, order in ((_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        match = pattern.match(text)
        if match is None:
            continue
        if order == "mdy":
            name, day, year = match[1], int(match[2]), int(match[3])
        else:
            day, name, year = int(match[1]), match[2], int(match[3])
        named = _MONTHS.get(name.lower())
        if named is None:
            continue
        found = _calendar(year, named, day)
        if found is None:
            return DateReading(None, problem=f"'{match[0]}' is not a calendar date")
        return DateReading(found, match.end())
    return DateReading(None)


_AFTER_DATE = " \t,;:.()–—-"


def read_date(text: str) -> DateReading:
    """A whole date field: a date, then perhaps words about later ones
    (``2019-05-13, updated 2023-02-05``: the first date is the record's). ``end`` is where
    the date ends; ``problem`` says why there is none."""
    text = text.strip()
    reading = date_at_start(text)
    if reading.date is None and reading.problem is None:
        return DateReading(None, problem=f"'{text}' is not a date (write it YYYY-MM-DD)")
    return reading


def is_iso(text: str) -> bool:
    return _ISO.fullmatch(text) is not None


# -- status lines ----------------------------------------------------------------------------


# A link's destination: ``(target)``, ``(<target>)``, ``(target "title")``, and, as the
# backtracking form matched, ``( "title")`` with an empty target. The blanks after ``(`` are
# taken whole and the empty-target case is its own alternative: giving them back one at a
# time read the rest again for each (quadratic on a long blank run).
def destination(repeat: str) -> str:
    return rf"\(\s*+<?(?P<target>[^)\s>]{repeat}|)>?(?:\s++\"[^\"]*+\"|(?<=\s)\"[^\"]*+\")?\s*+\)"


# The text holds no ``[``: of several openers before one ``]`` the last is tried (the same
# destination), where ``[^\]]*`` read to the ``]`` from each of them. Links are searched for
# anywhere in a line, so a target is at most 1,024 characters (no record's name is longer):
# otherwise ``[a](`` repeated reads a target from each ``(`` to the end of the line.
LINK = re.compile(r"\[(?P<text>[^\[\]]*+)\]" + destination("{0,1024}+"))

# Literal words between word boundaries: each start is tried once, each alternative is
# a fixed string.
_RELATION_PHRASE = re.compile(
    r"\b(?:(?P<partly>partly|partially|partial)[ \t]++)?"
    r"(?P<verb>superseded|superceded|superseeded|replaced|amended|supplemented|reverted"
    r"|extended|clarified)[ \t]++by\b"
    r"|\b(?P<active>supersedes|supercedes|superseeds|replaces|amends|supplements|reverts)\b",
    re.IGNORECASE,
)
_ID_LIKE = re.compile(r"[A-Za-z]*[-_ ]?#?\d{1,6}|[A-Za-z0-9][\w.-]{0,200}")
_SEPARATOR = re.compile(r",|;|\band\b")
_RULE_LINE = re.compile(r"(?:[-*_][ \t]*){3,}")

PASSIVE = {
    "superseded": "superseded-by",
    "superceded": "superseded-by",
    "superseeded": "superseded-by",
    "replaced": "superseded-by",
    "amended": "amended-by",
    "supplemented": "supplemented-by",
    "reverted": "reverted-by",
    "extended": "relates-to",
    "clarified": "relates-to",
}
ACTIVE = {
    "supersedes": "supersedes",
    "supercedes": "supersedes",
    "superseeds": "supersedes",
    "replaces": "supersedes",
    "amends": "amends",
    "supplements": "supplements",
    "reverts": "reverts",
}
PARTLY_SUPERSEDED = "amended-by"
"""A record partly superseded by another stays in force where it was not replaced: the
other amends it."""

_EMPHASIS = "*_`"


@dataclass(frozen=True, slots=True)
class Link:
    relation: str
    target: str
    wording: str
    """The words as written, for messages (``Supplemented by [ADR-0034](…)``)."""


@dataclass(frozen=True, slots=True)
class StatusLine:
    """What one line of a Status section (or a status field) says."""

    status: str | None
    """The status its words mean, or None when it names none."""
    word: str = ""
    """The status words as written (``Approved``)."""
    date: str | None = None
    """A date written with the status (``Accepted on 2019-03-01``)."""
    links: tuple[Link, ...] = ()
    rest: str = ""
    """Prose after the status, kept in the body."""
    problems: tuple[str, ...] = field(default=())
    partly: bool = False
    """``Partly superseded by …``: the status stays what it was."""


def clean(text: str) -> str:
    """``text`` without emphasis around it or a full stop at its end."""
    text = text.strip().lstrip(_EMPHASIS).rstrip(_EMPHASIS).strip()
    return text.removesuffix(".").strip()


def is_rule(text: str) -> bool:
    """A thematic break (``---``, ``***``, ``___``) that some logs put after the status."""
    return _RULE_LINE.fullmatch(text.strip()) is not None


def status_of(words: str) -> str | None:
    return SYNONYMS.get(" ".join(clean(words).lower().split()))


def _leading_status(head: str) -> tuple[str | None, str, str]:
    """(status, its words as written, the text after them) of the longest run of up to
    three words at the start of ``head`` that is a status word."""
    words = head.split()
    for count in range(min(_MAX_STATUS_WORDS, len(words)), 0, -1):
        candidate = " ".join(words[:count])
        stripped = candidate.rstrip(",.;:!)").lstrip("(")
        status = status_of(stripped)
        if status is not None:
            rest = head.split(None, count)[count] if len(words) > count else ""
            tail = candidate[len(stripped) + (1 if candidate.startswith("(") else 0) :]
            return status, stripped, (tail + " " + rest).strip()
        if status is None and count == 1:
            break
    return None, "", head


def _targets(text: str) -> list[str]:
    links = [m.group("target") for m in LINK.finditer(text)]
    if links:
        return [target for target in links if target]
    parts = [clean(part).strip(" \t()") for part in _SEPARATOR.split(text)]
    return [part for part in parts if part and _ID_LIKE.fullmatch(part)]


def _date_in(text: str) -> tuple[str | None, str, str | None]:
    """A date at the start of ``text`` (after ``on``, ``since`` or ``(``): (date, rest,
    problem)."""
    stripped = text.lstrip(" \t,:;(–—-")
    lowered = stripped.lower()
    for word in ("on ", "since ", "as of "):
        if lowered.startswith(word):
            stripped = stripped[len(word) :].lstrip()
            break
    reading = date_at_start(stripped)
    if reading.date is None:
        return None, text, reading.problem
    return reading.date, stripped[reading.end :].lstrip(" \t)").strip(), None


def read_status_line(text: str) -> StatusLine:
    """``Accepted``; ``2026-02-01 accepted``; ``Accepted on 2019-03-01``;
    ``Accepted, supplemented by [ADR-0034](0034-x.md)``;
    ``Superseded by [ADR-0020](…) and [ADR-0021](…)``; ``Partly superseded by …``;
    ``Reverted by …``; a status word followed by prose."""
    text = clean(text)
    phrases = list(_RELATION_PHRASE.finditer(text))
    head = text[: phrases[0].start()] if phrases else text
    links: list[Link] = []
    problems: list[str] = []
    partly = False
    for index, phrase in enumerate(phrases):
        end = phrases[index + 1].start() if index + 1 < len(phrases) else len(text)
        tail = text[phrase.end() : end]
        if phrase.group("verb") is not None:
            verb = phrase.group("verb").lower()
            relation = PASSIVE[verb]
            if phrase.group("partly") and relation == "superseded-by":
                relation, partly = PARTLY_SUPERSEDED, True
        else:
            relation = ACTIVE[phrase.group("active").lower()]
        wording = clean(text[phrase.start() : end]).rstrip(",;").strip()
        targets = _targets(tail)
        if not targets:
            problems.append(f"'{wording}' names no record")
        links.extend(Link(relation, target, wording) for target in targets)
    date, problem = None, None
    head = head.strip().rstrip(",;:–—-").strip()
    reading = date_at_start(head)
    if reading.date is not None:
        date, head = reading.date, head[reading.end :].lstrip(" \t,:;–—-")
    status, word, rest = _leading_status(head)
    if status is not None and date is None and rest:
        found, after, problem = _date_in(rest)
        if found is not None:
            date, rest = found, after
        elif problem is not None and not rest.lstrip(" \t,:;(–—-")[:1].isdigit():
            problem = None
    if problem is not None:
        problems.append(problem)
    relations = {PASSIVE.get((p.group("verb") or "").lower()) for p in phrases}
    if status is None and not head:
        if "superseded-by" in relations and not partly:
            status = word = SYNONYMS["superseded"]
        elif "reverted-by" in relations:
            status, word = REVERTED, "reverted"
    return StatusLine(
        status,
        word,
        date,
        tuple(links),
        rest.strip(" \t,;:.–—-") if status is not None else head,
        tuple(problems),
        partly,
    )


REVERTED = "deprecated"
"""The status of a record another reverts: no longer in force, and nothing replaces it."""


# -- numbers in file names -------------------------------------------------------------------

_NAME_NUMBER = re.compile(r"(?:(?P<prefix>[A-Za-z]{1,12})[-_ ]?)?(?P<digits>\d{1,8})(?=[-_ .]|$)")
_DATED_NAME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?=[-_ .]|$)")


def dated_name(name: str) -> str | None:
    """``20201028-use-lunr.md`` or ``2020-10-28-use-lunr.md`` → ``2020-10-28``."""
    match = _DATED_NAME.match(name)
    if match is None:
        return None
    return _calendar(int(match[1]), int(match[2]), int(match[3]))


@dataclass(frozen=True, slots=True)
class NameNumber:
    number: int
    width: int
    """How many digits were written (``0007`` is 4): a log pads all its numbers alike."""
    prefix: str


def number_in_name(name: str) -> NameNumber | None:
    """The record number a file or folder name starts with: ``0007-x``, ``ADR015-x``,
    ``adr-001-x``, ``adr_001_x``, ``ADR-0001-x``; None for a dated name (log4brains) or a
    name without one."""
    stem = name.removesuffix(".md")
    if dated_name(stem) is not None:
        return None
    match = _NAME_NUMBER.match(stem)
    if match is None:
        return None
    digits = match.group("digits")
    if len(digits) > 6:
        return None
    return NameNumber(int(digits), len(digits), (match.group("prefix") or "").upper())


def record_name(path_parts: tuple[str, ...]) -> str:
    """The name that numbers a record: its file's, or its folder's for ``NAME/index.md``."""
    if len(path_parts) >= 2 and path_parts[-1].lower() in ("index.md", "readme.md"):
        return path_parts[-2]
    return path_parts[-1]


def numbers_by_convention(names: list[str]) -> dict[str, int]:
    """The number of each name in one folder, read the way the folder writes them: when the
    other names pad their numbers (``0001-…``), ``4-day-work-week.md`` has no number; when
    no other name has one, neither has a name that happens to start with a digit."""
    read = {name: number_in_name(name) for name in names}
    numbered = {name: found for name, found in read.items() if found is not None}
    # The two smallest widths of each prefix: the smallest among the *other* names of a
    # prefix is the second one when this name holds the first (linear, not a pass per name).
    smallest: dict[str, list[int]] = {}
    for found in numbered.values():
        pair = smallest.setdefault(found.prefix, [])
        pair.append(found.width)
        if len(pair) > 2:
            pair.sort()
            del pair[2:]
    result: dict[str, int] = {}
    for name, found in numbered.items():
        if len(numbered) == 1:
            if len(names) > 1 and not found.prefix and found.width < 3:
                continue  # alone among unnumbered names: a digit by chance
            result[name] = found.number
            continue
        pair = sorted(smallest[found.prefix])
        widths = pair[1:] if pair[0] == found.width else pair[:1]
        if not widths:
            if not found.prefix and found.width < 3:
                continue  # the others carry a prefix; this one only starts with a digit
            result[name] = found.number
            continue
        padded = min(widths)
        if padded > 1 and found.width < padded and not found.prefix:
            continue  # the log pads to `padded` digits; this name does not
        result[name] = found.number
    return result


def numbers_by_date(names: list[str]) -> dict[str, int]:
    """log4brains names records by date (``20201016-use-lunr.md``), not number: the dated
    names numbered from 1 in date-then-name order, as ``handbook import`` numbers them."""
    dated = sorted((date, name) for name in names if (date := dated_name(name)) is not None)
    return {name: position for position, (_, name) in enumerate(dated, start=1)}


def is_template_name(name: str) -> bool:
    """``template.md``, ``adr-template.md``, ``adr-template-minimal.md``, ``0000-template.md``,
    ``madr-template.md``: a tool's template, not a record. ``0004-copied-template.md`` is a
    record (numbered, not 0) that happens to end so."""
    stem = name.lower().removesuffix(".md")
    if stem in ("template", "0000-template") or stem.startswith(("template-", "adr-template")):
        return True
    return stem.endswith("-template") and number_in_name(stem) is None
