"""HB207: an item's id does not use its kind's prefix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule

_ID = re.compile(r"([A-Z][A-Z0-9]*)-[0-9]+")


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for item in context.items:
        if item.id is None or item.id_derived:
            continue
        well_formed = _ID.match(item.id)
        if (
            well_formed is None
            or well_formed.end() != len(item.id)
            or well_formed.group(1) == item.kind.id_prefix
        ):
            continue  # a malformed id is invalid-value's to report
        yield rule.finding(
            item.document,
            item.position("id"),
            f"{item.id} is of kind '{item.kind.name}'; its id should start with "
            f"{item.kind.id_prefix}-",
            item.id,
        )


RULE = Rule(
    code="HB207",
    name="id-prefix-mismatch",
    severity=Severity.WARNING,
    summary="An item's id does not start with its kind's prefix.",
    rationale=(
        "Readers tell an ADR from a risk by its id alone, in commit messages, tickets and "
        "chat. A risk called ADR-0012 sends them to the wrong register. Prefixes are "
        "configurable per kind with `id_prefixes`."
    ),
    bad="---\nkind: risk\nid: ADR-0012\n---",
    good="---\nkind: risk\nid: RISK-012\n---",
    check=check,
)
