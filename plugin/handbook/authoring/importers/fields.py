"""The tools' free text as handbook values: status words, dates, lists of people, links
between records and titles. Each function says what it could not read instead of guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.authoring.importers.source import strip_comments
from handbook.parse import decision_text
from handbook.settings import iso_date as read_iso_date

STATUSES = decision_text.STATUSES
"""The adr schema's status enum, in lifecycle order."""

_SYNONYMS = decision_text.SYNONYMS

_EMPHASIS = "*_`"
# The word is the shortest that fits, so it ends with a letter: written that way, only the
# blank or dash run after each letter is read (``[A-Za-z -]*?`` would read the run from each
# of its characters: quadratic).
_WORD_AND_DATE = re.compile(
    r"^(?P<word>[A-Za-z](?:[A-Za-z -]*?[A-Za-z])??)[\s,:;(–—-]*+(?:on\s++|since\s++)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})\)?$",
    re.IGNORECASE,
)
_SUPERSEDED_BY = re.compile(
    r"^(?:superseded|superceded|superseeded|replaced)\s+by\b[\s:]*+(?P<rest>.*)$", re.IGNORECASE
)


# A link's destination: ``(target)``, ``(<target>)``, ``(target "title")``, and, as the
# backtracking form matched, ``( "title")`` with an empty target. The blanks after ``(`` are
# taken whole and the empty-target case is its own alternative: giving them back one at a
# time read the rest again for each (quadratic on a long blank run).
def _destination(repeat: str) -> str:
    return rf"\(\s*+<?(?P<target>[^)\s>]{repeat}|)>?(?:\s++\"[^\"]*+\"|(?<=\s)\"[^\"]*+\")?\s*+\)"


# The text holds no ``[``: of several openers before one ``]`` the last is tried (the same
# destination), where ``[^\]]*`` read to the ``]`` from each of them. Links are searched for
# anywhere in a line, so a target is at most 1,024 characters (no record's name is longer):
# otherwise ``[a](`` repeated reads a target from each ``(`` to the end of the line.
LINK = re.compile(r"\[(?P<text>[^\[\]]*+)\]" + _destination("{0,1024}+"))
# "Superceded by [2. Foo](0002-foo.md)", "Amends: [1. Bar](0001-bar.md)"
_LINK_LINE = re.compile(
    r"^(?:[*+-][ \t]++)?(?P<verb>[A-Za-z](?:[A-Za-z -]*?[A-Za-z-])??)[ \t]*+:?[ \t]*+"
    r"\[(?P<text>[^\]]*+)\]" + _destination("*+") + r"[ \t.]*+$"
)
_PLACEHOLDER = re.compile(r"^(?:\[.*\]|\{.*)$", re.DOTALL)
# "7. Use Postgres", "ADR-0007: Use Postgres"; not "2024 budget" (a number needs its dot)
_LEADING_ID = re.compile(r"^(?:[A-Z][A-Z0-9]*-\d+[.:)]?|\d+[.:)])\s+(?:[-–—:]\s*)?")

_SEPARATOR = re.compile(r",|;|\band\b")

SUPERSEDED_BY_VERBS = frozenset({"superseded by", "superceded by", "superseeded by", "replaced by"})
SUPERSEDES_VERBS = frozenset({"supersedes", "supercedes", "superseeds", "replaces"})
_DECLARED_VERBS = {
    "amends": "amends",
    "amended by": "amended-by",
    "supplements": "supplements",
    "supplemented by": "supplemented-by",
    "reverts": "reverts",
    "reverted by": "reverted-by",
}
AMEND_VERBS = frozenset({"relates to", "related to", *_DECLARED_VERBS})
"""Link words carried over without a note: plain ``relates-to`` and the declared relations
(amends, supplements, reverts and their inverses)."""


def clean(text: str) -> str:
    """``text`` without HTML comments, emphasis around it, or a full stop at its end."""
    text = strip_comments(text)
    text = text.lstrip(_EMPHASIS).rstrip(_EMPHASIS).strip()
    return text.removesuffix(".").strip()


