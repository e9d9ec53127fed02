"""The one summary line that ends the human formats."""

from __future__ import annotations

from handbook.finding import Severity
from handbook.lint import LintResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: LintResult) -> str:
    checked = f"{_plural(result.files, 'file')}, {_plural(result.items, 'item')} checked"
    if not result.findings:
        return f"All clear: {checked}."
    counts = ", ".join(
        _plural(result.count(severity), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if result.count(severity)
    )
    return f"Found {counts} in {checked}."
