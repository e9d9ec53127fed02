"""One reading of a date for the rules, the waivers, the evidence and the gates: the schemas'
``date``, ``YYYY-MM-DD``, and nothing that Python's ``date.fromisoformat`` also takes."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.settings import iso_date


@pytest.mark.parametrize(
    ("text", "date"),
    [("2025-06-01", dt.date(2025, 6, 1)), ("2024-02-29", dt.date(2024, 2, 29))],
)
def test_a_date_written_yyyy_mm_dd_reads(text: str, date: dt.date) -> None:
    assert iso_date(text) == date


@pytest.mark.parametrize(
    "value",
    [
        "20250601",  # basic format: fromisoformat takes it, the schema does not
        "2025-W23-1",  # a week date
        "2025-06-01T10:00",
        "2025-6-01",
        "2025/06/01",
        "2025-02-29",  # no such day
        "٢٠٢٥-٠٦-٠١",  # digits, but not ASCII ones
        "",
        20250601,
        None,
        dt.date(2025, 6, 1),  # YAML values stay text here; a date object is no text
    ],
)
def test_anything_else_is_no_date(value: object) -> None:
    assert iso_date(value) is None
