"""The JSON contract of PRODUCT.md: version, summary, diagnostics. Other tools read it."""

from __future__ import annotations

import json

from handbook.finding import Finding, Severity
from handbook.lint import LintResult
from handbook.schemas import JsonObject


def diagnostic(finding: Finding) -> JsonObject:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "item": finding.item,
    }


def render(result: LintResult) -> str:
    document = {
        "version": 1,
        "summary": {
            "files": result.files,
            "items": result.items,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
        "diagnostics": [diagnostic(f) for f in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
