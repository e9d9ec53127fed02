"""The rules reference: an index of every rule and one page per rule, from the registry.

The pages are Markdown, laid out by ``handbook/rules_index.md`` and ``handbook/rule.md``
(see ``docs/guide/theming.md``); this module gives them each rule's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.rules import ALL_RULES, Rule
from handbook.site.templating import PageTemplates

_FAMILIES = {
    "HB1": "Frontmatter and schema",
    "HB2": "Identity and references",
    "HB3": "Content",
    "HB4": "Lifecycle and freshness",
    "HB5": "Coverage and gates",
}


def rule_page_name(rule: Rule) -> str:
    return f"{rule.code}-{rule.name}.md"


@dataclass(frozen=True, slots=True)
class RuleView:
    """One rule as its pages show it. ``bad_fence`` and ``good_fence`` are the code fences
    that hold the examples (four backticks when an example has three)."""

    code: str
    name: str
    severity: str
    family: str
    page: str
    summary: str
    summary_cell: str
    rationale: str
    bad: str
    bad_fence: str
    good: str
    good_fence: str


@dataclass(frozen=True, slots=True)
class Family:
    prefix: str
    title: str
    rules: list[RuleView]


def rule_view(rule: Rule) -> RuleView:
    return RuleView(
        rule.code,
        rule.name,
        rule.severity.label,
        _FAMILIES.get(rule.code[:3], ""),
        rule_page_name(rule),
        rule.summary,
        rule.summary.replace("|", "\\|"),
        rule.rationale,
        rule.bad,
        _fence(rule.bad),
        rule.good,
        _fence(rule.good),
    )


def _fence(text: str) -> str:
    return "````" if "```" in text else "```"


def families() -> list[Family]:
    found = []
    for prefix, title in _FAMILIES.items():
        rules = [rule_view(rule) for rule in ALL_RULES if rule.code.startswith(prefix)]
        if rules:
            found.append(Family(prefix, title, rules))
    return found


def rules_pages(templates: PageTemplates) -> dict[str, str]:
    """Every page of the rules reference, by path relative to the reference folder."""
    pages = {"index.md": templates.render_markdown("rules_index.md", families=families())}
    for rule in ALL_RULES:
        pages[rule_page_name(rule)] = templates.render_markdown("rule.md", rule=rule_view(rule))
    return pages
