"""The rule registry: every rule, in code order. Adding a rule means adding a module here."""

from __future__ import annotations

from handbook.rules import (
    computed_field_mismatch,
    dangling_reference,
    duplicate_id,
    duplicate_key,
    empty_section,
    expired_waiver,
    file_skipped,
    id_prefix_mismatch,
    invalid_frontmatter,
    invalid_value,
    invalid_waiver,
    missing_field,
    missing_section,
    placeholder_text,
    relation_not_allowed,
    superseded_without_successor,
    supersedes_cycle,
    title_mismatch,
    unknown_field,
    unknown_kind,
    wrong_target_kind,
)
from handbook.rules.rule import LintContext, Rule

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            module.RULE
            for module in (
                invalid_frontmatter,
                missing_field,
                invalid_value,
                unknown_field,
                unknown_kind,
                computed_field_mismatch,
                duplicate_key,
                file_skipped,
                invalid_waiver,
                duplicate_id,
                dangling_reference,
                wrong_target_kind,
                supersedes_cycle,
                superseded_without_successor,
                relation_not_allowed,
                id_prefix_mismatch,
                missing_section,
                empty_section,
                placeholder_text,
                title_mismatch,
                expired_waiver,
            )
        ),
        key=lambda rule: rule.code,
    )
)

RULES_BY_KEY: dict[str, Rule] = {
    **{rule.code: rule for rule in ALL_RULES},
    **{rule.name: rule for rule in ALL_RULES},
}
"""Every rule by its code and by its name."""

__all__ = ["ALL_RULES", "RULES_BY_KEY", "LintContext", "Rule"]
