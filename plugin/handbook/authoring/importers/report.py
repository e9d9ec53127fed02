"""The text ``handbook import`` prints: a unified diff per mapped file, and a report with
one entry per file (mapped, skipped, unmapped fields, already imported) and a summary."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from handbook.authoring.importers.plan import FileResult, ImportPlan, Outcome

Display = Callable[[Path], str]
"""How a path is shown: relative to the working directory where it can be."""


def diff(result: FileResult, display: Display) -> str:
    """The unified diff of one mapped file, ``a/`` and ``b/`` paths as ``display`` shows them.
    Lines are compared without their line ends; a CRLF file is shown like any other."""
    if result.before is None or result.after is None:
        return ""
    shown = display(result.path)
    lines = difflib.unified_diff(
        _lines(result.before), _lines(result.after), f"a/{shown}", f"b/{shown}", lineterm=""
    )
    return "".join(f"{line}\n" for line in lines)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").removeprefix("\ufeff").splitlines()


def report(plan: ImportPlan, display: Display) -> str:
    """One entry per file in name order, the folder's notes, then a one-line summary."""
    out = []
    for result in plan.files:
        out.append(_heading(result, display))
        out.extend(f"    {problem}" for problem in result.problems)
        out.extend(f"    note: {note}" for note in result.notes)
    out.extend(f"note: {note}" for note in plan.notes)
    out.append(summary(plan))
    return "".join(f"{line}\n" for line in out)


def _heading(result: FileResult, display: Display) -> str:
    path = display(result.path)
    if result.outcome is Outcome.MAPPED:
        return f"{path}: mapped as {result.item_id} ({result.summary})"
    if result.outcome is Outcome.SKIPPED:
        return f"{path}: skipped: {result.summary}"
    if result.outcome is Outcome.ALREADY_IMPORTED:
        return f"{path}: already imported ({result.item_id})"
    wanted = f" ({result.item_id} not written)" if result.item_id else " (not written)"
    return f"{path}: unmapped fields{wanted}:"


def summary(plan: ImportPlan) -> str:
    counts = [
        f"{plan.count(outcome)} {outcome.value.replace(' fields', '')}"
        for outcome in (
            Outcome.MAPPED,
            Outcome.UNMAPPED,
            Outcome.SKIPPED,
            Outcome.ALREADY_IMPORTED,
        )
    ]
    return f"{plan.style}: " + ", ".join(counts)
