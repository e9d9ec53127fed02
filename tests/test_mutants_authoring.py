"""The atomic writer, the frontmatter editor and status and supersede, asserted where the
other tests let mutants live (docs/guide/contributing.md, "Mutation testing")."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook import settings_for_docs
from handbook.authoring import atomic
from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor
from handbook.authoring.lifecycle import LifecycleError, supersede
from handbook.cli import main
from handbook.load import load_corpus
from handbook.parse.yaml_tree import PathPart
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


def test_a_cycle_is_found_past_an_item_without_an_id(project: Path) -> None:
    """An item with no id yet (read first: its file sorts first) is skipped, not the end of
    reading the supersessions."""
    (project / "docs" / "aaa.md").write_text(
        "---\nkind: risk\ntitle: No id yet\nstatus: open\n---\n# No id yet\n", "utf-8"
    )
    assert run("supersede", "ADR-0000", "ADR-0001")[0] == 0
    before = [p.read_bytes() for p in sorted((project / "docs").rglob("*.md"))]

    code, _, err = run("supersede", "ADR-0001", "ADR-0000")

    assert code == 2
    assert err.strip().splitlines()[-1] == (
        "Error: ADR-0000 cannot supersede ADR-0001: ADR-0001 supersedes ADR-0000 already, so "
        "this would make a supersedes cycle (the order is: handbook supersede OLD NEW)"
    ), err
    assert [p.read_bytes() for p in sorted((project / "docs").rglob("*.md"))] == before


def test_a_document_without_frontmatter_is_named_with_the_reason(project: Path) -> None:
    """An ADR read from its body alone has an id and a status, but no frontmatter to edit."""
    text = (
        "# 5. Use a queue\n\nDate: 2026-01-05\n\n## Status\n\nProposed\n\n"
        "## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n"
    )
    path = project / "docs" / "decisions" / "0005-use-a-queue.md"
    path.write_text(text, "utf-8")

    code, _, err = run("status", "ADR-0005", "accepted")

    assert code == 2
    assert err.strip().splitlines()[-1] == (
        "Error: docs/decisions/0005-use-a-queue.md: the file has no frontmatter to edit"
    ), err
    assert path.read_text("utf-8") == text


# -- frontmatter_edit: splices ---------------------------------------------------------------

ADD = ("add_to_list", [], "supersedes", "c")
SET = ("set_scalar", [], "status", "done")

SPLICES: list[tuple[str, tuple[str, list[PathPart], str, str], str]] = [
    # The line an entry starts on is found back from the entry: the last CR before it.
    (
        "---\rid: X\rsupersedes:\r  - a\r---\r",
        ADD,
        "---\rid: X\rsupersedes:\r  - a\r  - c\r---\r",
    ),
    # The entry added ends as the line it follows, not as the file's first line.
    (
        "---\r\nsupersedes:\n  - a\ntags: x\n---\n",
        ADD,
        "---\r\nsupersedes:\n  - a\n  - c\ntags: x\n---\n",
    ),
    # A no-break space is no YAML white space: it is an entry, and a comma follows it.
    ("---\nsupersedes: [a,\xa0]\n---\n", ADD, "---\nsupersedes: [a,\xa0, c]\n---\n"),
    ("---\n{id: 1,\xa0}\n---\n", SET, "---\n{id: 1,\xa0, status: done}\n---\n"),
    # A comma and blanks before the brace: one more blank, no second comma.
    ("---\n{id: X, }\n---\n", SET, "---\n{id: X,  status: done}\n---\n"),
    ("---\n{id: 1, X}\n---\n", SET, "---\n{id: 1, X, status: done}\n---\n"),
    # The node tree answers the deepest mapping it finds (a); the data says b is missing.
    (
        "---\na:\n  x: 1\n---\n",
        ("set_scalar", ["a", "b"], "status", "done"),
        "a.b is not in the frontmatter",
    ),
    (
        "---\na:\n  x: 1\n---\n",
        ("add_to_list", ["a", "b"], "supersedes", "c"),
        "a.b is not in the frontmatter",
    ),
    # A double-quoted value stays double-quoted, even when it could be plain.
    ('---\nstatus: "a"\n---\n', SET, '---\nstatus: "done"\n---\n'),
    # The anchor used elsewhere is found past another (the nodes are walked from the last).
    (
        "---\nstatus: &t b\nz: *t\nx: &s a\ny: *s\n---\n",
        SET,
        "'status' is anchored (&t) and used elsewhere; changing it would change those too, "
        "so edit it by hand",
    ),
    # After a NEL (a line break to PyYAML) no comma is seen: the result does not read back.
    (
        "---\nsupersedes: [a,\x85]\n---\n",
        ADD,
        "frontmatter is not valid YAML: did not find expected node content (while parsing a "
        "flow node that starts here)",
    ),
    # PyYAML breaks a line at NEL: that entry is not on its dash's line.
    (
        "---\nsupersedes:\n  -\x85    a\n---\n",
        ADD,
        "the entries of 'supersedes' are not one per line",
    ),
]


@pytest.mark.parametrize(("text", "edit", "expected"), SPLICES)
def test_each_splice_is_exact_or_refused_with_its_reason(
    text: str, edit: tuple[str, list[PathPart], str, str], expected: str
) -> None:
    """``expected``: the new file, or the refusal's words."""
    method, path, key, value = edit
    try:
        editor = FrontmatterEditor(text.encode("utf-8"))
        getattr(editor, method)(path, key, value)
        editor.check()
    except EditError as error:
        assert str(error) == expected
        return
    assert editor.result().decode("utf-8") == expected


