"""HB216: the suspect links' lock file cannot be read, so no link is tracked."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.rules.suspect_link import read_lock
from handbook.stamps import LOCK_FILE


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    lock = read_lock(context)
    if lock.problem is None:
        return
    path = LOCK_FILE
    line = lock.problem_line
    yield Finding(
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        code=rule.code,
        rule=rule.name,
        severity=rule.severity,
        message=f"{lock.problem}; no link is tracked until it is fixed "
        "(or removed and the links confirmed again with 'handbook review --all')",
    )


RULE = Rule(
    code="HB216",
    name="invalid-links-lock",
    severity=Severity.ERROR,
    summary=f"The lock file of confirmed links ({LOCK_FILE}) does not read.",
    rationale=(
        "Suspect links (HB215) are found by comparing each confirmed link's stamp with its "
        "target. A lock file broken by a bad merge or a hand edit would silently track "
        "nothing; saying so keeps the check honest."
    ),
    bad='{"version": 1, "links": {"ADR-0003 mitigates RISK-001": {"impact": "1a2b"}',
    good=(
        '{\n  "version": 1,\n  "links": {\n'
        '    "ADR-0003 mitigates RISK-001": {"impact": "1a2b"}\n  }\n}'
    ),
    check=check,
)
