"""HB507: an experiment that declares it passed while its evidence fails a threshold."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.evidence import FAIL
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for evidence in context.evidence.experiments():
        item = evidence.item
        declares_result = item.data.get("result") == "pass"
        declares_status = item.kind.in_group(item.status, "active")
        if not (declares_result or declares_status) or evidence.state != FAIL:
            continue
        failing = [c for c in evidence.checks if c.state == FAIL]
        shown = "; ".join(f"{c.name} {c.why} ({c.file}, {c.where})" for c in failing[:3])
        more = f"; and {len(failing) - 3} more" if len(failing) > 3 else ""
        key = "result" if declares_result else "status"
        claim = "result: pass" if declares_result else f"status: {item.status}"
        yield rule.finding(
            item.document,
            item.position(key),
            f"{item.label} declares {claim}, but its evidence fails: {shown}{more}",
            item.id,
        )


RULE = Rule(
    code="HB507",
    name="result-contradicts-evidence",
    severity=Severity.ERROR,
    summary="An experiment declares it passed, but its evidence files fail a threshold.",
    rationale=(
        "Sign-off rests on metrics, not on optimism: an experiment whose `result: pass` (or "
        "whose status is in the kind's active group, `passed`) is denied by its own result "
        "files claims what the numbers refute. Each threshold (its own, or taken `from` an "
        "SLO or contract) is compared with the files in `evidence-files`."
    ),
    bad="result: pass\nthresholds:\n  - {metric: latency, percentile: p95, limit: 300ms}"
    "  # measured 341.8 ms",
    good="result: fail\nthresholds:\n  - {metric: latency, percentile: p95, limit: 300ms}",
    check=check,
)
