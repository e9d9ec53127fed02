"""The phase gates, evaluated: each condition of each gate, passed or failed, with the items
at fault.

:func:`evaluate` reads a lint run (its findings, its items and their graph) and returns a
plain value, :class:`Runway`; it prints nothing. ``handbook gate`` renders it
(:mod:`handbook.report.gate`), the MkDocs plugin logs it. The conditions are data
(:mod:`handbook.gate_specs`); their expressions are CEL (ADR 0010), compiled here on first
use and evaluated once per selected item, in a sandbox: an expression sees the item's data
and its related items, its kind's facts (the schema's ``x-handbook`` block) and two date
functions, and nothing else: no files, no clock but ``today``, no network.

An expression that fails on one item (a field of the wrong type, say) makes its condition
fail with the reason at that item; it never stops the run.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handbook.domain import phases
from handbook.evidence.book import EvidenceBook, book_for_run
from handbook.finding import escape_controls
from handbook.gate_specs import FIELD_USE, ConditionSpec, GateConfigError, GateSpec, Selection
from handbook.lint import LintResult
from handbook.model import Item
from handbook.rules import RULES_BY_KEY
from handbook.settings import Settings, iso_date

if TYPE_CHECKING:
    import cel

MET, NOT_MET, UPCOMING = "met", "not-met", "upcoming"

_VARIABLES = frozenset(
    {
        "id",
        "kind",
        "status",
        "groups",
        "phase",
        "title",
        "path",
        "fields",
        "related",
        "today",
        "evidence",
        "facts",
    }
)
"""What an expression sees of an item (docs/guide/gates.md)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """An item at fault: which, where, and why."""

    item: str | None
    path: str
    line: int
    why: str


@dataclass(frozen=True, slots=True)
class ConditionResult:
    spec: ConditionSpec
    passed: bool
    checked: int
    """How many items the condition looked at."""
    faults: tuple[Fault, ...] = ()
    note: str | None = None
    """Why it looked at nothing (a kind this handbook lacks), or could not check."""


@dataclass(frozen=True, slots=True)
class GateResult:
    phase: str
    number: int
    state: str
    """``met``, ``not-met`` or ``upcoming`` (after the current phase; shown, not required)."""
    conditions: tuple[ConditionResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.conditions)


@dataclass(frozen=True, slots=True)
class Runway:
    """Every gate's result, and the phase they were judged at."""

    phase: str
    declared: bool
    """True when the phase came from the config or the command line, not the default."""
    gates: tuple[GateResult, ...]
    today: dt.date

    @property
    def number(self) -> int:
        return phases().index(self.phase) + 1

    @property
    def passed(self) -> bool:
        """No gate at or below the current phase fails."""
        return all(g.state != NOT_MET for g in self.gates)

    @property
    def total(self) -> int:
        return len(phases())


def current_phase(settings: Settings, phase: str | None = None) -> tuple[str, bool]:
    """The phase gates are judged at: ``phase``, else the declared one, else the last."""
    chosen = phase or settings.runway_phase
    return (chosen, True) if chosen else (phases()[-1], False)


@dataclass(eq=False)
class Shared:
    """What one evaluation leaves for a second one, of a run that differs little from the
    first with the same settings (``handbook diff``'s two sides): each expression's outcome
    on each item. The second takes an outcome instead of evaluating the expression again
    when everything the expression sees of the item is the same on both sides: the item's
    own file (same path, same text) and, when it reads ``related``, the same related items,
    each from the same file. Expressions that read ``evidence`` are always evaluated (an
    item's evidence depends on files and items elsewhere)."""

    first: _Evaluator | None = None
    reused: int = 0
    """How many outcomes the second evaluation took from the first."""
    evaluated: int = 0
    """How many expressions the second evaluation ran itself."""
    _same: dict[tuple[str, bool], bool] = field(default_factory=dict)


