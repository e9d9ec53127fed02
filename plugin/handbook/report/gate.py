"""``handbook gate``: the runway's gates for people (``full``), for tools (``json``, a
versioned contract, docs/commands/gate.md) and for a pull-request comment or a CI job
summary (``markdown``)."""

from __future__ import annotations

import json
import re

from handbook.finding import escape_controls
from handbook.gates import MET, NOT_MET, UPCOMING, ConditionResult, Fault, GateResult, Runway
from handbook.schemas import JsonObject

JSON_VERSION = 1

_STATE_WORDS = {MET: "met", NOT_MET: "not met", UPCOMING: "upcoming"}


def shown(runway: Runway, everything: bool) -> list[GateResult]:
    """The gates a report shows: those up to the current phase, or all of them."""
    return [g for g in runway.gates if everything or g.state != UPCOMING]


def _mark(condition: ConditionResult) -> str:
    if condition.note and condition.passed:
        return "skip"
    return "pass" if condition.passed else "FAIL"


def _count(condition: ConditionResult) -> str:
    if condition.note:
        return f"({condition.note})"
    noun = "item" if condition.checked == 1 else "items"
    return f"({condition.checked} {noun})"


def _where(fault: Fault) -> str:
    return f"{fault.path}:{fault.line}"


def _heading(runway: Runway) -> str:
    phase = f"phase {runway.number} of {runway.total} ({runway.phase})"
    if not runway.declared:
        phase += ", no phase declared: every gate counts"
    return f"Runway at {phase}, as of {runway.today.isoformat()}"


def _verdict(runway: Runway) -> str:
    required = [g for g in runway.gates if g.state != UPCOMING]
    failing = [g.phase for g in required if g.state == NOT_MET]
    if len(required) == 1:
        return f"The {runway.phase} gate is {'not met' if failing else 'met'}."
    if not failing:
        return f"All {len(required)} gates up to {runway.phase} are met."
    return (
        f"{len(failing)} of {len(required)} gates up to {runway.phase} not met: "
        + ", ".join(failing)
        + "."
    )


def full(runway: Runway, everything: bool) -> str:
    """The gates, each condition pass or FAIL with the items at fault, for a terminal."""
    lines = [_heading(runway), ""]
    for gate in shown(runway, everything):
        lines.append(f"{gate.number}. {gate.phase}: {_STATE_WORDS[gate.state]}")
        for condition in gate.conditions:
            spec = condition.spec
            lines.append(f"  {_mark(condition)}  {spec.id}  {_count(condition)}")
            lines.append(f"        {escape_controls(spec.statement)}")
            for fault in condition.faults:
                item, where = escape_controls(fault.item or "-"), escape_controls(_where(fault))
                lines.append(f"        {item}  {where}  {escape_controls(fault.why)}")
        lines.append("")
    lines.append(_verdict(runway))
    return "\n".join(lines) + "\n"


def as_json(runway: Runway, everything: bool) -> str:
    """The JSON contract (version 1)."""
    document: JsonObject = {
        "version": JSON_VERSION,
        "phase": runway.phase,
        "phase_number": runway.number,
        "phases": runway.total,
        "declared": runway.declared,
        "today": runway.today.isoformat(),
        "passed": runway.passed,
        "gates": [
            {
                "phase": gate.phase,
                "number": gate.number,
                "state": gate.state,
                "passed": gate.passed,
                "conditions": [_condition_json(c) for c in gate.conditions],
            }
            for gate in shown(runway, everything)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _condition_json(condition: ConditionResult) -> JsonObject:
    spec = condition.spec
    return {
        "id": spec.id,
        "statement": spec.statement,
        "promise": spec.promise,
        "check": spec.check,
        "rules": list(spec.rules),
        "require": spec.require,
        "passed": condition.passed,
        "checked": condition.checked,
        "note": condition.note,
        "faults": [
            {"item": f.item, "path": f.path, "line": f.line, "why": f.why} for f in condition.faults
        ],
    }


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """User text made inert in Markdown (and in the HTML GitHub renders from it)."""
    return _MD_SPECIAL.sub(r"\\\1", escape_controls(text).replace("&", "&amp;"))


def _code(text: str) -> str:
    return "`" + escape_controls(text).replace("`", "'") + "`"


_STATE_ICONS = {MET: "✅", NOT_MET: "❌", UPCOMING: "⏳"}


def markdown(runway: Runway, everything: bool) -> str:
    """A summary table and the failing conditions, for a pull-request comment or
    ``$GITHUB_STEP_SUMMARY``."""
    gates = shown(runway, everything)
    lines = [f"## {_md(_heading(runway))}", "", "| phase | gate | conditions passed |"]
    lines.append("|---|---|---|")
    for gate in gates:
        passed = sum(1 for c in gate.conditions if c.passed)
        lines.append(
            f"| {gate.number}. {gate.phase} | {_STATE_ICONS[gate.state]} "
            f"{_STATE_WORDS[gate.state]} | {passed} of {len(gate.conditions)} |"
        )
    lines += ["", f"**{_md(_verdict(runway))}**"]
    for gate in gates:
        failing = [c for c in gate.conditions if not c.passed]
        if not failing:
            continue
        lines += ["", f"### {_STATE_ICONS[gate.state]} {gate.phase}", ""]
        for condition in failing:
            spec = condition.spec
            lines.append(f"- **{spec.id}**: {_md(spec.statement)}")
            if condition.note:
                lines.append(f"  - {_md(condition.note)}")
            for fault in condition.faults:
                item = _code(fault.item) + " " if fault.item else ""
                lines.append(f"  - {item}{_code(_where(fault))}: {_md(fault.why)}")
    return "\n".join(lines) + "\n"


FORMATS = {"full": full, "json": as_json, "markdown": markdown}