def is_placeholder(text: str) -> bool:
    """True for a template placeholder left in place: ``{…}`` (MADR 4's status placeholder
    never closes its brace), or ``[…]`` holding template words (``[list everyone involved
    in the decision]``, ``[proposed | accepted]``). A bracketed list of short items
    (``[identity, groups]``, ``[Alice Ng, Bo Li]``) is a value, not a placeholder."""
    text = text.strip()
    if not _PLACEHOLDER.match(text):
        return False
    if text.startswith("{"):
        return True
    return not _is_list(text)


_LIST_ITEM_WORDS = 3
"""At most this many words per item of a bracketed list; template prose has more."""


def _is_list(text: str) -> bool:
    inner = text[1:-1] if text.endswith("]") else ""
    if not inner.strip() or "|" in inner or "…" in inner or "[" in inner:
        return False
    return all(0 < len(item.split()) <= _LIST_ITEM_WORDS for item in inner.split(","))


def unbracketed(text: str) -> str:
    """A bracketed list's items as plain text: ``[a, b]`` → ``a, b``."""
    text = text.strip()
    return text[1:-1] if text.startswith("[") and text.endswith("]") else text


def status_word(text: str) -> str | None:
    """The status ``text`` means (``Approved`` → accepted, ``Accepted 2024-01-05`` →
    accepted), or None when it is not a status word handbook knows."""
    words = " ".join(clean(text).lower().split())
    if words in _SYNONYMS:
        return _SYNONYMS[words]
    match = _WORD_AND_DATE.match(words)
    if match is not None:
        return _SYNONYMS.get(match.group("word").strip())
    return None


def superseded_by(text: str) -> list[str] | None:
    """The successors named in ``superseded by X`` (link targets, ids or slugs), an empty
    list when none is named, or None when ``text`` does not say superseded by."""
    match = _SUPERSEDED_BY.match(clean(text))
    if match is None:
        return None
    rest = match.group("rest")
    links = [m.group("target") for m in LINK.finditer(rest)]
    if links:
        return links
    # Split, then strip: ``\s*`` around the separator read a blank run from each of its
    # characters (quadratic).
    return [part.strip() for part in _SEPARATOR.split(rest) if part.strip()]


@dataclass(frozen=True, slots=True)
class LinkLine:
    """A line that is one link with the words before it, as adr-tools writes its links."""

    verb: str
    """Lower case, single spaces: ``superceded by``, ``amends``, ``clarified by``."""
    label: str
    """The words as written (``Superceded by``)."""
    target: str


def link_line(text: str) -> LinkLine | None:
    match = _LINK_LINE.match(strip_comments(text))
    if match is None:
        return None
    label = match.group("verb").strip()
    return LinkLine(" ".join(label.lower().split()), label, match.group("target"))


def relation_of(verb: str) -> str:
    """The handbook relation a link word stands for; words without a relation of their own
    (``Clarified by``) are ``relates-to``."""
    if verb in SUPERSEDED_BY_VERBS:
        return "superseded-by"
    if verb in SUPERSEDES_VERBS:
        return "supersedes"
    return _DECLARED_VERBS.get(verb, "relates-to")


def iso_date(text: str) -> str | None:
    """``text`` when it is a real calendar date written YYYY-MM-DD, else None."""
    text = text.strip()
    return text if read_iso_date(text) is not None else None


def split_people(text: str) -> list[str]:
    """``"Alice, Bob"`` → ``["Alice", "Bob"]``: the tools separate names with commas."""
    return [name.strip() for name in unbracketed(text).split(",") if name.strip()]


def split_tags(text: str) -> list[str]:
    """log4brains separates tags with spaces and/or commas."""
    return [tag for tag in re.split(r"[\s,]+", unbracketed(text)) if tag]


def title_text(heading: str) -> str:
    """The title in a heading, without the number or id the tools put before it
    (``7. Use Postgres``, ``ADR-0007: Use Postgres``)."""
    return _LEADING_ID.sub("", strip_comments(heading)).strip() or heading.strip()
