"""HB405: a risk's acceptance has expired."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive
from handbook.finding import Finding, Severity
from handbook.rules import unmitigated_risk
from handbook.rules.rule import LintContext, Rule
from handbook.settings import iso_date


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    # HB501 already reports a high, unmitigated risk whose acceptance expired: one problem,
    # one finding.
    unmitigated = {item_id for item_id, *_ in unmitigated_risk.unmitigated(context)}
    for item in context.items:
        acceptance = item.data.get("acceptance")
        if not isinstance(acceptance, dict) or is_inactive(item) or item.id in unmitigated:
            continue
        expires = iso_date(acceptance.get("expires"))
        if expires is None or expires >= today:
            continue
        yield rule.finding(
            item.document,
            item.position("acceptance", "expires"),
            f"the acceptance of {item.id or item.title} expired on {expires}; renew it with a "
            "new date, or treat the risk",
            item.id,
        )


RULE = Rule(
    code="HB405",
    name="risk-acceptance-expired",
    severity=Severity.WARNING,
    summary="A risk's `acceptance` has passed its `expires` date.",
    rationale=(
        "Accepting a risk is a decision for a time: the business, the system and the threat "
        "change. When the acceptance lapses, someone must accept it again or treat the "
        "risk. A risk at or above `coverage.risk_level` with nothing mitigating it is "
        "reported by HB501 instead, which then names the lapsed acceptance."
    ),
    bad="acceptance:\n  approved-by: cto\n  justification: low traffic\n  expires: 2024-01-31",
    good="acceptance:\n  approved-by: cto\n  justification: low traffic\n  expires: 2027-01-31",
    check=check,
)
