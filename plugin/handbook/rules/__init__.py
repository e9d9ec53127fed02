"""The rule registry: every rule, in code order. Adding a rule means adding a module here."""

from __future__ import annotations

from handbook.rule_ids import RuleId
from handbook.rules import (
    action_item_overdue,
    computed_field_mismatch,
    contradictory_inverse,
    dangling_reference,
    duplicate_id,
    duplicate_key,
    empty_section,
    evidence_disagrees_with_record,
    evidence_missing,
    evidence_outside_repository,
    evidence_stale,
    evidence_unit_mismatch,
    evidence_wrong_format,
    expired_waiver,
    failure_mode_without_runbook,
    file_skipped,
    id_prefix_mismatch,
    inactive_mitigation,
    introduced_risk_missing,
    invalid_frontmatter,
    invalid_links_lock,
    invalid_value,
    invalid_waiver,
    missing_field,
    missing_section,
    orphan_runbook,
    placeholder_text,
    relation_count,
    relation_not_allowed,
    result_contradicts_evidence,
    review_overdue,
    risk_acceptance_expired,
    runbook_not_rehearsed,
    self_reference,
    slo_not_revisited,
    stale_draft,
    superseded_without_successor,
    supersedes_cycle,
    suspect_link,
    threshold_without_evidence,
    title_mismatch,
    unknown_field,
    unknown_kind,
    unmitigated_risk,
    unmitigated_threat,
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
                contradictory_inverse,
                self_reference,
                relation_count,
                missing_section,
                empty_section,
                placeholder_text,
                title_mismatch,
                expired_waiver,
                review_overdue,
                runbook_not_rehearsed,
                stale_draft,
                risk_acceptance_expired,
                action_item_overdue,
                slo_not_revisited,
                unmitigated_risk,
                failure_mode_without_runbook,
                orphan_runbook,
                unmitigated_threat,
                inactive_mitigation,
                introduced_risk_missing,
                evidence_stale,
                evidence_disagrees_with_record,
                result_contradicts_evidence,
                evidence_outside_repository,
                evidence_missing,
                evidence_wrong_format,
                evidence_unit_mismatch,
                threshold_without_evidence,
                suspect_link,
                invalid_links_lock,
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

RULES_BY_ID: dict[RuleId, Rule] = {rule.id: rule for rule in ALL_RULES}
"""Every rule by its identity."""

__all__ = ["ALL_RULES", "RULES_BY_ID", "RULES_BY_KEY", "LintContext", "Rule", "RuleId"]
