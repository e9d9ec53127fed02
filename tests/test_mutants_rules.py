"""Tests written for the survivors of the ``rules`` mutation group (``bash scripts/mutation.sh
run rules``): what the one fixture folder a rule has in ``tests/fixtures/rules`` leaves
unchecked. Each test asserts whole findings (span and message) and was seen to fail against
the mutant it was written for.

``tests/fixtures/rule_cases`` holds more folders of the same form (``docs/``, ``expected.txt``
written by hand, optionally ``options.json``), named for what they exercise; unlike the rule
fixtures, a case may expect findings of several rules, as a real handbook yields them.
"""

from __future__ import annotations

import dataclasses
import locale
import shutil
from pathlib import Path
from typing import Any

import pytest

from handbook import LintResult, lint, settings_for_docs
from handbook.finding import Severity
from handbook.rule_ids import RuleId
from handbook.rules import computed_field_mismatch, unmitigated_risk
from handbook.rules.rule import Rule
from handbook.stamps import LOCK_FILE, parse_lock, render_lock, stamp_of
from test_rules import (
    FIXTURES,
    RULE_FOLDERS,
    TODAY,
    adr,
    expected_lines,
    fixture_options,
    run_lint,
    whole,
    write,
)

CASES = sorted(p for p in (FIXTURES / "rule_cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_rule_case(folder: Path) -> None:
    result = run_lint(folder / "docs", fixture_options(folder))
    assert whole(result.findings) == expected_lines(folder)


def test_a_rule_is_known_by_its_code_and_name() -> None:
    rule = Rule(
        code="HB999",
        name="made-up",
        severity=Severity.WARNING,
        summary="",
        rationale="",
        bad="",
        good="",
        check=lambda rule, context: iter(()),
    )
    assert rule.id == RuleId("HB999", "made-up")


@pytest.mark.parametrize(
    "folder", [*RULE_FOLDERS, *CASES], ids=[p.name for p in (*RULE_FOLDERS, *CASES)]
)
def test_a_finding_names_an_item_of_its_document(folder: Path) -> None:
    """A finding is about an item of the document it is reported in (the rule's fixtures
    have one item a document); in a document without an id, or outside the documents (the
    lock file), it names none. Problems found while reading, before the document's item was
    built (a duplicate key), name that item too."""
    result = run_lint(folder / "docs", fixture_options(folder))
    ids = {d.rel_path: [i.id for i in d.items if i.id] for d in result.corpus.documents}
    for finding in result.findings:
        own = ids.get(finding.path)
        assert (finding.item in own) if own else finding.item is None, finding


# --- suspect links (HB215) and their lock file (HB216) ---------------------------------

PROJECT_KINDS = FIXTURES / "project-kinds"
KIND_OPTIONS = {
    "kinds": {"postmortem": {"schema": "schemas/postmortem.json"}},
    "relations": {
        "breached": {
            "inverse": "breached-in",
            "from": ["postmortem"],
            "to": ["slo"],
            "dependent": "target",
        }
    },
}
UNTRACKED_WRITER = """---
kind: postmortem
title: Checkout was down
status: reviewed
impact-start: 2026-10-01
relates-to: [PM-002]
---
# Checkout was down
"""
CONFIRMED = "ADR-0001 relates-to PM-002"


def confirmed_project(tmp_path: Path) -> Path:
    """A project whose ADR-0001 relates to SLO-001 (never confirmed), to PM-002, a kind that
    declares no meaning (so every field but the id and the relations is its meaning),
    confirmed as it was before its status and start changed, and to PM-009, confirmed but
    gone; an item without an id writes a link to PM-002 first."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT_KINDS / "schemas", root / "schemas")
    shutil.copytree(PROJECT_KINDS / "docs/slos", root / "docs/slos")
    shutil.copytree(PROJECT_KINDS / "docs/postmortems", root / "docs/postmortems")
    (root / "docs/postmortems/pm-001-outage.md").unlink()
    write(
        root / "docs",
        {
            "backlog/no-id.md": UNTRACKED_WRITER,
            "decisions/0001-pool.md": adr(
                "ADR-0001", "Pool connections", extra="relates-to: [SLO-001, PM-002, PM-009]\n"
            ),
        },
    )
    target = next(i for i in suspects_run(root).corpus.items if i.id == "PM-002")
    stamp = stamp_of(target, settings_for_docs(root / "docs", KIND_OPTIONS).relations.keys)
    # PM-009 was confirmed, then removed: its link is not tracked (HB202 reports it).
    lock = render_lock({CONFIRMED: stamp, "ADR-0001 relates-to PM-009": stamp})
    (root / LOCK_FILE).write_text(lock, encoding="utf-8")
    pm = root / "docs/postmortems/pm-002-search.md"
    text = pm.read_text(encoding="utf-8")
    pm.write_text(
        text.replace("status: reviewed", "status: closed").replace("10-02", "10-03"),
        encoding="utf-8",
    )
    return root


def suspects_run(root: Path, **kwargs: Any) -> LintResult:
    settings = dataclasses.replace(settings_for_docs(root / "docs", KIND_OPTIONS), today=TODAY)
    return lint(settings, select=("HB215", "HB216"), **kwargs)


SUSPECT = (
    "docs/decisions/0001-pool.md:7:23-7:29: HB215 relates-to: PM-002 changed since this link "
    "was confirmed (impact-start, status); re-read it, then run "
    "'handbook review ADR-0001 --target PM-002'"
)


def test_a_suspect_link_names_every_part_that_changed_past_links_not_tracked(
    tmp_path: Path,
) -> None:
    root = confirmed_project(tmp_path)
    result = suspects_run(root)
    assert whole(result.findings) == [SUSPECT]
    assert [f.item for f in result.findings] == ["ADR-0001"]


def test_a_revision_s_lock_is_read_instead_of_the_file(tmp_path: Path) -> None:
    root = confirmed_project(tmp_path)
    lock = (root / LOCK_FILE).read_text(encoding="utf-8")
    (root / LOCK_FILE).unlink()
    docs = root / "docs"
    sources = {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")}
    result = suspects_run(root, sources=sources, links_lock=lock)
    assert whole(result.findings) == [SUSPECT]


def test_a_lock_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    root = confirmed_project(tmp_path)
    (root / LOCK_FILE).unlink()
    (root / LOCK_FILE).mkdir()
    result = suspects_run(root)
    assert [(f.rule, f.severity, f.item) for f in result.findings] == [
        ("invalid-links-lock", Severity.ERROR, None)
    ]
    assert whole(result.findings) == [
        f"{LOCK_FILE}:1:1-1:1: HB216 cannot be read: Is a directory; no link is tracked until "
        "it is fixed (or removed and the links confirmed again with 'handbook review --all')"
    ]


def test_a_lock_file_that_is_not_utf_8_says_so(tmp_path: Path) -> None:
    root = confirmed_project(tmp_path)
    (root / LOCK_FILE).write_bytes(b"\xff{}")
    assert whole(suspects_run(root).findings) == [
        f"{LOCK_FILE}:1:1-1:1: HB216 cannot be read: 'utf-8' codec can't decode byte 0xff in "
        "position 0: invalid start byte; no link is tracked until it is fixed (or removed and "
        "the links confirmed again with 'handbook review --all')"
    ]


def test_the_lock_file_is_read_as_utf_8_whatever_the_locale(tmp_path: Path) -> None:
    root = confirmed_project(tmp_path)
    lock = root / LOCK_FILE
    stamps = parse_lock(lock.read_text(encoding="utf-8")).stamps
    lock.write_text(render_lock({**stamps, "ADR-0001 relates-to PM-ÉTÉ": {}}), encoding="utf-8")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        result = suspects_run(root)
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert whole(result.findings) == [SUSPECT]


def test_the_unmitigated_risk_rationale_gives_the_lowest_high_score() -> None:
    # The rationale is written when the module is imported; asked again, the band's
    # minimum is read from the risk schema's levels (low 3, medium 5, high 10, very-high 15).
    assert [unmitigated_risk._lowest_score(level) for level in ("low", "high", "very-high")] == [
        3,
        10,
        15,
    ]
    assert "(10 and above is high)" in unmitigated_risk.RULE.rationale


def test_the_computed_field_rationale_gives_each_risk_scale_s_ends() -> None:
    # Written into the rationale at import; asked again, read from the risk schema.
    assert computed_field_mismatch._scale_ends() == "rare=1 … certain=5, negligible=1 … severe=5"
    assert "rare=1 … certain=5, negligible=1 … severe=5." in computed_field_mismatch.RULE.rationale
