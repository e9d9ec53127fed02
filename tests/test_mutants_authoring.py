"""The atomic writer, the frontmatter editor and status and supersede, asserted where the
other tests let mutants live (docs/guide/contributing.md, "Mutation testing")."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook import settings_for_docs
from handbook.authoring.lifecycle import LifecycleError, supersede
from handbook.cli import main
from handbook.load import load_corpus
from handbook.relations import RelationRegistry

ADR = """\
---
id: {id}
title: {title}
status: proposed
date: 2026-01-05
---
# {title}

## Context

Reads dominate.

## Decision

We keep a cache.

## Consequences

Prices can be stale.
"""

RISK = (
    "---\nkind: risk\nid: RISK-001\ntitle: Stale prices\nstatus: open\nowner: ana\n"
    "likelihood: low\nimpact: low\n---\n# Stale prices\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    decisions = tmp_path / "docs" / "decisions"
    decisions.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    (decisions / "0000-old.md").write_text(ADR.format(id="ADR-0000", title="Old"), "utf-8")
    (decisions / "0001-new.md").write_text(ADR.format(id="ADR-0001", title="New"), "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- lifecycle -------------------------------------------------------------------------------


def test_supersede_without_a_supersedes_relation_is_refused_in_words(project: Path) -> None:
    """A project cannot drop a built-in relation from mkdocs.yml, but a caller of the API
    can hand in relations without one."""
    settings = settings_for_docs(project / "docs")
    kept = {k: r for k, r in settings.relations.relations.items() if k != "supersedes"}
    settings = dataclasses.replace(settings, relations=RelationRegistry(kept))

    with pytest.raises(LifecycleError) as caught:
        supersede(settings, load_corpus(settings), "ADR-0000", "ADR-0001")

    assert str(caught.value) == "no 'supersedes' relation is defined"


def test_the_kind_refusal_lists_every_kind_at_each_end_sorted(project: Path) -> None:
    """A project's own supersedes with two kinds at each end: the refusal names them all,
    each list sorted and joined by a comma."""
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - handbook:\n      relations:\n"
        "        supersedes:\n          inverse: superseded-by\n"
        "          from: [runbook, adr]\n          to: [runbook, adr]\n",
        encoding="utf-8",
    )
    risk = project / "docs" / "decisions" / "risk-001.md"
    risk.write_text(RISK, "utf-8")

    code, _, err = run("supersede", "RISK-001", "ADR-0001")

    assert code == 2
    assert err.strip().splitlines()[-1] == (
        "Error: kind 'adr' cannot supersede kind 'risk' "
        "(supersedes goes from adr, runbook to adr, runbook)"
    ), err
    assert risk.read_text("utf-8") == RISK
