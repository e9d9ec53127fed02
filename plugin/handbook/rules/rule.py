"""What a rule is, and the context every rule's check reads."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from handbook.evidence.book import EvidenceBook, book_for_run
from handbook.finding import Finding, Position, Severity
from handbook.graph import ItemGraph
from handbook.load import Corpus, Issue
from handbook.model import Document, Item
from handbook.references import Reference, collect_references
from handbook.rule_ids import RuleId
from handbook.settings import Settings


@dataclass(eq=False)
class LintContext:
    """What the rules of one run look at: settings, documents, items, ids and references."""

    settings: Settings
    corpus: Corpus
    rule_keys: Collection[str]
    """Every key that names a registered rule (codes and names), for rules about rules."""
    items_by_id: Mapping[str, list[Item]] = field(init=False)
    """Every item of each id, in the run's order (more than one: a duplicated id)."""
    first_by_id: dict[str, Item] = field(init=False)
    """The first item of each id: the one a reference resolves to (shared by the graph and
    the evidence book, one dict entry an item)."""

    def __post_init__(self) -> None:
        first: dict[str, Item] = {}
        more: dict[str, list[Item]] = {}
        for item in self.corpus.items:
            if item.id is None:
                continue
            known = first.setdefault(item.id, item)
            if known is not item:
                more.setdefault(item.id, [known]).append(item)
        self.first_by_id = first
        self.items_by_id = _ItemsById(first, more)

    @property
    def items(self) -> list[Item]:
        return self.corpus.items

    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    @cached_property
    def references(self) -> list[Reference]:
        """Every reference of the run, collected once and shared by the rules."""
        return list(collect_references(self.items, self.settings.relations))

    @cached_property
    def graph(self) -> ItemGraph:
        """The item graph of the run, built once when a rule first asks for it."""
        return ItemGraph.build(
            self.items, self.references, self.settings.relations, self.first_by_id
        )

    @cached_property
    def evidence(self) -> EvidenceBook:
        """The run's evidence files, read and compared once when a rule first asks."""
        return book_for_run(self.items, self.settings, lambda: self.graph, self.first_by_id)

    def resolve(self, item_id: str) -> Item | None:
        """The item with ``item_id``; the first one when the id is (wrongly) duplicated."""
        return self.first_by_id.get(item_id)


class _ItemsById(Mapping[str, list[Item]]):
    """Id → its items, read from the first item of each id and the lists of duplicated ids:
    a list for every id was a tenth of a register corpus's memory."""

    __slots__ = ("_first", "_more")

    def __init__(self, first: dict[str, Item], more: dict[str, list[Item]]) -> None:
        self._first, self._more = first, more

    def __getitem__(self, item_id: str) -> list[Item]:
        more = self._more.get(item_id)
        return more if more is not None else [self._first[item_id]]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)


def days(count: int) -> str:
    """``1 day``, ``12 days``: a count of days for a message."""
    return f"{count} day" if count == 1 else f"{count} days"


Check = Callable[["Rule", LintContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: stable code and name, default severity, the why, and how to check it."""

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    check: Check
    id: RuleId = field(init=False)
    """Code and name as one value; what issues and findings are matched by."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", RuleId(self.code, self.name))

    def finding(
        self, document: Document, position: Position, message: str, item: str | None = None
    ) -> Finding:
        return Finding(
            path=document.rel_path,
            line=position.line,
            column=position.column,
            end_line=position.end_line,
            end_column=position.end_column,
            code=self.code,
            rule=self.name,
            severity=self.severity,
            message=message,
            item=item,
        )


def report_issues(rule: Rule, context: LintContext) -> Iterator[Finding]:
    """The check of rules whose problems are found while reading and validating files."""
    for issue in context.corpus.issues:
        if issue.rule == rule.id:
            yield rule.finding(issue.document, issue.position, issue.message, _item_of(issue))


def _item_of(issue: Issue) -> str | None:
    if issue.item is not None:
        return issue.item
    items = issue.document.items
    return items[0].id if items else None