def evaluate(
    result: LintResult,
    settings: Settings,
    phase: str | None = None,
    *,
    shared: Shared | None = None,
) -> Runway:
    """Evaluate every gate of ``settings`` against a lint run; raises
    :class:`~handbook.gate_specs.GateConfigError` for an expression that does not compile.

    ``shared``: the first evaluation given a :class:`Shared` records its outcomes in it; a
    second one (another run, the same settings) takes those whose inputs are the same."""
    programs = shared.first.programs if shared and shared.first else None
    if programs is None:
        programs = compile_gates(settings.gates)
    current, declared = current_phase(settings, phase)
    limit = phases().index(current) + 1
    evaluator = _Evaluator(result, settings, programs, shared)
    gates = []
    for gate in settings.gates:
        conditions = tuple(evaluator.condition(spec) for spec in gate.conditions)
        state = (
            UPCOMING
            if gate.number > limit
            else (MET if all(c.passed for c in conditions) else NOT_MET)
        )
        gates.append(GateResult(gate.phase, gate.number, state, conditions))
    if shared is not None and shared.first is None:
        shared.first = evaluator
    return Runway(current, declared, tuple(gates), settings.today)


# Compiling: the library is imported here, on first use (it takes a third of a second).


def compile_gates(gates: Iterable[GateSpec]) -> dict[tuple[str, str, str], cel.Program]:
    """Every expression of ``gates`` compiled, by (phase, condition id, key)."""
    import cel

    # The library also logs a failing function call as a warning; the reason is reported
    # at the item, and must not reach MkDocs' log (where --strict would count it) or stderr.
    library_log = logging.getLogger("cel")
    if not library_log.handlers:
        library_log.addHandler(logging.NullHandler())
    library_log.propagate = False
    programs: dict[tuple[str, str, str], cel.Program] = {}
    for gate in gates:
        for spec in gate.conditions:
            sources = {"require": spec.require}
            if spec.select is not None:
                sources["select.where"] = spec.select.where
            for key, source in sources.items():
                if source is None or spec.dormant:
                    continue
                try:
                    programs[(spec.phase, spec.id, key)] = cel.compile(source)
                except (ValueError, RuntimeError) as error:
                    raise GateConfigError(
                        spec.where, f"{key} does not parse: {_syntax_error(str(error))}"
                    ) from None
    return programs


_POSITION = re.compile(r"<input>:(\d+):(\d+): (.*)")


def _syntax_error(text: str) -> str:
    """The first error of the CEL parser's report, as ``line L, column C: what``."""
    for line in text.splitlines():
        match = _POSITION.search(line)
        if match:
            what = match.group(3).split(" expecting ")[0]
            return f"line {match.group(1)}, column {match.group(2)}: {what}"
    return _one_line(text)


def _one_line(text: str, limit: int = 200) -> str:
    first = escape_controls(text.strip().splitlines()[0] if text.strip() else "error")
    return first if len(first) <= limit else first[: limit - 1] + "…"


# Evaluating.


