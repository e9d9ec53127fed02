"""JUnit XML: one test case per file, failing with its findings; CI dashboards read it."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from handbook.finding import Finding, Severity, escape_controls
from handbook.lint import LintResult


def render(result: LintResult) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[finding.path].append(finding)
    paths = sorted({d.rel_path for d in result.corpus.documents} | set(by_path))
    threshold = result.fail_on
    counted = (
        "error(s)" if threshold is Severity.ERROR else f"finding(s) at {threshold.label} or above"
    )
    failing = sum(1 for p in paths if any(f.severity >= threshold for f in by_path[p]))
    suites = ET.Element("testsuites", name="handbook", tests=str(len(paths)), failures=str(failing))
    suite = ET.SubElement(
        suites, "testsuite", name="handbook lint", tests=str(len(paths)), failures=str(failing)
    )
    for path in paths:
        shown = escape_controls(path)  # XML 1.0 cannot carry control characters at all
        case = ET.SubElement(suite, "testcase", classname="handbook", name=shown, file=shown)
        findings = by_path[path]
        errors = [f for f in findings if f.severity >= threshold]
        if errors:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(errors)} {counted}",
                type="handbook",
            )
            failure.text = "\n".join(_line(f) for f in errors)
        others = [f for f in findings if f.severity < threshold]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _line(f: Finding) -> str:
    return (
        f"{escape_controls(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.label}] "
        f"{f.one_line_message}"
    )
