"""The phase gates as data: what each condition checks, read and checked before a run.

The default gates ship in ``builtin_gates.yml`` beside the built-in relations: one gate per
delivery phase (the phases of :func:`handbook.domain.phases`), each a list of conditions.
A condition is one of two checks:

- ``rule``: no unwaived finding of these rules (codes, names or prefixes) about the items
  of the phase (or those ``select`` picks);
- ``require``: a CEL expression, true for every item ``select`` picks.

A project overrides the defaults under ``gates:`` in the handbook block of ``mkdocs.yml``
(``{PHASE: {CONDITION-ID: {…} | false}}``): a new id adds a condition, a known one is
tightened (its keys replaced), ``false`` drops it. Everything that can be checked without
evaluating is checked here (phases, kinds, status groups, rules, the fields and relations an
expression names), so a mistake is one line naming gate and condition; the expressions
themselves are compiled when gates are evaluated (:mod:`handbook.gates`), since the CEL
library takes a third of a second to import and ``handbook lint`` never needs it.

This module sits at the bottom of the layers, beside the kinds and relations it checks
names against; it knows no rule registry (the config passes the rule names in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

import yaml

from handbook.domain import phases
from handbook.kinds import KindCatalog
from handbook.relations import RelationRegistry
from handbook.suggest import close_matches

MAX_EXPRESSION = 2_000
"""The longest expression a condition may hold, in characters: far above any real one."""

BUILTIN_SOURCE = "builtin_gates.yml"


class GateConfigError(ValueError):
    """A gate or condition cannot be used; ``where`` names it (``harden.rollback-rehearsed``)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Selection:
    """Which items a condition looks at; every part given must hold."""

    kinds: tuple[str, ...] = ()
    """Kind names (empty: every kind)."""
    groups: tuple[str, ...] = ()
    """Status groups (``active``, ``open``…) the item's status must be in, one at least."""
    not_groups: tuple[str, ...] = ()
    """Status groups the item's status must not be in."""
    fields: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    """Field → the values it must have one of."""
    where: str | None = None
    """A CEL expression the item must satisfy."""


@dataclass(frozen=True, slots=True)
class ConditionSpec:
    """One condition of a gate, as written in the data."""

    id: str
    phase: str
    statement: str
    select: Selection | None = None
    """Which items it looks at; None: the items of its phase."""
    rules: tuple[str, ...] = ()
    """Rule codes (resolved from codes, names and prefixes); empty for a predicate."""
    rule_keys: tuple[str, ...] = ()
    """The rules as written, for display."""
    require: str | None = None
    because: str | None = None
    """Why an item fails, in words; without it the expression is quoted."""
    promise: int | None = None
    """The runway promise (1–24 in the docs) the condition checks."""
    builtin: bool = False
    dormant: str | None = None
    """Why a default condition can select nothing here (a kind this handbook lacks)."""

    @property
    def where(self) -> str:
        return f"{self.phase}.{self.id}"

    @property
    def check(self) -> str:
        return "rule" if self.rules else "predicate"

    @property
    def rests_on_evidence(self) -> bool:
        """Whether the condition judges result files (the evidence an experiment lists)
        rather than what the documents say: its expression reads the ``evidence`` variable,
        or it names rules about evidence (their names say so: ``evidence-missing``, …)."""
        expressions = [self.require or "", self.select.where or "" if self.select else ""]
        reads = any("evidence." in e or "evidence[" in e for e in expressions)
        return reads or any("evidence" in key for key in self.rule_keys)


