"""``handbook diff``'s reports: for people (``full``), for a pull request or a CI job summary
(``markdown``), and for tools (``json``, a versioned contract: docs/commands/diff.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from handbook.diff.compare import Comparison
from handbook.finding import Finding, escape_controls

JSON_VERSION = 1


def _value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = escape_controls(str(text))
    return text if len(text) <= 80 else text[:79] + "…"


def _change(change: dict[str, Any]) -> str:
    name = change["field"]
    if change["change"] == "added":
        return f"{name}: added {_value(change['after'])}"
    if change["change"] == "removed":
        return f"{name}: removed (was {_value(change['before'])})"
    if "before" not in change:
        return f"{name}: changed"
    return f"{name}: {_value(change['before'])} → {_value(change['after'])}"


def _heat(heat: dict[str, Any]) -> str:
    def spot(place: dict[str, Any]) -> str:
        factors = " × ".join(_value(v) for k, v in place.items() if k not in ("score", "level"))
        return f"{factors} ({place['score']}, {place['level']})"

    arrow = {"up": "↑", "down": "↓"}.get(heat["direction"], "→")
    return f"heat map {arrow} {spot(heat['before'])} → {spot(heat['after'])}"


def _name(item: dict[str, Any]) -> str:
    label = item["id"] or f"{item['kind']} in {item['path']}"
    title = f" {item['title']}" if item.get("title") else ""
    return escape_controls(f"{label}{title}")


def _finding(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}: {finding.code} {finding.severity.label}: "
        f"{finding.one_line_message}"
    )


def _gate_word(state: str | None) -> str:
    return {"met": "met", "not-met": "not met", "upcoming": "upcoming", None: "—"}[state]


def full(comparison: Comparison) -> str:
    c = comparison
    lines = [f"handbook diff: {c.base.label} → {c.head.label}", ""]
    if c.empty:
        lines.append("No change to the handbook's items, relations, findings or gates.")
        return "\n".join(lines) + "\n"
    for title, items in (("Items added", c.items_added), ("Items removed", c.items_removed)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  {_name(i)} ({i['kind']}, {i['path']})" for i in items]
            lines.append("")
    if c.items_changed:
        lines.append(f"Items changed ({len(c.items_changed)}):")
        for item in c.items_changed:
            moved = f", renamed from {item['renamed_from']}" if "renamed_from" in item else ""
            lines.append(f"  {_name(item)} ({item['path']}{moved})")
            lines += [f"    {_change(ch)}" for ch in item["changes"]]
            if "heat" in item:
                lines.append(f"    {_heat(item['heat'])}")
        lines.append("")
    for title, edges in (
        ("Relations added", c.relations_added),
        ("Relations removed", c.relations_removed),
    ):
        if edges:
            lines.append(f"{title} ({len(edges)}):")
            lines += [
                escape_controls(f"  {e['source']} {e['relation']} {e['target']}") for e in edges
            ]
            lines.append("")
    for title, findings in (
        ("Findings introduced", c.findings_introduced),
        ("Findings fixed", c.findings_fixed),
    ):
        if findings:
            lines.append(f"{title} ({len(findings)}):")
            lines += [f"  {_finding(f)}" for f in findings]
            lines.append("")
    changed_gates = [g for g in c.gates if g["before"] != g["after"] or g["conditions"]]
    if changed_gates:
        lines.append("Gates:")
        for gate in changed_gates:
            lines.append(
                f"  {gate['number']} {gate['phase']}: {_gate_word(gate['before'])} → "
                f"{_gate_word(gate['after'])}"
            )
            for cond in gate["conditions"]:
                lines.append(f"    {cond['id']}: {_pass(cond['before'])} → {_pass(cond['after'])}")
        lines.append("")
    if c.impact_changed:
        lines.append(f"Impact sets changed ({len(c.impact_changed)}):")
        for row in c.impact_changed:
            parts = [f"+{x}" for x in row["added"]] + [f"-{x}" for x in row["removed"]]
            lines.append(escape_controls(f"  {row['id']}: {' '.join(parts)}"))
        lines.append("")
    return "\n".join(lines)


def _pass(value: bool | None) -> str:
    return "—" if value is None else "pass" if value else "fail"


_MARKDOWN_SPECIAL = frozenset("\\`*_[]()<>|~!#&")


def _cell(text: str) -> str:
    """Text that Markdown shows as written, also in a table cell: no line breaks, and every
    character that could start a link, an image, emphasis, HTML or a cell escaped (a title
    in a pull request is written by its author, and the summary is shown to reviewers)."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in escape_controls(text))


