"""HB406: a postmortem action item past its due date and not done."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule
from handbook.settings import iso_date


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    for item in context.items:
        spec = item.kind.facts.action_items
        entries = item.data.get(spec.key) if spec is not None else None
        if spec is None or not isinstance(entries, list) or is_inactive(item):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            due = iso_date(entry.get(spec.due))
            status = entry.get(spec.status)
            if due is None or due >= today or status in spec.closed:
                continue
            what = entry.get("description")
            label = f"'{what}'" if isinstance(what, str) else f"{index + 1}"
            yield rule.finding(
                item.document,
                item.position(spec.key, index, spec.due),
                f"{item.id or item.title}: action item {label} was due on {due} and is "
                f"{status or 'without a status'}; finish it, or move the date with a reason",
                item.id,
            )


RULE = Rule(
    code="HB406",
    name="action-item-overdue",
    severity=Severity.WARNING,
    summary="A postmortem's action item is past its due date and not done.",
    rationale=(
        "A postmortem is worth the action items that get done. One that is past due and still "
        "open is how the same incident happens twice. Items whose status closes them (done, "
        "or decided against) are not reported."
    ),
    bad="action-items:\n  - {description: Add a pool check, owner: ana, due: 2024-01-31, "
    "status: open}",
    good="action-items:\n  - {description: Add a pool check, owner: ana, due: 2024-01-31, "
    "status: done}",
    check=check,
)
