"""``path:line:col: CODE [severity] message``, one finding a line, and a summary."""

from __future__ import annotations

from handbook.finding import escape_controls
from handbook.lint import LintResult
from handbook.report.summary import summary_line


def render(result: LintResult) -> str:
    lines = [
        f"{escape_controls(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.label}] "
        f"{f.one_line_message}"
        for f in result.findings
    ]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