class _Evaluator:
    def __init__(
        self,
        result: LintResult,
        settings: Settings,
        programs: Mapping[tuple[str, str, str], cel.Program],
        shared: Shared | None = None,
    ) -> None:
        self.result = result
        self.settings = settings
        self.programs = programs
        self.shared = shared
        self.outcomes: dict[tuple[tuple[str, str, str], str], object] | None = (
            {} if shared is not None and shared.first is None else None
        )
        """The outcome of each expression on each item, kept for a second evaluation."""
        self.graph = result.graph
        self.items = [i for i in result.corpus.items if i.id is not None]
        self.today = settings.today
        self.functions: dict[str, Callable[..., object]] = {
            "days_since": self._days_since,
            "days_until": self._days_until,
        }
        self._summaries: dict[int, dict[str, object]] = {}
        self._contexts: dict[int, dict[str, object]] = {}
        self._cel_contexts: dict[
            tuple[int, frozenset[str], frozenset[str] | None], cel.Context
        ] = {}
        self._variables: dict[int, frozenset[str]] = {}
        self._program_fields: dict[int, object] = {}
        self._identities: dict[int, dict[str, object]] = {}
        self.field_names = fields_read(settings.gates)
        """The item fields any expression reads, when each names them (None: any field)."""
        self._related: dict[str, dict[str, list[str]]] | None = None
        self._by_kind: dict[str, list[tuple[int, Item]]] | None = None
        self._book: EvidenceBook | None = None

    # Selecting.

    def select(self, spec: ConditionSpec) -> tuple[list[Item], list[Fault]]:
        """The items a condition looks at, and the items whose ``where`` failed to evaluate."""
        selection = spec.select
        if selection is None:
            return [i for i in self.items if item_phase(i) == spec.phase], []
        chosen, faults = [], []
        for item in self._of_kinds(selection.kinds):
            if not _matches(item, selection):
                continue
            if selection.where is not None:
                outcome = self._run(spec, "select.where", item)
                if isinstance(outcome, Fault):
                    faults.append(outcome)
                    continue
                if not outcome:
                    continue
            chosen.append(item)
        return chosen, faults

    def _of_kinds(self, kinds: Iterable[str]) -> list[Item]:
        """The items of ``kinds`` (every item when none is named), in the run's order."""
        wanted = sorted(kinds)
        if not wanted:
            return self.items
        if self._by_kind is None:
            self._by_kind = {}
            for position, item in enumerate(self.items):
                self._by_kind.setdefault(item.kind.name, []).append((position, item))
        found = [entry for kind in wanted for entry in self._by_kind.get(kind, ())]
        if len(wanted) > 1:
            found.sort(key=lambda entry: entry[0])
        return [item for _, item in found]

    def condition(self, spec: ConditionSpec) -> ConditionResult:
        if spec.dormant:
            return ConditionResult(spec, True, 0, note=spec.dormant)
        if spec.rules:
            off = [c for c in spec.rules if self._turned_off(c)]
            if off and len(off) == len(spec.rules):
                note = f"{', '.join(off)} turned off under rules: in the config; cannot check"
                return ConditionResult(spec, False, 0, note=note)
        items, faults = self.select(spec)
        if spec.rules:
            faults += self._rule_faults(spec, items)
        else:
            for item in items:
                outcome = self._run(spec, "require", item)
                if isinstance(outcome, Fault):
                    faults.append(outcome)
                elif outcome is not True:
                    why = spec.because or f"does not satisfy: {spec.require}"
                    if outcome is not False:
                        why = f"the expression gave {outcome!r}, not true or false"
                    faults.append(_fault(item, why))
        faults.sort(key=lambda f: (f.path, f.line, f.item or "", f.why))
        return ConditionResult(spec, not faults, len(items), tuple(faults))

    def _turned_off(self, code: str) -> bool:
        rule = RULES_BY_KEY[code]
        return self.settings.severities.get(code, rule.severity) is None

    def _rule_faults(self, spec: ConditionSpec, items: list[Item]) -> list[Fault]:
        wanted = {i.id for i in items}
        paths = {i.document.rel_path for i in items}
        faults = []
        for finding in self.result.findings:
            if finding.code not in spec.rules:
                continue
            about = finding.item in wanted if finding.item else finding.path in paths
            if about:
                faults.append(
                    Fault(
                        finding.item,
                        finding.path,
                        finding.line,
                        f"{finding.code} {finding.one_line_message}",
                    )
                )
        return faults

    # Running one expression on one item.

    def _run(self, spec: ConditionSpec, key: str, item: Item) -> object:
        program_key = (spec.phase, spec.id, key)
        program = self.programs[program_key]
        # Most expressions read only the item's own fields: their context leaves the
        # related items out, which are most of the cost of building one.
        # Each variable handed to the library costs a conversion: hand it only those the
        # expression reads, and the related items only when it reads them.
        names = self._variables.get(id(program))
        if names is None:
            names = frozenset(program.variables()) & _VARIABLES
            self._variables[id(program)] = names
        assert item.id is not None
        own = self.graph.items.get(item.id) is item  # not a second item of the same id
        shared = self.shared
        if shared is not None and shared.first is not None and own and "evidence" not in names:
            first = shared.first
            assert first.outcomes is not None
            outcome = first.outcomes.get((program_key, item.id), _UNKNOWN)
            if outcome is not _UNKNOWN and self._same_inputs(item, "related" in names):
                shared.reused += 1
                return _fault(item, outcome.why) if isinstance(outcome, Fault) else outcome
            shared.evaluated += 1
        outcome = self._execute(program, names, key, item, spec)
        if self.outcomes is not None and own:
            self.outcomes[(program_key, item.id)] = outcome
        return outcome

    def _same_inputs(self, item: Item, related: bool) -> bool:
        """Whether an expression sees ``item`` here as it saw it in the first evaluation:
        the item from the same file (path and text), and with ``related`` the same related
        items, each from the same file."""
        assert self.shared is not None and self.shared.first is not None and item.id
        first = self.shared.first
        known = self.shared._same.get((item.id, related))
        if known is not None:
            return known
        other = first.graph.items.get(item.id)
        same = other is not None and _same_file(item, other)
        if same and related:
            mine = self._related_index().get(item.id, {})
            theirs = first._related_index().get(item.id, {})
            same = mine.keys() == theirs.keys() and all(
                set(ids) == set(theirs[key]) for key, ids in mine.items()
            )
            neighbours = {i for ids in mine.values() for i in ids} if same else set()
            same = same and all(
                _same_file(self.graph.items[i], first.graph.items[i]) for i in neighbours
            )
        self.shared._same[(item.id, related)] = same
        return same

    def _execute(
        self, program: cel.Program, names: frozenset[str], key: str, item: Item, spec: ConditionSpec
    ) -> object:
        import cel

        # An expression that reads only the item's own fields, each by name, is handed only
        # those: converting a field for the library costs as much as the rest of a run.
        own_fields = None if "related" in names else self._fields_of(program, spec, key)
        cache_key = (id(item), names, own_fields)
        context = self._cel_contexts.get(cache_key)
        if context is None:
            if "related" in names:
                everything = self.context(item)
            elif own_fields is not None:
                data = item.data
                everything = {
                    **self._identity(item),
                    "fields": {n: plain(data[n]) for n in own_fields if n in data},
                    "today": self.today.isoformat(),
                }
            else:
                everything = self._plain_context(item)
            if "evidence" in names:
                # read and compared outside the sandbox, handed in as plain data
                everything = {**everything, "evidence": self._evidence().cel(item)}
            if "facts" in names:
                everything = {**everything, "facts": item.kind.meta}
            variables = {name: everything[name] for name in names}
            context = cel.Context(variables=variables, functions=self.functions)
            self._cel_contexts[cache_key] = context
        try:
            return program.execute(context)
        except KeyError as error:
            return _fault(item, f"cannot evaluate {key}: no such key: {error.args[0]}")
        except Exception as error:  # the library raises what the expression hits
            return _fault(item, f"cannot evaluate {key}: {_evaluation_error(error)}")

    def _fields_of(
        self, program: cel.Program, spec: ConditionSpec, key: str
    ) -> frozenset[str] | None:
        """The fields of the item one expression reads, when it names each (else None)."""
        known = self._program_fields.get(id(program), _UNKNOWN)
        if known is _UNKNOWN:
            source = spec.require if key == "require" else (spec.select and spec.select.where)
            known = _fields_in([source] if source else [])
            self._program_fields[id(program)] = known
        return known  # type: ignore[return-value]

    def _evidence(self) -> EvidenceBook:
        if self.result.context is not None:
            return self.result.context.evidence
        if self._book is None:
            # without the run's graph, no experiment is known to verify an SLO by relation
            self._book = book_for_run(self.items, self.settings, None)
        return self._book

    def context(self, item: Item) -> dict[str, object]:
        """What an expression sees of ``item``: its summary, ``fields``, ``related`` and
        ``today``."""
        cached = self._contexts.get(id(item))
        if cached is not None:
            return cached
        assert item.id is not None
        written = self._related_index().get(item.id, {})
        related = {
            key: self._summaries_of(sorted(set(written.get(key, ()))))
            for key in self.settings.relations.keys
        }
        context = {**self._plain_context(item), "related": related}
        self._contexts[id(item)] = context
        return context

    def _plain_context(self, item: Item) -> dict[str, object]:
        if self.field_names is None:
            return {**self.summary(item), "today": self.today.isoformat()}
        data = item.data
        fields = {n: plain(data[n]) for n in self.field_names if n in data}
        return {**self._identity(item), "fields": fields, "today": self.today.isoformat()}

    def _related_index(self) -> dict[str, dict[str, list[str]]]:
        """Item id → relation key → the ids at the other end, from one pass over the
        edges (the key is the relation's name at the source, its inverse at the target)."""
        if self._related is None:
            index: dict[str, dict[str, list[str]]] = {}
            relations = self.settings.relations.relations
            # the graph's own edges, unsorted: each context sorts the ids it hands on
            for source, target, name in self.graph.graph.edges(keys=True):
                relation = relations.get(name)
                inverse = relation.inverse if relation is not None else name
                index.setdefault(source, {}).setdefault(name, []).append(target)
                index.setdefault(target, {}).setdefault(inverse, []).append(source)
            self._related = index
        return self._related

    def _summaries_of(self, ids: Iterable[str]) -> list[dict[str, object]]:
        return [self.summary(self.graph.items[i]) for i in ids]

    def summary(self, item: Item) -> dict[str, object]:
        """An item as a related item is seen: who it is and all its fields."""
        cached = self._summaries.get(id(item))
        if cached is None:
            cached = {**self._identity(item), "fields": plain(item.data)}
            self._summaries[id(item)] = cached
        return cached

    def _identity(self, item: Item) -> dict[str, object]:
        cached = self._identities.get(id(item))
        if cached is None:
            cached = self._identities[id(item)] = _identity(item)
        return cached

    # The date functions.

    def _days_since(self, value: object) -> int:
        return (self.today - _date(value)).days

    def _days_until(self, value: object) -> int:
        return (_date(value) - self.today).days


