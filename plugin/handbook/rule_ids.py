"""Rule identities: a rule is known by its code and its name, together, as one value.

The stages below the rules (reading files, validating frontmatter) find problems that a rule
reports later; they tag each with the :class:`RuleId` of that rule instead of its name as
text, so a typo is a ``NameError`` rather than a finding that silently never appears. The
registry (``handbook.rules``) checks that every id here belongs to a registered rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleId:
    """A rule's stable code (``HB202``) and name (``dangling-reference``)."""

    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


INVALID_FRONTMATTER = RuleId("HB100", "invalid-frontmatter")
MISSING_FIELD = RuleId("HB101", "missing-field")
INVALID_VALUE = RuleId("HB102", "invalid-value")
UNKNOWN_FIELD = RuleId("HB103", "unknown-field")
UNKNOWN_KIND = RuleId("HB104", "unknown-kind")
DUPLICATE_KEY = RuleId("HB106", "duplicate-key")
FILE_SKIPPED = RuleId("HB107", "file-skipped")

EARLY_RULES: tuple[RuleId, ...] = (
    INVALID_FRONTMATTER,
    MISSING_FIELD,
    INVALID_VALUE,
    UNKNOWN_FIELD,
    UNKNOWN_KIND,
    DUPLICATE_KEY,
    FILE_SKIPPED,
)
"""The rules whose problems are found while reading and validating, before the rules run."""

_EARLY_BY_NAME = {rule.name: rule for rule in EARLY_RULES}


def early_rule(name: str) -> RuleId:
    """The id of an early rule named ``name`` (the parser names its problems' rules so);
    raises ``KeyError`` for any other name."""
    return _EARLY_BY_NAME[name]
