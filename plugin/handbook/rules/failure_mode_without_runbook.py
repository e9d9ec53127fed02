"""HB502: a severe failure mode with no runbook to handle it."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive, runbooks
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    settings = context.settings
    graph = context.graph
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        if item.kind.name != "failure-mode" or is_inactive(item):
            continue
        severity = item.kind.facts.value("severity", item.data)
        rpn = item.kind.facts.value("rpn", item.data)
        severe = severity is not None and severity >= settings.failure_mode_severity
        risky = rpn is not None and rpn >= settings.failure_mode_rpn
        if not (severe or risky) or runbooks(graph, item_id):
            continue
        why = []
        if severe:
            why.append(f"severity {severity} ≥ {settings.failure_mode_severity}")
        if risky:
            why.append(f"RPN {rpn} ≥ {settings.failure_mode_rpn}")
        retired = [
            f"{graph.items[t].id} is {graph.items[t].status}"
            for t in graph.outgoing(item_id, "handled-by")
            if is_inactive(graph.items[t])
        ]
        tail = f"; handled-by {', '.join(retired)}" if retired else ""
        yield rule.finding(
            item.document,
            item.anchor(),
            f"{item_id} ({', '.join(why)}) has no runbook{tail}",
            item_id,
        )


RULE = Rule(
    code="HB502",
    name="failure-mode-without-runbook",
    severity=Severity.ERROR,
    summary="A failure mode at or above the severity or RPN threshold has no runbook.",
    rationale=(
        "When a severe failure happens at night, on-call needs a procedure, not an FMEA row. "
        "Every failure mode whose severity (default 8 of 10) or risk priority number (default "
        "200) reaches the threshold must be `handled-by` a runbook that is not deprecated. "
        "Thresholds: `coverage.failure_mode_severity` and `coverage.failure_mode_rpn`."
    ),
    bad="- id: FM-003\n  severity: 9\n  occurrence: 3\n  detection: 4",
    good="- id: FM-003\n  severity: 9\n  occurrence: 3\n  detection: 4\n  handled-by: [RB-002]",
    check=check,
)
