"""``handbook import``: read a folder of decision records in one tool's style, work out the
handbook frontmatter of each, let the linter judge the handbook as it would be after the
import, and apply the clean part of the plan atomically.

A record is written only if everything it says was carried over and the result lints
without errors: one whose status, date or links cannot be mapped is left as it was, and so
is one whose imported form has an error finding (a duplicate id, two ends of a supersession
that disagree, …), one whose links lead to a record that is not written, and one that would
bring an error to a document already in the handbook. Findings about the body's sections
hold nothing back: the import leaves every body as it was.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from handbook.authoring import atomic
from handbook.authoring.importers import adr_tools, history, log4brains, madr
from handbook.authoring.importers.metadata import at
from handbook.authoring.importers.plan import (
    PEOPLE_KEYS,
    RELATION_KEYS,
    FileResult,
    ImportPlan,
    Outcome,
    Record,
    Reference,
)
from handbook.authoring.importers.rewrite import RewriteError, Value, rewritten
from handbook.authoring.importers.source import Unreadable, read_document
from handbook.authoring.importers.style import Style
from handbook.finding import Finding, Severity
from handbook.lint import lint
from handbook.load import kind_for_path
from handbook.parse import decision_text
from handbook.rules import duplicate_id, empty_section, missing_section
from handbook.schemas import builtin_schemas
from handbook.settings import Settings

STYLES: dict[str, Style] = {
    style.name: style for style in (adr_tools.STYLE, madr.STYLE, log4brains.STYLE)
}
"""The source styles ``--from`` accepts."""

ID_PREFIX = re.compile(r"[A-Z][A-Z0-9]*")
"""What an id prefix may be (the schema's id pattern before the hyphen)."""

_ID = re.compile(r"^[A-Z][A-Z0-9]*-([0-9]{1,6})$")
_NUMBER = re.compile(r"^(?:[A-Za-z]+[- ]?)?#?0*(\d{1,6})$")
_ID_IN_TEXT = re.compile(r"\b[A-Z][A-Z0-9]*-[0-9]{1,6}\b")

_BODY_RULES = frozenset({missing_section.RULE.code, empty_section.RULE.code})
"""Rules about the sections of the body, which the import leaves byte for byte: what they
find is for ``handbook lint`` to report afterwards, not a reason to hold a record back."""

_HINTS = {duplicate_id.RULE.code: "renumber one of them, or import with another --prefix"}
"""What to do about a finding, where the import can say more than the linter."""


class WriteFailed(Exception):
    """Writing stopped part-way; every file is either as it was or entirely new."""

    def __init__(self, error: OSError, written: list[Path], unchanged: list[Path]) -> None:
        super().__init__(str(error))
        self.error = error
        self.written = written
        self.unchanged = unchanged


@dataclass(slots=True)
class _Imported:
    """A file that already has handbook frontmatter with an id."""

    path: Path
    item_id: str
    relations: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class _Folder:
    """What one folder holds, and the ids and relations worked out for its records."""

    style: Style
    path: Path
    prefix: str
    fixed: list[FileResult] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    imported: list[_Imported] = field(default_factory=list)
    ids: dict[Path, str] = field(default_factory=dict)
    relations: dict[Path, dict[str, list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    by_name: dict[str, str] = field(default_factory=dict)
    """The id of every file name that has one (records and files already imported)."""
    by_number: dict[int, list[str]] = field(default_factory=dict)
    """The ids with each number."""
    numbers: dict[str, int] = field(default_factory=dict)
    """The number of each name that has one, read the way the folder writes them."""
    default_status: tuple[str, str] | None = None
    """The status given to records that write none, and where it was set."""

    def index_ids(self) -> None:
        self.by_name = {_name(path): item_id for path, item_id in self.ids.items()}
        self.by_name.update({_name(i.path): i.item_id for i in self.imported})
        self.by_number = defaultdict(list)
        for item_id in sorted(set(self.by_name.values())):
            self.by_number[_number_of(item_id)].append(item_id)


def plan_import(
    style_name: str,
    folder: Path,
    prefix: str,
    settings: Settings,
    default_status: tuple[str, str] | None = None,
) -> ImportPlan:
    """Everything importing ``folder`` (in the style ``style_name``) would change, with ids
    ``PREFIX-NNNN``; nothing is written. ``default_status`` (the status, and where it was
    set) is given to records that write none."""
    state = _Folder(STYLES[style_name], folder.resolve(), prefix, default_status=default_status)
    entries = [_record_file(entry) for entry in sorted(state.path.iterdir(), key=lambda p: p.name)]
    state.numbers = decision_text.numbers_by_convention(
        [
            _name(entry) if entry.parent != state.path else entry.name
            for entry in entries
            if entry.name.lower().endswith(".md")
        ]
    )
    for entry in entries:
        _read_entry(state, entry)
    _fill_missing(state)
    _assign_ids(state)
    state.index_ids()
    for record in state.records:
        state.relations[record.path] = _resolve(state, record)
    write_kind = _kind_needed(state.path, settings)
    _note_foreign_keys(state, _schema_keys(settings))
    if not write_kind:
        _note_linted_leftovers(state, settings)
    for record in state.records:
        _draft(state, record, write_kind)
    _judge(state, settings)
    _note_successors(state)
    results = [*state.fixed]
    results.extend(
        FileResult(i.path, Outcome.ALREADY_IMPORTED, i.item_id, i.item_id) for i in state.imported
    )
    results.extend(_result(state, record) for record in state.records)
    results.sort(key=lambda result: _name(result.path))
    return ImportPlan(style_name, state.path, tuple(results), tuple(state.notes))


def apply_plan(plan: ImportPlan, force: bool = False) -> list[Path]:
    """Write every clean change of ``plan`` all-or-nothing (see :func:`atomic.commit`);
    returns the files written. Raises :class:`WriteFailed` saying which files are new (none,
    unless putting an old version back failed too), and :class:`atomic.ReadOnly` before
    writing anything when a record is read-only and ``force`` is false."""
    changes = plan.changes
    if not changes:
        return []
    try:
        atomic.commit(changes, force=force)
    except atomic.CommitFailed as failure:
        raise WriteFailed(failure, failure.written, failure.unchanged) from None
    return list(changes)


# -- reading ----------------------------------------------------------------------------------


def _read_entry(state: _Folder, entry: Path) -> None:
    name = entry.name
    if entry.is_dir() and not entry.is_symlink():
        if not name.startswith(".") and _holds_markdown(entry):
            state.fixed.append(
                FileResult(
                    entry,
                    Outcome.SKIPPED,
                    summary="a folder: import reads one folder at a time (import it on its own)",
                )
            )
        return
    if not name.lower().endswith(".md"):
        return
    # NAME/index.md: a record whose folder carries its name
    skip = _skip_reason(state.style, entry) if entry.parent == state.path else None
    if skip is not None:
        state.fixed.append(FileResult(entry, Outcome.SKIPPED, summary=skip))
        return
    try:
        raw = entry.read_bytes()
    except OSError as error:
        state.fixed.append(
            FileResult(entry, Outcome.UNMAPPED, problems=(f"cannot read: {error.strerror}",))
        )
        return
    try:
        document = read_document(entry, raw)
    except Unreadable as error:
        state.fixed.append(FileResult(entry, Outcome.UNMAPPED, problems=(str(error),), before=raw))
        return
    data = document.frontmatter
    if data is not None and "id" in data:
        item_id = data["id"]
        if isinstance(item_id, str) and _ID.match(item_id):
            relations = {
                key: [str(v) for v in data[key]]
                for key in RELATION_KEYS
                if isinstance(data.get(key), list)
            }
            state.imported.append(_Imported(entry, item_id, relations))
            return
        problem = (
            f"frontmatter: id '{item_id}' is not a handbook id "
            f"(PREFIX-NUMBER, like {state.prefix}-0001)"
        )
        state.fixed.append(FileResult(entry, Outcome.UNMAPPED, problems=(problem,), before=raw))
        return
    record = Record(entry, raw, document.newline, data)
    if state.style.order_key is None:
        number = state.numbers.get(_name(entry))
        if number is not None:
            state.ids[entry] = f"{state.prefix}-{number:04d}"
            record.number = number
    state.style.read(document, record)
    state.records.append(record)


def _name(path: Path) -> str:
    """The name that numbers a record: the file's, or the folder's for ``NAME/index.md``."""
    return decision_text.record_name(path.parts)


def _record_file(entry: Path) -> Path:
    """``NAME/index.md`` (or ``NAME/README.md``) for a folder that is one record."""
    if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith("."):
        for page in ("index.md", "README.md"):
            if (entry / page).is_file() and (
                decision_text.number_in_name(entry.name) or decision_text.dated_name(entry.name)
            ):
                return entry / page
    return entry


def _fill_missing(state: _Folder) -> None:
    """A record that writes no date is dated by the commit that added it, or else by its
    file's modification time; one that writes no status gets the default status when one
    is set. Each choice is a note; without a default status, a missing status is a problem
    that says how to give one."""
    added: dict[str, tuple[str, str]] | None = None
    for record in state.records:
        if record.date is None and record.status_date is not None:
            line, date = record.status_date
            record.date = date
            record.notes.append(f"{at(line)}no date of its own; the date is the status's")
        elif record.date is None and record.missing_date is not None:
            if added is None:
                added = history.added_dates(state.path)
            dated = history.date_of(record.path, added)
            if dated is None:
                record.problems.append(f"no date: {record.missing_date}")
            else:
                record.date = dated.date
                record.notes.append(
                    f"no date ({record.missing_date}): {dated.date}, from {dated.source}"
                )
        if record.status is None and record.missing_status is not None:
            if state.default_status is None:
                record.problems.append(
                    f"no status: {record.missing_status}; give one with --default-status "
                    "(or default_status under decision_logs in the handbook options)"
                )
            else:
                status, where = state.default_status
                record.status = status
                record.notes.append(f"no status ({record.missing_status}): {status}, {where}")


def _skip_reason(style: Style, entry: Path) -> str | None:
    if entry.is_symlink():
        return "a symbolic link: not followed"
    if not entry.is_file():
        return "not a regular file"
    if entry.name.startswith("."):
        return "a hidden file"
    return style.skip_reason(entry.name)


def _holds_markdown(folder: Path) -> bool:
    try:
        return any(child.name.lower().endswith(".md") for child in folder.iterdir())
    except OSError:
        return False


def _schema_keys(settings: Settings) -> frozenset[str]:
    """The frontmatter keys an ADR may have: its schema's, every document's, the relations'."""
    adr = settings.kinds.get("adr")
    common = builtin_schemas().get("common", {}).get("$defs", {}).get("document", {})
    relations = settings.relations.relations.values()
    return (
        frozenset(adr.fields if adr is not None else ())
        | frozenset(common.get("properties", {}))
        | {key for relation in relations for key in (relation.name, relation.inverse)}
    )


def _note_foreign_keys(state: _Folder, known: frozenset[str]) -> None:
    for record in state.records:
        keys = [record.renames.get(key, key) for key in record.frontmatter or {}]
        foreign = [key for key in keys if key not in known and not key.startswith("x-")]
        if foreign:
            record.notes.append(
                f"frontmatter: {', '.join(foreign)} kept as written; not in the adr schema, so "
                "the linter warns about them (HB103) unless they are renamed x-…"
            )


def _note_linted_leftovers(state: _Folder, settings: Settings) -> None:
    """Skipped templates in a folder the configuration maps to adr are linted as ADRs."""
    folder = state.path.relative_to(settings.docs_dir).as_posix()
    patterns = []
    for result in state.fixed:
        name = result.path.name
        if result.outcome is not Outcome.SKIPPED or name.startswith("."):
            continue
        if name.lower() in ("readme.md", "index.md"):
            continue  # landing pages take no kind from their folder
        pattern = f"{folder}/{name}/*" if result.path.is_dir() else f"{folder}/{name}"
        if not any(fnmatch.fnmatch(pattern, known) for known in settings.exclude):
            patterns.append(pattern)
    if patterns:
        state.notes.append(
            "the configuration reads this folder as ADRs, so the linter checks the skipped "
            "files as ADRs too; to leave them out, add to the handbook plugin's options in "
            f"mkdocs.yml: exclude: [{', '.join(patterns)}]"
        )


def _kind_needed(folder: Path, settings: Settings) -> bool:
    """True unless the configuration already makes the folder's documents ADRs."""
    if not folder.is_relative_to(settings.docs_dir):
        return True
    docs_path = (folder.relative_to(settings.docs_dir) / "record.md").as_posix()
    return kind_for_path(docs_path, settings.kind_folders) != "adr"


# -- ids -------------------------------------------------------------------------------------


def _assign_ids(state: _Folder) -> None:
    style = state.style
    if style.order_key is None:
        for record in state.records:
            if record.path not in state.ids:
                chance = decision_text.number_in_name(record.name)
                hint = (
                    " (dated names are log4brains': try --from log4brains)"
                    if log4brains.file_name_date(record.name)
                    else f" (it starts with {chance.number}, but not the way the folder's "
                    "other names write their numbers: a digit by chance, not a record number)"
                    if chance is not None
                    else ""
                )
                record.problems.append(
                    f"no number at the start of the file name: {style.name} names records "
                    f"NNNN-title.md{hint}"
                )
        return
    _number_in_order(state, style.order_key)


def _number_in_order(state: _Folder, order_key: Callable[[str], tuple[str, str]]) -> None:
    """Records without numbers are numbered in the style's order (log4brains: date, then
    name): the n-th record is number n unless a record already imported has that number;
    those that clash get the numbers after the highest in use."""
    everything = sorted(
        [(order_key(r.name), r.path) for r in state.records]
        + [(order_key(_name(i.path)), i.path) for i in state.imported]
    )
    taken = {_number_of(i.item_id) for i in state.imported if _same_prefix(i.item_id, state)}
    imported = {i.path for i in state.imported}
    waiting = []
    for position, (_, path) in enumerate(everything, start=1):
        if path in imported:
            continue
        if position in taken:
            waiting.append(path)
        else:
            state.ids[path] = f"{state.prefix}-{position:04d}"
            taken.add(position)
    for path in waiting:
        number = max(taken, default=0) + 1
        state.ids[path] = f"{state.prefix}-{number:04d}"
        taken.add(number)
    for record in state.records:
        record.number = _number_of(state.ids[record.path])
    if state.records:
        numbered = sorted(state.records, key=lambda r: state.ids[r.path])
        state.notes.append(
            f"{state.style.name} names records by date, not number: {len(numbered)} "
            f"numbered in date-then-name order, {state.ids[numbered[0].path]} "
            f"({numbered[0].name}) to {state.ids[numbered[-1].path]} ({numbered[-1].name})"
        )


def _number_of(item_id: str) -> int:
    return int(item_id.rsplit("-", 1)[1])


def _same_prefix(item_id: str, state: _Folder) -> bool:
    return item_id.rsplit("-", 1)[0] == state.prefix


# -- links -----------------------------------------------------------------------------------


def _resolve(state: _Folder, record: Record) -> dict[str, list[str]]:
    """The record's relations as lists of ids, each link resolved by the file it names.
    Whether the ids exist, and whether the relations make sense, is the linter's to say."""
    relations: dict[str, list[str]] = {key: [] for key in RELATION_KEYS}
    for key, ids in record.existing_relations.items():
        for item_id in ids:
            if item_id not in relations[key]:
                relations[key].append(item_id)
    for reference in record.references:
        target = _target_id(state, record, reference)
        if target is not None and target not in relations[reference.relation]:
            relations[reference.relation].append(target)
    return relations


def _target_id(state: _Folder, record: Record, reference: Reference) -> str | None:
    target = reference.target.strip()
    where = f"{at(reference.line)}'{reference.wording}'"
    by_name = state.by_name
    if "/" in target or target.lower().endswith(".md"):
        written = unquote(target.split("#", 1)[0].split("?", 1)[0])
        path = (record.path.parent / written).resolve()
        if path.name in ("index.md", "README.md") and path.parent != state.path:
            path = path.parent  # a NAME/index.md record, linked by its file
        if path.parent != state.path:
            message = f"{where} leads outside the folder"
            if reference.relation == "relates-to":
                record.notes.append(f"{message}: not carried over (the link stays in the body)")
            else:
                record.problems.append(f"{message}; import that record too and link it by id")
            return None
        if path.name in by_name:
            return by_name[path.name]
        if any(other.name == path.name for other in state.records):
            record.problems.append(f"{where} links to a record that has no id (see its report)")
        elif path.exists():
            record.problems.append(f"{where} links to a file that is not a decision record")
        else:
            record.problems.append(f"broken link: {where}: {target} does not exist")
        return None
    number = _NUMBER.match(target)
    if number is not None:
        wanted = int(number.group(1))
        found = state.by_number.get(wanted, [])
        if len(found) == 1:
            return found[0]
        if found:
            record.problems.append(f"{where}: {', '.join(found)} all have the number {wanted}")
        else:
            record.problems.append(f"broken link: {where}: no record has the number {wanted}")
        return None
    name = target if target.lower().endswith(".md") else f"{target}.md"
    if name in by_name:
        return by_name[name]
    record.problems.append(f"broken link: {where}: no record is called {target}")
    return None


# -- judging ---------------------------------------------------------------------------------


def _draft(state: _Folder, record: Record, write_kind: bool) -> None:
    """Set ``record.after``, the file as the import would write it, when the record maps."""
    item_id = state.ids.get(record.path)
    if record.problems or item_id is None or record.status is None:
        return
    fields = _fields(record, item_id, state.relations[record.path], write_kind)
    try:
        after = rewritten(record, fields)
        check = read_document(record.path, after).frontmatter or {}
        if check.get("id") != item_id:
            raise RewriteError("the new frontmatter does not read back; nothing written")
    except (RewriteError, Unreadable) as error:
        record.problems.append(str(error))
        return
    record.after = after


def _judge(state: _Folder, settings: Settings) -> None:
    """Lint the handbook as it would be after the import and hold back each record whose
    imported form has an error finding; then again, since holding a record back can leave
    another's links pointing nowhere, until what is left to write lints clean, and adds no
    error to the other files either."""
    lint_settings = _lint_settings(state.path, settings)
    before: set[tuple[str, int, int, str]] | None = None
    while True:
        _hold_back_dependents(state)
        pending: dict[Path, tuple[Record, str]] = {}
        for record in state.records:
            if record.after is not None:
                pending[record.path] = (record, _text(record.after))
        if not pending:
            return
        result = lint(lint_settings, overrides={path: text for path, (_, text) in pending.items()})
        documents = {document.rel_path: document for document in result.corpus.documents}
        elsewhere: list[Finding] = []
        held = False
        for finding in result.findings:
            if not _holds_back(finding):
                continue
            document = documents.get(finding.path)
            if document is None or document.path not in pending:
                elsewhere.append(finding)
                continue
            record, text = pending[document.path]
            record.problems.append(_described(finding, document.source.body_line, record, text))
            record.after = None
            held = True
        if held:
            continue
        if before is None:
            before = {_place(f) for f in lint(lint_settings).findings if _holds_back(f)}
        if not _hold_back_causes(state, [f for f in elsewhere if _place(f) not in before]):
            return


def _hold_back_causes(state: _Folder, caused: list[Finding]) -> bool:
    """Errors the import would bring to files it does not write (a supersession cycle
    through a document already in the handbook, reported there): hold back the records the
    finding names; a note when it names none. True when a record was held back."""
    by_id = {state.ids[r.path]: r for r in state.records if r.after is not None}
    held = False
    for finding in caused:
        named = [
            by_id[i] for i in dict.fromkeys(_ID_IN_TEXT.findall(finding.message)) if i in by_id
        ]
        described = f"{finding.path}, line {finding.line}: {finding.message} ({finding.code})"
        for record in named:
            record.problems.append(f"importing it breaks {described}")
            record.after = None
            held = True
        note = f"the import breaks {described}"
        if not named and note not in state.notes:
            state.notes.append(note)
    return held


def _place(finding: Finding) -> tuple[str, int, int, str]:
    """What a finding is about, whatever its wording (a did-you-mean changes with the ids)."""
    return (finding.path, finding.line, finding.column, finding.code)


def _lint_settings(folder: Path, settings: Settings) -> Settings:
    """The handbook's settings when the folder is in its docs directory; otherwise the
    folder is linted as a docs directory of its own, as ``handbook lint DIR`` does."""
    if folder.is_relative_to(settings.docs_dir):
        return settings
    return dataclasses.replace(settings, docs_dir=folder)


def _holds_back(finding: Finding) -> bool:
    return finding.severity is Severity.ERROR and finding.code not in _BODY_RULES


def _described(finding: Finding, body_line: int, record: Record, text: str) -> str:
    """A finding on the imported form as the report shows it: where it is in the file as it
    is now (a line of the body, or the frontmatter the import writes), then the linter's
    message and rule code."""
    if finding.line < body_line:
        where = at(None)
    else:
        added = text.count("\n") - _text(record.raw).count("\n")
        where = at(finding.line - added)
    hint = _HINTS.get(finding.code)
    return f"{where}{finding.message} ({finding.code})" + (f"; {hint}" if hint else "")


def _text(data: bytes) -> str:
    """``data`` decoded as the linter reads a file: no byte-order mark, ``\\n`` line ends."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _hold_back_dependents(state: _Folder) -> None:
    """A record is written only if the records it links to will be there: one that links to
    a record held back is held back too, and says why."""
    changed = True
    while changed:
        changed = False
        written = {state.ids[r.path] for r in state.records if r.after is not None}
        held = {
            state.ids[r.path]: r
            for r in state.records
            if r.after is None and r.path in state.ids and state.ids[r.path] not in written
        }
        for record in state.records:
            if record.after is None:
                continue
            relations = state.relations[record.path]
            for key in RELATION_KEYS:
                for target in relations[key]:
                    if target in held:
                        record.problems.append(
                            f"{key} {target} ({held[target].name}), which cannot be imported "
                            "until its own problems are fixed"
                        )
            if record.problems:
                record.after = None
                changed = True


def _note_successors(state: _Folder) -> None:
    """A record to be written that another says it supersedes, while its own status says
    otherwise: lint accepts it, but the user should know."""
    by_id = {state.ids[r.path]: r for r in state.records if r.path in state.ids}
    superseders: dict[str, set[str]] = defaultdict(set)
    for other, candidate in by_id.items():
        for older in state.relations[candidate.path]["supersedes"]:
            superseders[older].add(other)
    for item_id, record in by_id.items():
        if record.after is None or record.status in ("superseded", None):
            continue
        successors = sorted(superseders.get(item_id, ()))
        if successors:
            record.notes.append(
                f"{', '.join(successors)} says it supersedes this record, whose status is "
                f"{record.status}"
            )


# -- output ----------------------------------------------------------------------------------


def _by_line(messages: list[str]) -> tuple[str, ...]:
    """Messages in file order: the frontmatter's first, then by line, then the rest."""

    def place(message: str) -> int:
        if message.startswith("frontmatter:"):
            return 0
        match = re.match(r"(?:broken link: )?line (\d+):", message)
        return int(match.group(1)) if match else 1 << 30

    return tuple(sorted(messages, key=place))


def _result(state: _Folder, record: Record) -> FileResult:
    record.problems[:] = _by_line(record.problems)
    record.notes[:] = _by_line(record.notes)
    item_id = state.ids.get(record.path)
    if record.after is None or record.status is None:
        return FileResult(
            record.path,
            Outcome.UNMAPPED,
            item_id,
            problems=tuple(record.problems),
            notes=tuple(record.notes),
            before=record.raw,
        )
    return FileResult(
        record.path,
        Outcome.MAPPED,
        item_id,
        record.status,
        notes=tuple(record.notes),
        before=record.raw,
        after=record.after,
    )


def _fields(
    record: Record, item_id: str, relations: dict[str, list[str]], write_kind: bool
) -> list[tuple[str, Value]]:
    assert record.status is not None and record.date is not None
    fields: list[tuple[str, Value]] = [("kind", "adr")] if write_kind else []
    fields.append(("id", item_id))
    if record.title is not None:
        fields.append(("title", record.title))
    fields += [("status", record.status), ("date", record.date)]
    in_frontmatter = record.frontmatter or {}
    for key in PEOPLE_KEYS:
        names = record.people.get(key)
        if names or (names is not None and _written(record, key, in_frontmatter)):
            fields.append((key, names))
    if record.tags:
        fields.append(("tags", record.tags))
    for key in RELATION_KEYS:
        if relations[key]:
            fields.append((key, relations[key]))
    return fields


def _written(record: Record, key: str, frontmatter: dict[str, object]) -> bool:
    return key in frontmatter or any(new == key for new in record.renames.values())
