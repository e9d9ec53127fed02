"""The one freshness-window test the rules about age share (HB404 drafts, HB407 SLO
reviews, HB408 evidence, and the evidence's ``stale``): a date exactly ``window`` days old
is still inside; one day more is out, and its age is what the message says."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.settings import days_past_window

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (None, None),
        (dt.date(2026, 9, 2), None),  # 90 days: inside
        (dt.date(2026, 9, 1), 91),
        (dt.date(2025, 12, 1), 365),
        (dt.date(2026, 12, 2), None),  # a date after today is not old
    ],
)
def test_days_past_window(since: dt.date | None, expected: int | None) -> None:
    assert days_past_window(since, TODAY, 90) == expected
