"""HB105: a computed field disagrees with the fields it is computed from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from handbook.finding import Finding, Severity
from handbook.model import Item
from handbook.rules.rule import LintContext, Rule

LIKELIHOOD = {"rare": 1, "unlikely": 2, "possible": 3, "likely": 4, "certain": 5}
IMPACT = {"negligible": 1, "minor": 2, "moderate": 3, "major": 4, "severe": 5}


def scale(value: Any, words: dict[str, int]) -> int | None:
    """A 1–5 rating written as a word or a number; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1 <= value <= 5:
        return value
    return words.get(value) if isinstance(value, str) else None


def _product(item: Item, fields: tuple[tuple[str, dict[str, int] | None], ...]) -> int | None:
    total = 1
    for name, words in fields:
        value = item.data.get(name)
        if words is not None:
            number = scale(value, words)
        else:
            number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None:
            return None
        total *= number
    return total


_COMPUTED: dict[str, tuple[tuple[str, tuple[tuple[str, dict[str, int] | None], ...]], ...]] = {
    "risk": (
        ("score", (("likelihood", LIKELIHOOD), ("impact", IMPACT))),
        ("residual-score", (("residual-likelihood", LIKELIHOOD), ("residual-impact", IMPACT))),
    ),
    "failure-mode": (("rpn", (("severity", None), ("occurrence", None), ("detection", None))),),
}


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for item in context.items:
        for field, factors in _COMPUTED.get(item.kind.name, ()):
            written = item.data.get(field)
            if not isinstance(written, int) or isinstance(written, bool):
                continue
            expected = _product(item, factors)
            if expected is None or expected == written:
                continue
            formula = " × ".join(name for name, _ in factors)
            yield rule.finding(
                item.document,
                item.position(field),
                f"{field} is {written} but {formula} is {expected}",
                item.id,
            )


RULE = Rule(
    code="HB105",
    name="computed-field-mismatch",
    severity=Severity.ERROR,
    summary="A computed field (risk score, RPN) disagrees with the fields it is computed from.",
    rationale=(
        "A risk's score is likelihood × impact and a failure mode's RPN is severity × "
        "occurrence × detection. When someone re-rates the likelihood and forgets the score, "
        "the register ranks the risk by a number nobody believes any more. Words count as "
        "their place on the scale: rare=1 … certain=5, negligible=1 … severe=5."
    ),
    bad="---\nid: RISK-004\nlikelihood: likely\nimpact: major\nscore: 12\n---",
    good="---\nid: RISK-004\nlikelihood: likely\nimpact: major\nscore: 16\n---",
    check=check,
)
