"""Findings come in one order, whatever order the rules or a set gave them in."""

from __future__ import annotations

import itertools

from handbook.finding import Finding, Severity


def _finding(end_column: int, item: str | None) -> Finding:
    return Finding(
        "docs/risks/register.md", 4, 3, 4, end_column, "HB201", "dangling-reference",
        Severity.ERROR, "RISK-009 is not defined", item,
    )  # fmt: skip


def test_findings_that_tie_on_place_rule_and_message_still_have_one_order() -> None:
    tied = [_finding(12, "RISK-002"), _finding(12, "RISK-001"), _finding(9, None)]
    orders = {
        tuple(sorted(permutation, key=lambda f: f.sort_key))
        for permutation in itertools.permutations(tied)
    }
    assert orders == {(tied[2], tied[1], tied[0])}
