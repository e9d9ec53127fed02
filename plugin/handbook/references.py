"""The references items make to each other through relation keys in their frontmatter."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handbook.finding import Position
from handbook.model import Item
from handbook.relations import RelationKey, RelationRegistry


@dataclass(frozen=True, slots=True)
class Reference:
    """``writer`` names ``target_id`` at position ``index`` of its ``key`` list (the key its
    ``relation_key`` is read from: a run holds hundreds of thousands of references, and
    each holds what it cannot work out)."""

    writer: Item
    relation_key: RelationKey
    index: int
    target_id: str

    @property
    def key(self) -> str:
        """The frontmatter key the reference is written under."""
        relation_key = self.relation_key
        relation = relation_key.relation
        return relation.name if relation_key.forward else relation.inverse

    @property
    def position(self) -> Position:
        return self.writer.position(self.key, self.index)

    def endpoints(self, target: Item) -> tuple[Item, Item]:
        """(source, target) items of the edge this reference writes."""
        return (self.writer, target) if self.relation_key.forward else (target, self.writer)


def collect_references(items: Iterable[Item], relations: RelationRegistry) -> Iterator[Reference]:
    """Every reference of every item, in item and key order."""
    for item in items:
        for key, value in item.data.items():
            if not isinstance(value, list):
                continue
            relation_key = relations.key(key)
            if relation_key is None:
                continue
            for index, target in enumerate(value):
                if isinstance(target, str):
                    yield Reference(item, relation_key, index, target)
