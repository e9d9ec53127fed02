"""GitLab Code Quality report (``artifacts: reports: codequality``)."""

from __future__ import annotations

import hashlib
import json

from handbook.finding import Finding, Severity
from handbook.lint import LintResult

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(finding: Finding) -> str:
    """Stable across runs while the finding stays the same (line moves do not change it)."""
    key = "\0".join((finding.path, finding.code, finding.item or "", finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render(result: LintResult) -> str:
    report = [
        {
            "description": f"{f.code} {f.message}",
            "check_name": f"{f.code}/{f.rule}",
            "fingerprint": fingerprint(f),
            "severity": _SEVERITY[f.severity],
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
        }
        for f in result.findings
    ]
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