_UNKNOWN = object()


def _identity(item: Item) -> dict[str, object]:
    """Who an item is, as an expression sees it (without its fields)."""
    kind = item.kind
    return {
        "id": item.id,
        "kind": kind.name,
        "status": item.status or "",
        "groups": sorted(g for g, s in kind.status_groups.items() if item.status in s),
        "phase": item_phase(item) or "",
        "title": item.title,
        "path": item.document.rel_path,
    }


def _same_file(item: Item, other: Item) -> bool:
    """Whether two runs read ``item`` and ``other`` from the same place of the same text
    (so their ids, kinds, fields, titles and statuses are the same)."""
    if item is other:
        return True
    mine, theirs = item.document, other.document
    return (
        mine.rel_path == theirs.rel_path
        and item.node_path == other.node_path
        and (mine.source is theirs.source or mine.source.text == theirs.source.text)
    )


def item_phase(item: Item) -> str | None:
    """The item's phase: its ``phase`` field when that names one, else its kind's."""
    written = item.data.get("phase")
    return written if isinstance(written, str) and written in phases() else item.kind.phase


def _matches(item: Item, selection: Selection) -> bool:
    kind = item.kind
    if selection.kinds and kind.name not in selection.kinds:
        return False
    if selection.groups and not any(kind.in_group(item.status, g) for g in selection.groups):
        return False
    if any(kind.in_group(item.status, g) for g in selection.not_groups):
        return False
    return all(
        _field_value(item.data.get(name)) in values for name, values in selection.fields.items()
    )