def _code(text: str) -> str:
    """Text as a Markdown code span (whose content is never read as Markdown)."""
    return "`" + escape_controls(text).replace("`", "'") + "`"


def markdown(comparison: Comparison) -> str:
    c = comparison
    lines = [f"### Handbook diff: {_cell(c.base.label)} → {_cell(c.head.label)}", ""]
    counts = (
        f"{len(c.items_added)} added, {len(c.items_removed)} removed, "
        f"{len(c.items_changed)} changed · relations +{len(c.relations_added)} "
        f"−{len(c.relations_removed)} · findings +{len(c.findings_introduced)} "
        f"−{len(c.findings_fixed)}"
    )
    lines += [f"Items: {counts}", ""]
    if c.empty:
        lines.append("No change to the handbook's items, relations, findings or gates.")
        return "\n".join(lines) + "\n"
    regressions = c.gate_regressions
    if regressions:
        names = ", ".join(f"**{g['phase']}**" for g in regressions)
        lines += [f"> [!WARNING]\n> Gate regression: {names} was met and is not met now.", ""]
    changed_gates = [g for g in c.gates if g["before"] != g["after"] or g["conditions"]]
    if changed_gates:
        lines += [
            "#### Gates",
            "",
            "| Gate | Before | After | Conditions changed |",
            "|---|---|---|---|",
        ]
        for gate in changed_gates:
            conds = ", ".join(
                f"{cond['id']} {_pass(cond['before'])}→{_pass(cond['after'])}"
                for cond in gate["conditions"]
            )
            lines.append(
                f"| {gate['number']} {gate['phase']} | {_gate_word(gate['before'])} | "
                f"{_gate_word(gate['after'])} | {_cell(conds)} |"
            )
        lines.append("")
    if c.items_changed:
        lines += ["#### Items changed", "", "| Item | What changed |", "|---|---|"]
        for item in c.items_changed:
            what = [_change(ch) for ch in item["changes"]]
            if "heat" in item:
                what.append(_heat(item["heat"]))
            if "renamed_from" in item:
                what.insert(0, f"renamed from {item['renamed_from']}")
            lines.append(f"| {_cell(_name(item))} | {'<br>'.join(_cell(w) for w in what)} |")
        lines.append("")
    for title, items in (("Items added", c.items_added), ("Items removed", c.items_removed)):
        if items:
            lines += [f"#### {title}", ""]
            lines += [f"- {_cell(_name(i))} ({i['kind']}, {_code(i['path'])})" for i in items]
            lines.append("")
    edges = [("+", e) for e in c.relations_added] + [("−", e) for e in c.relations_removed]
    if edges:
        lines += ["#### Relations", ""]
        lines += [
            f"- {s} {_cell(e['source'])} {_cell(e['relation'])} {_cell(e['target'])}"
            for s, e in edges
        ]
        lines.append("")
    for title, findings in (
        ("Findings introduced", c.findings_introduced),
        ("Findings fixed", c.findings_fixed),
    ):
        if findings:
            lines += [f"#### {title}", ""]
            lines += [
                f"- {_code(f'{f.path}:{f.line}')} {f.code} {_cell(f.message)}" for f in findings
            ]
            lines.append("")
    if c.impact_changed:
        lines += ["#### Impact sets changed", ""]
        for row in c.impact_changed:
            parts = [f"+{x}" for x in row["added"]] + [f"−{x}" for x in row["removed"]]
            lines.append(f"- {_cell(row['id'])}: {_cell(' '.join(parts))}")
        lines.append("")
    return "\n".join(lines)


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "item": finding.item,
    }


def as_json(comparison: Comparison) -> str:
    c = comparison
    document = {
        "version": JSON_VERSION,
        "base": c.base.label,
        "head": c.head.label,
        "items": {
            "added": c.items_added,
            "removed": c.items_removed,
            "changed": c.items_changed,
        },
        "relations": {"added": c.relations_added, "removed": c.relations_removed},
        "findings": {
            "introduced": [_finding_json(f) for f in c.findings_introduced],
            "fixed": [_finding_json(f) for f in c.findings_fixed],
        },
        "gates": c.gates,
        "gate_regressions": [g["phase"] for g in c.gate_regressions],
        "impact_changed": c.impact_changed,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Comparison], str]] = {
    "full": full,
    "markdown": markdown,
    "json": as_json,
}
