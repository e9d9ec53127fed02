"""GitHub Actions workflow commands, so findings annotate the pull request's lines."""

from __future__ import annotations

from handbook.finding import Severity
from handbook.lint import LintResult

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult) -> str:
    lines = []
    for f in result.findings:
        properties = (
            f"file={_property(f.path)},line={f.line},endLine={f.end_line},"
            f"col={f.column},endColumn={f.end_column},title={_property(f'{f.code} {f.rule}')}"
        )
        lines.append(f"::{_LEVEL[f.severity]} {properties}::{_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