def _field_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _fault(item: Item, why: str) -> Fault:
    return Fault(item.id, item.document.rel_path, item.line, why)


def _date(value: object) -> dt.date:
    date = iso_date(value[:10]) if isinstance(value, str) else None
    if date is not None:
        return date
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def fields_read(gates: Iterable[GateSpec]) -> frozenset[str] | None:
    """The item fields the expressions of ``gates`` read, when every use of ``fields`` in
    them names one (``fields.owner``, ``fields["last-tested"]``, ``"owner" in fields``);
    None when one may read any (``size(fields)``). Converting only these, rather than an
    item's whole frontmatter, is most of the saving at 10,000 items."""
    sources = [
        source
        for gate in gates
        for spec in gate.conditions
        for source in (spec.require, spec.select.where if spec.select else None)
        if source
    ]
    return _fields_in(sources)


def _fields_in(sources: Iterable[str]) -> frozenset[str] | None:
    """The fields ``sources`` read, when every use of ``fields`` in them names one."""
    names: set[str] = set()
    for source in sources:
        uses = list(FIELD_USE.finditer(source))
        if len(_FIELDS_NAME.findall(source)) != len(uses):
            return None
        names.update(next(g for g in m.groups() if g is not None) for m in uses)
    return frozenset(names)


_FIELDS_NAME = re.compile(r"(?<![\w.\]])fields\b")
"""Every use of the item's own ``fields``; when each is a use of one named field
(:data:`~handbook.gate_specs.FIELD_USE`), only those fields need converting."""

_PYTHON_FAILED = re.compile(
    r"Function '([^']+)' error: Python function call failed: \w+: (.*?)"
    r"(?:\. Check function arguments and their types\.)?$"
)


def _evaluation_error(error: Exception) -> str:
    text = str(error)
    match = _PYTHON_FAILED.search(text.replace("\n", " "))
    if match:
        return f"{match.group(1)}(): {_one_line(match.group(2))}"
    if "No such overload" in text:
        return "an operator or function was given values of the wrong type"
    return _one_line(text)


def plain(value: object, depth: int = 0) -> object:
    """A frontmatter value as the expression language takes it: dates as ``YYYY-MM-DD``
    text, keys as text, anything unusual as its text."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if depth > 64:
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, depth + 1) for v in value]
    return str(value)
