"""Suspect links on the site: the register page listing every one (HB215; ``handbook
review``). Item pages mark them in their relations panel (:mod:`handbook.site.item_page`)."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.rules.suspect_link import Suspect
from handbook.site.components import Ref, item_ref
from handbook.site.links import SiteIndex
from handbook.site.registers import Register, RegisterContext

SLUG = "suspect-links"
TITLE = "Suspect links"
TEMPLATE = "suspect_links.html"


@dataclass(frozen=True, slots=True)
class SuspectRow:
    """One suspect link: who writes it, under which relation, to what, and what changed."""

    writer: Ref
    relation: str
    target: Ref
    changed: tuple[str, ...]
    command: str


@dataclass(frozen=True, slots=True)
class SuspectList:
    rows: list[SuspectRow]


def rows(suspects: list[Suspect], index: SiteIndex, page_url: str) -> list[SuspectRow]:
    return [
        SuspectRow(
            item_ref(index, s.writer, page_url),
            s.reference.key,
            item_ref(index, s.target, page_url),
            s.changed,
            f"handbook review {s.writer} --target {s.target}",
        )
        for s in suspects
    ]


def register(suspects: list[Suspect]) -> Register:
    """The register page of every suspect link (a page exists only when there are some)."""

    def view(context: RegisterContext) -> SuspectList:
        return SuspectList(rows(suspects, context.index, context.page_url))

    return Register(SLUG, TITLE, (), view, TEMPLATE)