@dataclass(frozen=True, slots=True)
class GateSpec:
    """A phase's gate: its conditions, in order."""

    phase: str
    number: int
    conditions: tuple[ConditionSpec, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names a condition may use: the run's kinds and relations, and the rules."""

    kinds: KindCatalog
    relations: RelationRegistry
    resolve_rules: Callable[[str], tuple[str, ...]]
    """Rule codes a code, name or prefix stands for (empty when it names none)."""


_CONDITION_KEYS = frozenset({"id", "statement", "select", "rule", "require", "because", "promise"})
_SELECT_KEYS = frozenset({"kind", "group", "not-group", "fields", "where"})
_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def builtin_gate_data() -> Mapping[str, object]:
    """The default gates as written in ``builtin_gates.yml``."""
    text = (resources.files("handbook") / BUILTIN_SOURCE).read_text(encoding="utf-8")
    # Our own file, read by the C loader when PyYAML has it: every run reads it first.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data


def read_gates(
    vocabulary: Vocabulary,
    overrides: Mapping[object, object] | None = None,
    defaults: Mapping[str, object] | None = None,
) -> tuple[GateSpec, ...]:
    """The gates of a run: the defaults with the project's ``overrides`` applied, every
    condition checked against ``vocabulary``; raises :class:`GateConfigError`."""
    order = phases()
    defaults = builtin_gate_data() if defaults is None else defaults
    written: dict[str, dict[str, tuple[Mapping[object, object], bool]]] = {p: {} for p in order}
    for phase, entries in defaults.items():
        if phase not in written:
            raise GateConfigError(str(phase), _unknown("phase", str(phase), order))
        if not isinstance(entries, list):
            raise GateConfigError(phase, "a gate is a list of conditions")
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                raise GateConfigError(f"{phase}[{index}]", "a condition needs an 'id'")
            written[phase][entry["id"]] = (entry, True)
    for written_phase, body in (overrides or {}).items():
        name = str(written_phase)
        if name not in written:
            raise GateConfigError(name, _unknown("phase", name, order))
        if body is None:
            continue
        if not isinstance(body, Mapping):
            raise GateConfigError(name, "give the gate's conditions as 'CONDITION-ID: {…}'")
        for condition_id, change in body.items():
            key = str(condition_id)
            where = f"{name}.{key}"
            if change is False or change is None:
                if key not in written[name]:
                    raise GateConfigError(
                        where, _unknown("condition", key, written[name]) + " to drop"
                    )
                del written[name][key]
                continue
            if not isinstance(change, Mapping):
                raise GateConfigError(where, "a condition is a mapping, or false to drop it")
            if "id" in change and change["id"] != key:
                raise GateConfigError(where, "the key is the condition's id; leave 'id' out")
            previous, builtin = written[name].get(key, ({}, False))
            merged: dict[object, object] = {**previous, **change, "id": key}
            if "rule" in change:
                merged.pop("require", None)
            if "require" in change:
                merged.pop("rule", None)
            written[name][key] = (merged, builtin and not change)
    return tuple(
        GateSpec(
            phase,
            number,
            tuple(
                _condition_or_dormant(phase, body, vocabulary, done)
                for body, done in entries.values()
            ),
        )
        for number, (phase, entries) in enumerate(written.items(), start=1)
    )


def _condition_or_dormant(
    phase: str, body: Mapping[object, object], vocabulary: Vocabulary, builtin: bool
) -> ConditionSpec:
    """A default the project did not touch never stops a run: one whose names this
    handbook's kinds do not have (a project's own ``postmortem`` kind without the default's
    fields) selects nothing, with the reason."""
    try:
        return _condition(phase, body, vocabulary, builtin)
    except GateConfigError as error:
        if not builtin:
            raise
        statement = body.get("statement")
        if isinstance(statement, str):  # its facts unread: the fact's name stands in
            statement = FACT_USE.sub(lambda match: match[1], statement)
        return ConditionSpec(
            id=str(body["id"]),
            phase=phase,
            statement=statement.strip() if isinstance(statement, str) else "",
            require="false",
            builtin=True,
            dormant=error.problem,
        )


def _condition(
    phase: str, body: Mapping[object, object], vocabulary: Vocabulary, builtin: bool
) -> ConditionSpec:
    condition_id = str(body["id"])
    where = f"{phase}.{condition_id}"
    if not _ID.fullmatch(condition_id):
        raise GateConfigError(where, "a condition's id is lower-case words joined by '-'")
    unknown = sorted(str(k) for k in set(body) - _CONDITION_KEYS)
    if unknown:
        raise GateConfigError(where, _unknown("key", unknown[0], _CONDITION_KEYS))
    statement = body.get("statement")
    if not isinstance(statement, str) or not statement.strip() or "\n" in statement.strip():
        raise GateConfigError(where, "'statement' must be one line saying what is promised")
    promise = body.get("promise")
    if promise is not None and (isinstance(promise, bool) or not isinstance(promise, int)):
        raise GateConfigError(where, "'promise' must be a number")
    because = body.get("because")
    if because is not None and not isinstance(because, str):
        raise GateConfigError(where, "'because' must be text")
    rule, require = body.get("rule"), body.get("require")
    if (rule is None) == (require is None):
        raise GateConfigError(
            where,
            "give exactly one of 'rule' (rules that must not report)"
            " or 'require' (an expression every selected item satisfies)",
        )
    selection, dormant = _selection(where, body.get("select"), vocabulary, builtin)
    codes: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    if rule is not None:
        keys = _names(where, "rule", rule)
        if not keys:
            raise GateConfigError(where, "'rule' names no rule")
        found: list[str] = []
        for key in keys:
            matched = vocabulary.resolve_rules(key)
            if not matched:
                raise GateConfigError(where, f"unknown rule '{key}' (see 'handbook rules')")
            found.extend(code for code in matched if code not in found)
        codes = tuple(found)
    else:
        require = _expression(where, "require", require)
        if dormant is None:
            _check_names(where, require, selection, vocabulary)
    if dormant is None:
        statement = _with_facts(where, "statement", statement, selection, vocabulary)
        if because is not None:
            because = _with_facts(where, "because", because, selection, vocabulary)
    return ConditionSpec(
        id=condition_id,
        phase=phase,
        statement=statement.strip(),
        select=selection,
        rules=codes,
        rule_keys=keys,
        require=require if isinstance(require, str) else None,
        because=because,
        promise=promise,
        builtin=builtin,
        dormant=dormant,
    )


def _selection(
    where: str, body: object, vocabulary: Vocabulary, builtin: bool
) -> tuple[Selection | None, str | None]:
    if body is None:
        return None, None
    if not isinstance(body, Mapping):
        raise GateConfigError(where, "'select' maps kind, group, not-group, fields, where")
    unknown = sorted(str(k) for k in set(body) - _SELECT_KEYS)
    if unknown:
        raise GateConfigError(where, _unknown("select key", unknown[0], _SELECT_KEYS))
    kinds = _names(where, "select.kind", body.get("kind"))
    missing = [k for k in kinds if k not in vocabulary.kinds]
    dormant = None
    if missing:
        if not builtin or len(missing) < len(kinds):
            raise GateConfigError(where, _unknown("kind", missing[0], vocabulary.kinds.names()))
        # A default about a kind this handbook does not have selects nothing (and is not
        # checked further): the defaults serve every handbook.
        dormant = f"no kind '{missing[0]}' in this handbook"
    groups = _names(where, "select.group", body.get("group"))
    not_groups = _names(where, "select.not-group", body.get("not-group"))
    if dormant is None:
        chosen = [vocabulary.kinds[k] for k in kinds] or list(vocabulary.kinds.kinds.values())
        known_groups = sorted({g for kind in chosen for g in kind.status_groups})
        for group in (*groups, *not_groups):
            if group not in known_groups:
                raise GateConfigError(where, _unknown("status group", group, known_groups))
    values = body.get("fields")
    fields: dict[str, tuple[object, ...]] = {}
    if values is not None:
        if not isinstance(values, Mapping):
            raise GateConfigError(where, "'select.fields' maps a field to its value(s)")
        for name, value in values.items():
            fields[str(name)] = tuple(value) if isinstance(value, list) else (value,)
    selection = Selection(
        kinds=kinds,
        groups=groups,
        not_groups=not_groups,
        fields=fields,
        where=_expression(where, "select.where", body["where"]) if "where" in body else None,
    )
    if dormant is None:
        known = _known_fields(selection, vocabulary)
        for name in fields:
            _check_field(where, name, known)
        if selection.where is not None:
            _check_names(where, selection.where, selection, vocabulary)
    return selection, dormant


# `{facts.rehearsal-age.warn-after-days}` in a statement or a reason: a fact of the
# selected kind's x-handbook block, written in once it is read, so the number a statement
# quotes is the one the expression compares with (`facts["rehearsal-age"][...]`).
FACT_USE = re.compile(r"\{facts\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*+)\}")


def _with_facts(
    where: str, key: str, text: str, selection: Selection | None, vocabulary: Vocabulary
) -> str:
    if "{facts." not in text:
        return text
    kinds = selection.kinds if selection is not None else ()
    if len(kinds) != 1:
        raise GateConfigError(where, f"'{key}' quotes a fact: 'select.kind' must name one kind")
    kind = vocabulary.kinds[kinds[0]]

    def fact(match: re.Match[str]) -> str:
        value: object = kind.meta
        for name in match[1].split("."):
            value = value.get(name) if isinstance(value, Mapping) else None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise GateConfigError(
                where,
                f"'{key}' quotes {{facts.{match[1]}}}, which the x-handbook block of kind "
                f"'{kind.name}' does not give as a number or a word",
            )
        return str(value)

    return FACT_USE.sub(fact, text)


def _names(where: str, key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise GateConfigError(where, f"'{key}' must be a name or a list of names")


def _expression(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GateConfigError(where, f"'{key}' must be an expression (CEL) as text")
    if len(value) > MAX_EXPRESSION:
        raise GateConfigError(where, f"'{key}' is longer than {MAX_EXPRESSION:,} characters")
    return value.strip()


# The names an expression uses, found without compiling it: `fields.NAME`, `fields["NAME"]`,
# `"NAME" in fields` (the item's own fields, not a related item's `r.fields`), and
# `related["KEY"]`.
FIELD_USE = re.compile(
    r"(?<![\w.\]])fields\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:\"([^\"]*)\"|'([^']*)')\s*\])"
    r"|(?:\"([^\"]*)\"|'([^']*)')\s+in\s+fields\b(?!\s*[.\[])"
)
_RELATED_USE = re.compile(r"(?<![\w.\]])related\s*\[\s*(?:\"([^\"]*)\"|'([^']*)')\s*\]")


def _check_names(
    where: str, expression: str, selection: Selection | None, vocabulary: Vocabulary
) -> None:
    known = _known_fields(selection, vocabulary)
    for match in FIELD_USE.finditer(expression):
        name = next(group for group in match.groups() if group is not None)
        _check_field(where, name, known)
    keys = sorted(vocabulary.relations.keys)
    for match in _RELATED_USE.finditer(expression):
        name = match.group(1) if match.group(1) is not None else match.group(2)
        if name not in vocabulary.relations.keys:
            raise GateConfigError(where, _unknown("relation", name, keys))


def _known_fields(selection: Selection | None, vocabulary: Vocabulary) -> set[str]:
    catalog = vocabulary.kinds
    kinds = selection.kinds if selection is not None else ()
    chosen = [catalog[k] for k in kinds] or list(catalog.kinds.values())
    common = catalog.schemas.get("common", {}).get("$defs", {}).get("document", {})
    known = set(common.get("properties", {}))
    for kind in chosen:
        known |= kind.fields
    return known | set(vocabulary.relations.keys)


def _check_field(where: str, name: str, known: set[str]) -> None:
    if name not in known and not name.startswith("x-"):
        raise GateConfigError(where, _unknown("field", name, known))


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    choices = sorted(known)
    close = close_matches(name, choices)
    hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(choices)})"
    if len(choices) > 12 and not close:
        hint = ""
    return f"unknown {what} '{name}'{hint}"
