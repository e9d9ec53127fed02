"""HB403: an active runbook last rehearsed longer ago than the window."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.coverage import is_inactive, last_rehearsal
from handbook.finding import Finding, Severity
from handbook.model import Item
from handbook.rules.rule import LintContext, Rule, days


def _window(item: Item, configured: int | None) -> int | None:
    if configured is not None:
        return configured
    ages = item.kind.facts.rehearsal_age
    return ages.gap_after_days if ages is not None else None


def _where(item: Item) -> tuple[str | int, ...]:
    """The written date the age is counted from: last-tested, else the latest rehearsal."""
    last = last_rehearsal(item)
    if item.data.get("last-tested") == (last.isoformat() if last else None):
        return ("last-tested",)
    rehearsals = item.data.get("rehearsals")
    if isinstance(rehearsals, list) and last is not None:
        for index, entry in enumerate(rehearsals):
            if isinstance(entry, dict) and entry.get("date") == last.isoformat():
                return ("rehearsals", index, "date")
    return ()


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    today = context.settings.today
    for item in context.items:
        window = _window(item, context.settings.runbook_rehearsal_days)
        if item.kind.facts.rehearsal_age is None or window is None or is_inactive(item):
            continue
        last = last_rehearsal(item)
        if last is None or (today - last).days <= window:
            continue
        yield rule.finding(
            item.document,
            item.position(*_where(item)),
            f"{item.id or item.title} was last rehearsed on {last} "
            f"({days((today - last).days)} ago, more than {window}); rehearse it and record "
            "the date in last-tested or rehearsals",
            item.id,
        )


RULE = Rule(
    code="HB403",
    name="runbook-not-rehearsed",
    severity=Severity.WARNING,
    summary="A runbook was last rehearsed longer ago than the rehearsal window.",
    rationale=(
        "A runbook that has not been run for months has drifted from the system it operates: "
        "commands, dashboards and people change. The age is counted from the later of "
        "`last-tested` and the `rehearsals` dates; the window is `freshness."
        "runbook_rehearsal_days`, by default the age at which the runbook catalog shows the "
        "rehearsal as missing. A runbook that records no rehearsal at all is shown as never "
        "rehearsed in the catalog; a gate can require one."
    ),
    bad="status: active\nlast-tested: 2024-01-31",
    good="status: active\nlast-tested: 2026-11-02",
    check=check,
)
