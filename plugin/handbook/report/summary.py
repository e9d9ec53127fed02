"""The one summary line that ends the human formats."""

from __future__ import annotations

from handbook.finding import Severity
from handbook.lint import LintResult


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: LintResult) -> str:
    checked = f"{_plural(result.files, 'file')}, {_plural(result.items, 'item')} checked"
    if result.files and not result.items and not result.findings:
        return nothing_checked(result)
    if not result.findings:
        return f"All clear: {checked}."
    counts = ", ".join(
        _plural(result.count(severity), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if result.count(severity)
    )
    return f"Found {counts} in {checked}."


def nothing_checked(result: LintResult) -> str:
    """What a run over files none of which is an item says instead of "All clear"."""
    found = _plural(result.files, "Markdown file")
    return (
        f"Nothing checked: {found}, none of them an item. Give a document a 'kind:', put it "
        "in a kind's folder (decisions/ for ADRs, risks/, runbooks/, …) or map its folder "
        "with kind_folders in the handbook options; an existing decision log is read where "
        "it lies once its folder is mapped to adr, or moved in with 'handbook import'."
    )
