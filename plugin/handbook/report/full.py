"""The default terminal format: each finding with its source line and the rule's summary."""

from __future__ import annotations

from handbook.finding import escape_controls, picture_controls
from handbook.lint import LintResult
from handbook.load import excerpt_text
from handbook.report.summary import summary_line
from handbook.rules import RULES_BY_KEY


def render(result: LintResult) -> str:
    documents = {d.rel_path: d for d in result.corpus.documents}
    # Findings come file by file: each file's lines are split once, and only one file's
    # are held (those of every file with findings were the report's largest part).
    shown, lines = None, []
    blocks = []
    for finding in result.findings:
        header = (
            f"{escape_controls(finding.path)}:{finding.line}:{finding.column}: {finding.code} "
            f"[{finding.severity.label}] {finding.one_line_message}"
        )
        block = [header]
        if finding.path != shown:
            document = documents.get(finding.path)
            text = excerpt_text(document) if document is not None else ""  # read again if let go
            shown, lines = finding.path, text.split("\n") if text else []
        if 0 < finding.line <= len(lines):
            source = picture_controls(lines[finding.line - 1].rstrip("\r").expandtabs(4))
            # The caret goes under the column as shown, after tabs before it are expanded.
            indent = len(lines[finding.line - 1][: finding.column - 1].expandtabs(4))
            gutter = f"{finding.line:>4} | "
            block.append(gutter + source)
            width = (
                finding.end_column - finding.column
                if finding.end_line == finding.line and finding.end_column > finding.column
                else 1
            )
            width = max(1, min(width, max(len(source) - finding.column + 1, 1)))
            block.append(" " * (len(gutter) - 2) + "| " + " " * indent + "^" * width)
        rule = RULES_BY_KEY.get(finding.code)
        if rule is not None:
            block.append(f"     = help: {rule.summary} ({rule.name})")
        blocks.append("\n".join(block))
    blocks.append(summary_line(result))
    return "\n\n".join(blocks) + "\n"
