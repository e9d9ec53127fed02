"""SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import json

from handbook import __version__
from handbook.finding import Severity
from handbook.lint import LintResult
from handbook.report.gitlab import fingerprints
from handbook.rules import ALL_RULES, Rule
from handbook.schemas import JsonObject

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: Rule) -> JsonObject:
    help_text = f"{rule.rationale}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary[:1024]},
        "fullDescription": {"text": rule.rationale[:1024]},
        "help": {
            "text": help_text,
            "markdown": (
                f"{rule.rationale}\n\n**Bad**\n\n```\n{rule.bad}\n```\n\n"
                f"**Good**\n\n```\n{rule.good}\n```"
            ),
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": ["handbook", rule.code[:3] + "x"], "precision": "very-high"},
    }


def render(result: LintResult) -> str:
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    results = []
    for f, fingerprint in zip(result.findings, fingerprints(result.findings), strict=True):
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.path},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": max(f.end_line, f.line),
                                "endColumn": max(f.end_column, f.column + 1)
                                if f.end_line <= f.line
                                else f.end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {"primaryLocationLineHash": fingerprint},
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "handbook",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": [_rule_descriptor(rule) for rule in ALL_RULES],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
