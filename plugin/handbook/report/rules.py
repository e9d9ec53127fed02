"""``handbook rules``: the rule catalog as a list, one rule explained, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from handbook.rules import Rule


def rules_json(rules: Sequence[Rule]) -> str:
    return (
        json.dumps(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity.label,
                    "summary": r.summary,
                    "rationale": r.rationale,
                    "bad": r.bad,
                    "good": r.good,
                }
                for r in rules
            ],
            indent=2,
        )
        + "\n"
    )


def rules_list(rules: Sequence[Rule]) -> str:
    """One line per rule: code, name, default severity, summary."""
    return "".join(f"{r.code}  {r.name:<30} {r.severity.label:<8} {r.summary}\n" for r in rules)


def rule_explained(r: Rule) -> str:
    """One rule in full: why it exists, and a bad and a good example."""
    return (
        f"{r.code} {r.name} ({r.severity.label})\n\n{r.summary}\n\n{r.rationale}\n\n"
        f"Bad:\n\n{_indent(r.bad)}\n\nGood:\n\n{_indent(r.good)}\n"
    )


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))
