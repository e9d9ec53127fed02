"""Did-you-mean for ids: typical typos are found by lookup, wrong kinds are not suggested."""

from __future__ import annotations

import pytest

from handbook.suggest import IdSuggester

KNOWN = {"ADR-0007", "ADR-0070", "RISK-012", "RISK-013", "RB-001", "RR-001", "THR-003"}


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("risk-012", "RISK-012"),  # case
        ("RISK-12", "RISK-012"),  # padding
        ("RISK-0012", "RISK-012"),  # padding
        ("RISK-021", "RISK-012"),  # swapped digits
        ("ADR-007", "ADR-0007"),  # a digit dropped
        ("RISK-0122", "RISK-012"),  # a digit added
        ("RB-003", "RB-001"),  # a digit changed
        ("RSK-012", "RISK-012"),  # a wrong prefix, same number
        ("NOPE", None),
        ("XYZ-999", None),
    ],
)
def test_typical_typos(typo: str, meant: str | None) -> None:
    assert IdSuggester(KNOWN).closest(typo) == meant


def test_only_allowed_ids_are_suggested() -> None:
    suggester = IdSuggester(KNOWN)
    # RR-001 is one digit away, but the relation wants a runbook.
    assert suggester.closest("RR-002") == "RR-001"
    assert suggester.closest("RR-002", lambda item_id: item_id.startswith("RB-")) is None
    assert suggester.closest("RB-002", lambda item_id: item_id.startswith("RB-")) == "RB-001"
