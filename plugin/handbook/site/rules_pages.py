"""The rules reference: an index of every rule and one page per rule, from the registry."""

from __future__ import annotations

from collections.abc import Iterator

from handbook.rules import ALL_RULES, Rule

_FAMILIES = {
    "HB1": "Frontmatter and schema",
    "HB2": "Identity and references",
    "HB3": "Content",
    "HB4": "Lifecycle and freshness",
    "HB5": "Coverage and gates",
}


def rule_page_name(rule: Rule) -> str:
    return f"{rule.code}-{rule.name}.md"


def rules_index() -> str:
    """Markdown of the rules index page."""
    lines = [
        "# Rules reference",
        "",
        "Every finding `handbook lint` reports comes from one of these rules. Each has a stable",
        "code and name; change its severity (or turn it off) under `rules:` in the `handbook`",
        "block of `mkdocs.yml`, or waive it on one document with `waivers:`.",
        "",
        "```yaml",
        "plugins:",
        "  - handbook:",
        "      rules:",
        "        placeholder-text: error   # by name",
        "        HB304: ignore             # or by code",
        "```",
        "",
    ]
    for prefix, title in _FAMILIES.items():
        rules = [rule for rule in ALL_RULES if rule.code.startswith(prefix)]
        if not rules:
            continue
        lines += [
            f"## {prefix}xx {title}",
            "",
            "| Code | Name | Severity | What it finds |",
            "|---|---|---|---|",
        ]
        for rule in rules:
            summary = rule.summary.replace("|", "\\|")
            lines.append(
                f"| [{rule.code}]({rule_page_name(rule)}) | `{rule.name}` | "
                f"{rule.severity.label} | {summary} |"
            )
        lines.append("")
    return "\n".join(lines)


def rule_page(rule: Rule) -> str:
    """Markdown of one rule's page."""
    return "\n".join(
        [
            f"# {rule.code} {rule.name}",
            "",
            f"**Default severity:** {rule.severity.label} · **Family:** "
            f"{_FAMILIES.get(rule.code[:3], '')}",
            "",
            rule.summary,
            "",
            "## Why",
            "",
            rule.rationale,
            "",
            "## Bad",
            "",
            *_fenced(rule.bad),
            "",
            "## Good",
            "",
            *_fenced(rule.good),
            "",
            "## Configure",
            "",
            *_fenced(
                f"plugins:\n  - handbook:\n      rules:\n        {rule.name}: warning  # or ignore",
                "yaml",
            ),
            "",
            "[All rules](index.md)",
            "",
        ]
    )


def _fenced(text: str, language: str = "text") -> Iterator[str]:
    fence = "````" if "```" in text else "```"
    yield f"{fence}{language}"
    yield from text.split("\n")
    yield fence


def rules_pages() -> dict[str, str]:
    """Every page of the rules reference, by path relative to the reference folder."""
    pages = {"index.md": rules_index()}
    for rule in ALL_RULES:
        pages[rule_page_name(rule)] = rule_page(rule)
    return pages