# -- atomic: owner, group and mode ----------------------------------------------------------


def test_a_replaced_file_keeps_its_set_id_bits_whoever_owns_it(tmp_path: Path) -> None:
    """A chown clears the set-user-ID and set-group-ID bits: the mode is set after it, for a
    file of ours as for one of another owner."""
    if os.geteuid() != 0:
        pytest.skip("only root may give a file away")
    mine, theirs = tmp_path / "a.md", tmp_path / "b.md"
    for path in (mine, theirs):
        path.write_bytes(b"old")
    os.chown(theirs, 4321, 4321)
    for path in (mine, theirs):
        path.chmod(0o6755)

    atomic.commit({mine: b"new", theirs: b"new"})

    assert [stat.S_IMODE(p.stat().st_mode) for p in (mine, theirs)] == [0o6755, 0o6755]
    assert [(p.stat().st_uid, p.stat().st_gid) for p in (mine, theirs)] == [
        (os.geteuid(), os.getegid()),
        (4321, 4321),
    ]
    assert mine.read_bytes() == theirs.read_bytes() == b"new"


def test_a_replaced_file_keeps_its_group_in_a_set_group_id_folder(tmp_path: Path) -> None:
    """A new file in a set-group-ID folder takes the folder's group; the staged copy of a
    file of ours with our own group is given that group back."""
    if os.geteuid() != 0:
        pytest.skip("only root may give a file away")
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chown(folder, os.geteuid(), 4321)
    folder.chmod(0o2775)
    path = folder / "a.md"
    path.write_bytes(b"old")
    os.chown(path, os.geteuid(), os.getegid())

    atomic.commit({path: b"new"})

    assert (path.stat().st_uid, path.stat().st_gid) == (os.geteuid(), os.getegid())
    assert path.read_bytes() == b"new"


def test_a_create_refused_for_one_file_makes_no_folder_for_another(tmp_path: Path) -> None:
    """Every target is checked before anything is staged: not even a new file's folder is
    made when another target exists."""
    existing = tmp_path / "a.md"
    existing.write_bytes(b"mine")
    new = tmp_path / "new" / "b.md"

    with pytest.raises(atomic.FileExists) as caught:
        atomic.commit({new: b"new", existing: b"new"}, create=True)

    assert caught.value.path == existing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    assert existing.read_bytes() == b"mine"
