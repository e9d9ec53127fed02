"""What the graph must cover: which risks, threats and failure modes are answered, and how.

The coverage rules (HB5xx) and ``handbook coverage`` share these predicates, so the table a
team reads and the findings CI reports can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handbook.graph import ItemGraph
from handbook.model import Item
from handbook.settings import iso_date


def risk_level(item: Item) -> str | None:
    """The risk's level: its ``level`` field, else banded from likelihood × impact (the
    bands of its kind's schema)."""
    return item.kind.facts.level(item.data)


def is_resolved(item: Item) -> bool:
    """Answered by its status alone, without a mitigation (a threat accepted, transferred
    or not applicable): its kind's ``resolved`` statuses."""
    return item.kind.in_group(item.status, "resolved")


def is_active(item: Item) -> bool:
    """In force: its status is one of its kind's active statuses."""
    return item.status in item.kind.active_statuses


def is_inactive(item: Item) -> bool:
    """Rejected, superseded, deprecated, closed…: its kind's inactive statuses."""
    return item.status in item.kind.inactive_statuses


def last_rehearsal(item: Item) -> dt.date | None:
    """The latest of a runbook's ``last-tested`` and its ``rehearsals`` dates."""
    values = [item.data.get("last-tested")]
    rehearsals = item.data.get("rehearsals")
    if isinstance(rehearsals, list):
        values += [r.get("date") for r in rehearsals if isinstance(r, dict)]
    dates = [date for date in map(iso_date, values) if date is not None]
    return max(dates) if dates else None


def acceptance_valid(item: Item, today: dt.date) -> bool:
    """True when the item carries an ``acceptance`` that has not expired."""
    acceptance = item.data.get("acceptance")
    if not isinstance(acceptance, dict):
        return False
    expires = acceptance.get("expires")
    if not isinstance(expires, str):
        return True
    expiry = iso_date(expires)
    return expiry is not None and expiry >= today


def mitigations(graph: ItemGraph, item_id: str) -> tuple[list[Item], list[Item]]:
    """(active, inactive-or-open) items that mitigate ``item_id``."""
    active: list[Item] = []
    other: list[Item] = []
    for source in graph.incoming(item_id, "mitigates"):
        mitigator = graph.items[source]
        (active if is_active(mitigator) else other).append(mitigator)
    return active, other


def runbooks(graph: ItemGraph, item_id: str) -> list[Item]:
    """Runbooks that handle ``item_id`` and are not deprecated."""
    return [
        graph.items[target]
        for target in graph.outgoing(item_id, "handled-by")
        if not is_inactive(graph.items[target])
    ]


@dataclass(slots=True)
class CoverageRow:
    """One question of coverage: which items of a kind are answered by which relation."""

    name: str
    kind: str
    relation: str
    covered: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.uncovered)

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100.0 * len(self.covered) / self.total, 1)


def risk_covered(graph: ItemGraph, item: Item, today: dt.date) -> bool:
    assert item.id is not None
    return bool(mitigations(graph, item.id)[0]) or acceptance_valid(item, today)


def threat_covered(graph: ItemGraph, item: Item, today: dt.date) -> bool:
    assert item.id is not None
    return bool(mitigations(graph, item.id)[0]) or is_resolved(item)


def failure_mode_covered(graph: ItemGraph, item: Item, today: dt.date) -> bool:
    assert item.id is not None
    return bool(runbooks(graph, item.id))


_QUESTIONS = (
    ("risks × mitigations", "risk", "mitigated-by", risk_covered),
    ("threats × mitigations", "threat", "mitigated-by", threat_covered),
    ("failure modes × runbooks", "failure-mode", "handled-by", failure_mode_covered),
)


def coverage_table(graph: ItemGraph, today: dt.date) -> list[CoverageRow]:
    """Covered and uncovered items per question; items with an inactive status are left out
    (a closed risk needs no mitigation)."""
    rows = []
    for name, kind, relation, covered in _QUESTIONS:
        row = CoverageRow(name, kind, relation)
        for item_id in sorted(graph.items):
            item = graph.items[item_id]
            if item.kind.name != kind or is_inactive(item):
                continue
            (row.covered if covered(graph, item, today) else row.uncovered).append(item_id)
        rows.append(row)
    return rows
