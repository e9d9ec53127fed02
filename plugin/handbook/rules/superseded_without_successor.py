"""HB205: an item is marked superseded but nothing supersedes it."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.finding import Finding, Severity
from handbook.rules.rule import LintContext, Rule


def check(rule: Rule, context: LintContext) -> Iterator[Finding]:
    replaced: set[str] = set()
    for reference in context.references:
        if reference.relation_key.relation.name != "supersedes":
            continue
        target = context.resolve(reference.target_id)
        if target is None:
            continue
        _source, old = reference.endpoints(target)
        if old.id is not None:
            replaced.add(old.id)
    relation = context.settings.relations.relations.get("supersedes")
    for item in context.items:
        if item.status != "superseded" or item.id in replaced:
            continue
        if relation is not None and relation.targets and item.kind.name not in relation.targets:
            continue  # nothing can supersede this kind by a relation; the status says enough
        yield rule.finding(
            item.document,
            item.position("status"),
            f"{item.label} is superseded, but no decision supersedes it "
            "(add 'superseded-by' here or 'supersedes' on its successor)",
            item.id,
        )


RULE = Rule(
    code="HB205",
    name="superseded-without-successor",
    severity=Severity.ERROR,
    summary="`status: superseded` with no successor that says so.",
    rationale=(
        "A reader who lands on a superseded decision needs the one that replaced it. Without "
        "a link, the banner on the page cannot point anywhere and the decision log shows a "
        "dead end."
    ),
    bad="---\nid: ADR-0002\nstatus: superseded\n---",
    good="---\nid: ADR-0002\nstatus: superseded\nsuperseded-by: [ADR-0006]\n---",
    check=check,
)
