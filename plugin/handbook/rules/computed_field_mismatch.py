"""HB105: a computed field disagrees with the fields it is computed from."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.domain import builtin_facts
from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def _scale_ends() -> str:
    """``rare=1 … certain=5, negligible=1 … severe=5``, from the risk schema's scales."""
    return ", ".join(
        f"{s.words[0]}={s.values[s.words[0]]} … {s.words[-1]}={s.values[s.words[-1]]}"
        for s in builtin_facts("risk").scales.values()
    )


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    for item in context.items:
        for computed in item.kind.facts.computed.values():
            written = item.data.get(computed.field)
            if not isinstance(written, int) or isinstance(written, bool):
                continue
            expected = computed.compute(item.data)
            if expected is None or expected == written:
                continue
            yield rule.finding(
                item.document,
                item.position(computed.field),
                f"{computed.field} is {written} but {computed.formula} is {expected}",
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
        f"their place on the scale: {_scale_ends()}."
    ),
    bad="---\nid: RISK-004\nlikelihood: likely\nimpact: major\nscore: 12\n---",
    good="---\nid: RISK-004\nlikelihood: likely\nimpact: major\nscore: 16\n---",
    check=check,
)
