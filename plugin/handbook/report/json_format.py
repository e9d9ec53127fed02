"""The JSON contract of PRODUCT.md: version, summary, diagnostics. Other tools read it."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

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
    """``json.dumps`` of the contract's document with ``indent=2``, byte for byte, written a
    diagnostic at a time: the encoder's pieces of 50,000 findings (a dict each, and a string
    for every key, value and indent) came to several times the report's own size."""
    summary = {
        "files": result.files,
        "items": result.items,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
    }
    head = json.dumps({"version": 1, "summary": summary}, indent=2, ensure_ascii=False)
    if not result.findings:
        return head[:-2] + ',\n  "diagnostics": []\n}\n'
    text = encode_basestring  # a string as json.dumps(..., ensure_ascii=False) writes it
    diagnostics = ",\n".join(
        f'    {{\n      "path": {text(f.path)},\n      "line": {f.line:d},\n'
        f'      "column": {f.column:d},\n      "end_line": {f.end_line:d},\n'
        f'      "end_column": {f.end_column:d},\n      "code": {text(f.code)},\n'
        f'      "rule": {text(f.rule)},\n      "severity": {text(f.severity.label)},\n'
        f'      "message": {text(f.message)},\n'
        f'      "item": {"null" if f.item is None else text(f.item)}\n    }}'
        for f in result.findings
    )
    return f'{head[:-2]},\n  "diagnostics": [\n{diagnostics}\n  ]\n}}\n'
