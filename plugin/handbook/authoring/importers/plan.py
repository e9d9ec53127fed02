"""What an import found and means to do: one record per source file, one result per file,
and the plan that holds them. Nothing here reads or writes a file."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from handbook.parse import decision_text

PEOPLE_KEYS = ("decision-makers", "consulted", "informed")
"""The handbook's people fields, in the order they are written."""

RELATION_KEYS = (
    "supersedes",
    "superseded-by",
    "amends",
    "amended-by",
    "supplements",
    "supplemented-by",
    "reverts",
    "reverted-by",
    "relates-to",
)
"""The relations an import can carry over, in the order they are written."""


class Outcome(enum.Enum):
    """How one file of the folder fared."""

    MAPPED = "mapped"
    """Every field carried over; the file gets handbook frontmatter."""
    SKIPPED = "skipped"
    """Not a decision record (a template, a README, a folder); left alone."""
    UNMAPPED = "unmapped fields"
    """Something could not be carried over; nothing is written to the file."""
    ALREADY_IMPORTED = "already imported"
    """The file already has handbook frontmatter with an id; left alone."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A link from one record to another, as the source tool wrote it."""

    relation: str
    """One of :data:`RELATION_KEYS`."""
    target: str
    """A file name (``0002-use-kafka.md``), a number or id (``ADR-0123``) or a slug."""
    line: int | None
    """1-based line of the file where the link is written; None in the frontmatter."""
    wording: str
    """The words of the source, for messages (``Superceded by [2. Use Kafka](…)``)."""


@dataclass(slots=True)
class Record:
    """What one decision record says, in handbook terms, before ids and links are resolved."""

    path: Path
    raw: bytes
    newline: str = "\n"
    frontmatter: dict[str, object] | None = None
    """The file's own frontmatter (MADR 3 and 4), or None when it has none."""
    title: str | None = None
    status: str | None = None
    date: str | None = None
    people: dict[str, list[str]] = field(default_factory=dict)
    tags: list[str] | None = None
    references: list[Reference] = field(default_factory=list)
    existing_relations: dict[str, list[str]] = field(default_factory=dict)
    """Relation lists already in the frontmatter, kept and checked with the derived ones."""
    renames: dict[str, str] = field(default_factory=dict)
    """Frontmatter keys to rename in place, e.g. ``deciders`` → ``decision-makers``."""
    status_date: tuple[int | None, str] | None = None
    """A date written with the status (``Accepted on 2019-03-01``): the line and the date."""
    missing_date: str | None = None
    """Why no date was read, when none was written at all (the import then takes one from
    git or the file's modification time)."""
    missing_status: str | None = None
    """Why no status was read, when none was written at all (the import then takes the
    default status, when one is configured)."""
    number: int | None = None
    """The number in the file name, when the tool numbers its records."""
    problems: list[str] = field(default_factory=list)
    """What could not be carried over; any problem means nothing is written."""
    notes: list[str] = field(default_factory=list)
    """What the user should know although the mapping is clean."""
    after: bytes | None = None
    """The file as the import would write it, while it is still to be written."""

    @property
    def name(self) -> str:
        """The name that numbers the record: its file's, or its folder's (``NAME/index.md``)."""
        return decision_text.record_name(self.path.parts)


@dataclass(frozen=True, slots=True)
class FileResult:
    """The outcome for one file, with its bytes before and (when mapped) after."""

    path: Path
    outcome: Outcome
    item_id: str | None = None
    summary: str = ""
    """The status it maps to, why it was skipped, or the id it already has."""
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    before: bytes | None = None
    after: bytes | None = None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Everything one ``handbook import`` would do, in file-name order."""

    style: str
    folder: Path
    files: tuple[FileResult, ...]
    notes: tuple[str, ...] = ()
    """Folder-wide notes, e.g. how undated log4brains records were numbered."""

    @property
    def changes(self) -> dict[Path, bytes]:
        """New contents of every file that maps cleanly."""
        return {
            result.path: result.after
            for result in self.files
            if result.outcome is Outcome.MAPPED and result.after is not None
        }

    @property
    def clean(self) -> bool:
        """True when no file was left unmapped."""
        return all(result.outcome is not Outcome.UNMAPPED for result in self.files)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.files if result.outcome is outcome)
