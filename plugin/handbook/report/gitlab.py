"""GitLab Code Quality report (``artifacts: reports: codequality``)."""

from __future__ import annotations

import hashlib
import json

from handbook.finding import Finding, Severity
from handbook.lint import LintResult

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, stable while the finding stays the same.

    Lines are left out, so that editing above a finding does not make it new; identical
    findings in one file are told apart by their order instead.
    """
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        key = "\0".join((finding.path, finding.code, finding.item or "", finding.message))
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()
        result.append(digest[:32])
    return result


def render(result: LintResult) -> str:
    report = [
        {
            "description": f"{f.code} {f.message}",
            "check_name": f"{f.code}/{f.rule}",
            "fingerprint": fingerprint,
            "severity": _SEVERITY[f.severity],
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
        }
        for f, fingerprint in zip(result.findings, fingerprints(result.findings), strict=True)
    ]
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
