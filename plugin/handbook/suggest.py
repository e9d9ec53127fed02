"""Did-you-mean: the one place that guesses what a user meant.

:func:`close_matches` is the general fuzzy match (field names, ids on the command line);
:func:`did_you_mean` turns it into the hint that ends a message about an unknown word;
:class:`IdSuggester` answers for ids in time that does not grow with the number of items.

A general fuzzy match (difflib) against every known id costs milliseconds per question on a
large handbook, and a handbook with many broken links asks often. Ids have a shape,
PREFIX-NUMBER, and typos in them have a few shapes too: a wrong or miscased prefix, a
digit dropped, doubled, changed or swapped, a different zero padding. Each is tried as a
lookup.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Collection, Iterable, Iterator

_ID = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-(\d+)$")
_DIGITS = "0123456789"


def _number_variants(number: str) -> Iterator[str]:
    """Strings one digit edit away from ``number``, and its other paddings."""
    yield from (number.lstrip("0").zfill(width) for width in range(1, 7))
    for i in range(len(number)):
        yield number[:i] + number[i + 1 :]  # a digit dropped
        for digit in _DIGITS:
            yield number[:i] + digit + number[i + 1 :]  # a digit changed
        if i + 1 < len(number):
            yield number[:i] + number[i + 1] + number[i] + number[i + 2 :]  # swapped
    for i in range(len(number) + 1):
        for digit in _DIGITS:
            yield number[:i] + digit + number[i:]  # a digit added


def close_matches(
    word: str,
    candidates: Iterable[str],
    *,
    count: int = 1,
    cutoff: float = 0.6,
    ignore_case: bool = False,
) -> list[str]:
    """Up to ``count`` candidates that read close to ``word``, best first (``difflib``'s
    ratio of at least ``cutoff``); with ``ignore_case``, compared upper-cased but returned
    as written (the last candidate wins among those that differ only in case)."""
    if not ignore_case:
        return difflib.get_close_matches(word, list(candidates), n=count, cutoff=cutoff)
    by_upper: dict[str, str] = {}
    for candidate in candidates:
        by_upper[candidate.upper()] = candidate
    matches = difflib.get_close_matches(word.upper(), list(by_upper), n=count, cutoff=cutoff)
    return [by_upper[match] for match in matches]


def did_you_mean(word: str, candidates: Iterable[str], *, ignore_case: bool = True) -> str:
    """`` (did you mean 'accepted'?)`` for the closest of ``candidates``, or ``""``: the hint
    a message about an unknown word (a status, a kind, a rule) ends with."""
    close = close_matches(word, candidates, ignore_case=ignore_case)
    return f" (did you mean '{close[0]}'?)" if close else ""


class IdSuggester:
    """Answers "did you mean …?" for ids, from an index built once per run."""

    def __init__(self, known: Collection[str]) -> None:
        self.known = known
        self.prefixes = set()
        by_prefix: dict[str, list[tuple[int, str]]] = {}
        for item_id in known:
            match = _ID.match(item_id)
            if match:
                self.prefixes.add(match.group(1))
                by_prefix.setdefault(match.group(1), []).append((int(match.group(2)), item_id))
        self.by_prefix = {prefix: sorted(ids) for prefix, ids in by_prefix.items()}

    def closest(self, target: str, allowed: Callable[[str], bool] = lambda _: True) -> str | None:
        """The known id ``target`` most likely meant, or None; ``allowed`` filters what may
        be suggested (for instance, only ids of kinds the relation accepts)."""
        match = _ID.match(target.strip())
        if match is None:
            return None
        prefix, number = match.group(1), match.group(2)
        upper = prefix.upper()
        candidates = [f"{upper}-{number}"]
        candidates += [f"{upper}-{variant}" for variant in _number_variants(number) if variant]
        candidates += [f"{other}-{number}" for other in sorted(self.prefixes) if other != upper]
        for candidate in candidates:
            if candidate != target and candidate in self.known and allowed(candidate):
                return candidate
        # Otherwise the nearest numbers under the same prefix, if one reads close enough.
        ids = self.by_prefix.get(upper, [])
        at = bisect.bisect_left(ids, (int(number), ""))
        nearby = [item_id for _, item_id in ids[max(0, at - 10) : at + 10] if allowed(item_id)]
        close = close_matches(target, nearby, cutoff=0.7)
        return close[0] if close else None
