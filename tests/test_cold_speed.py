"""Cold lint's hot paths stay linear and give exactly what they gave before they were tuned.

Each tuned function is compared with the plain version it replaced (kept here as the
reference) on generated inputs, and its work is checked to grow linearly: eight runs on a
small input must take at least a quarter of one run on an input eight times larger (linear
work gives about 1, quadratic about 8), a ratio within one run, so the machine's speed
cancels out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from handbook.parse import decision_text


def _numbers_by_convention_reference(names: list[str]) -> dict[str, int]:
    """``numbers_by_convention`` as it was written first: a pass over the others per name."""
    read = {name: decision_text.number_in_name(name) for name in names}
    numbered = {name: found for name, found in read.items() if found is not None}
    result: dict[str, int] = {}
    for name, found in numbered.items():
        others = [other for key, other in numbered.items() if key != name]
        if not others:
            if len(names) > 1 and not found.prefix and found.width < 3:
                continue
            result[name] = found.number
            continue
        widths = [other.width for other in others if other.prefix == found.prefix]
        if not widths:
            if not found.prefix and found.width < 3:
                continue
            result[name] = found.number
            continue
        padded = min(widths)
        if padded > 1 and found.width < padded and not found.prefix:
            continue
        result[name] = found.number
    return result


_NAME = st.builds(
    lambda prefix, digits, rest: f"{prefix}{digits}{rest}.md",
    st.sampled_from(["", "adr-", "ADR", "adr_", "ADR-", "rfc-"]),
    st.text("0123456789", min_size=0, max_size=5),
    st.sampled_from(["-use-x", "-y", "_z", "", "x", "-day-week"]),
)


@given(st.lists(_NAME, max_size=12, unique=True))
def test_record_numbers_are_read_as_before(names: list[str]) -> None:
    assert decision_text.numbers_by_convention(names) == _numbers_by_convention_reference(names)


def _best(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def test_record_numbers_of_a_large_folder_take_linear_time() -> None:
    def folder(size: int) -> list[str]:
        return [f"{n:04d}-record-{n}.md" for n in range(1, size + 1)]

    small, big = folder(500), folder(4_000)
    small_time = _best(lambda: [decision_text.numbers_by_convention(small) for _ in range(8)])
    big_time = _best(lambda: decision_text.numbers_by_convention(big))
    assert big_time <= 4 * small_time, (big_time, small_time)
