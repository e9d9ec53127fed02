"""HB210: an item has fewer or more edges of a relation than the relation allows."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    bounded = [r for r in context.settings.relations if r.min is not None or r.max is not None]
    if not bounded:
        return
    graph = context.graph
    for item_id in sorted(graph.items):
        item = graph.items[item_id]
        for relation in bounded:
            if not relation.allows_source(item.kind.name) or not relation.sources:
                continue
            count = len(graph.outgoing(item_id, relation.name))
            low, high = relation.min, relation.max
            if (low is None or count >= low) and (high is None or count <= high):
                continue
            wanted = (
                f"at least {low}"
                if high is None
                else f"at most {high}"
                if low is None
                else f"exactly {low}"
                if low == high
                else f"{low} to {high}"
            )
            written = relation.name if relation.name in item.data else None
            position = item.position(written, key=True) if written else item.position()
            yield rule.finding(
                item.document,
                position,
                f"{item_id} has {count} '{relation.name}' edge{'s' if count != 1 else ''}; "
                f"{item.kind.name} items need {wanted}",
                item_id,
            )


RULE = Rule(
    code="HB210",
    name="relation-count",
    severity=Severity.ERROR,
    summary="An item has fewer or more edges of a relation than its `min`/`max` allow.",
    rationale=(
        "A project can require, for instance, that every failure mode is detected by at least "
        "one SLO, by declaring `min: 1` on the relation in the handbook block of mkdocs.yml. "
        "Edges written on either side count."
    ),
    bad="relations: {detected-by: {inverse: detects, from: [failure-mode], to: [slo], min: 1}}"
    "\n---\nid: FM-004\n---",
    good="---\nid: FM-004\ndetected-by: [SLO-002]\n---",
    check=check,
)
