"""Waivers: ``waivers: [{rule, reason, owner, expires}]`` in an item's frontmatter.

A waiver silences one rule's findings about the item it is written on (and, on a container,
about the items it lists) until it expires. An expired waiver silences nothing and is a
finding of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from handbook.finding import Finding, Position
from handbook.model import Item
from handbook.rule_ids import RuleId
from handbook.settings import iso_date


@dataclass(frozen=True, slots=True)
class Waiver:
    """One entry of an item's ``waivers`` list."""

    item: Item
    index: int
    rule: str
    expires: dt.date | None

    @property
    def position(self) -> Position:
        return self.item.position("waivers", self.index, "rule")

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


def waivers_of(item: Item) -> Iterator[Waiver]:
    """The well-formed waivers written on ``item`` (the schema reports malformed ones). A
    waiver whose ``expires`` is written but is no ``YYYY-MM-DD`` date silences nothing: when
    it ends cannot be read, so it is not taken to last for ever."""
    entries = item.data.get("waivers")
    if not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            continue
        expires = iso_date(entry.get("expires"))
        if expires is None and entry.get("expires") is not None:
            continue
        yield Waiver(item, index, entry["rule"], expires)


def apply_waivers(
    findings: Iterable[Finding],
    items: Iterable[Item],
    today: dt.date,
    rule_keys: Mapping[str, RuleId],
) -> list[Finding]:
    """``findings`` less those an unexpired waiver covers.

    ``rule_keys`` maps every rule code and name to the rule's identity.
    """
    active: dict[tuple[str, RuleId], bool] = {}
    for item in items:
        targets = [item]
        if item.kind.is_container:
            targets += [i for i in item.document.items if i.container is item]
        for waiver in waivers_of(item):
            rule_id = rule_keys.get(waiver.rule)
            if rule_id is None or waiver.expired(today):
                continue
            for target in targets:
                if target.id is not None:
                    active[(target.id, rule_id)] = True
    return [f for f in findings if f.item is None or (f.item, f.rule_id) not in active]
