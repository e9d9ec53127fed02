"""handbook new, status and supersede: what they write, what they keep, what they refuse."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook import lint, settings_for_docs
from handbook.authoring import atomic
from handbook.cli import main

ADR = """\
---
# Decided at the architecture review.
id: ADR-0001
title: 'Keep a read-through cache'   # quoted on purpose
status:   proposed
date: 2026-01-05
tags: [cache, orders]
supersedes:
  - ADR-0000
---
# Keep a read-through cache

## Context

Reads dominate.\x20\x20

## Decision

We keep a cache.

## Consequences

Prices can be stale.
"""

NEW_ADR = ADR.replace("ADR-0001", "ADR-0002").replace("Keep a read-through cache", "Write through")
OLD_ADR = ADR.replace("ADR-0001", "ADR-0000").replace("supersedes:\n  - ADR-0000\n", "")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    write(tmp_path, "0000-old.md", OLD_ADR)
    write(tmp_path, "0001-cache.md", ADR)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDBOOK_OWNER", "ana")
    return tmp_path


def write(project: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = project / "docs" / "decisions" / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_status_changes_only_the_value_and_keeps_its_quoting_and_comments(project: Path) -> None:
    path = project / "docs" / "decisions" / "0001-cache.md"

    code, out, _ = run("status", "ADR-0001", "accepted")

    assert code == 0, out
    assert path.read_text(encoding="utf-8") == ADR.replace(
        "status:   proposed", "status:   accepted"
    )
    assert "ADR-0001: status proposed → accepted" in out


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_supersede_writes_both_sides_and_keeps_every_other_byte(
    project: Path, newline: str
) -> None:
    old = write(project, "0001-cache.md", ADR, newline)
    new = write(
        project,
        "0002-write-through.md",
        NEW_ADR.replace("supersedes:\n  - ADR-0000\n", ""),
        newline,
    )

    code, out, _ = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 0, out
    expected_old = ADR.replace("status:   proposed", "status:   superseded").replace(
        "supersedes:\n  - ADR-0000\n", "supersedes:\n  - ADR-0000\nsuperseded-by: [ADR-0002]\n"
    )
    expected_new = NEW_ADR.replace("supersedes:\n  - ADR-0000\n", "supersedes: [ADR-0001]\n")
    assert old.read_bytes() == expected_old.replace("\n", newline).encode()
    assert new.read_bytes() == expected_new.replace("\n", newline).encode()
    # The result is consistent: no contradiction, no superseded-without-successor.
    result = lint(settings_for_docs(project / "docs"), select=["HB2"])
    assert result.findings == []


def test_supersede_adds_to_an_existing_block_list(project: Path) -> None:
    write(project, "0002-write-through.md", NEW_ADR)

    code, _, _ = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 0
    text = (project / "docs" / "decisions" / "0002-write-through.md").read_text(encoding="utf-8")
    assert "supersedes:\n  - ADR-0000\n  - ADR-0001\n" in text


def test_running_twice_changes_nothing_the_second_time(project: Path) -> None:
    write(project, "0002-write-through.md", NEW_ADR)
    assert run("supersede", "ADR-0001", "ADR-0002")[0] == 0
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*.md")}

    code, out, _ = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 0 and "nothing to change" in out
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*.md")} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "ADR-0001", "aproved"), "'aproved' is not a status of kind 'adr'"),
        (("status", "ADR-0099", "accepted"), "no item has the id ADR-0099"),
        (
            ("status", "ADR-0001", "acepted"),
            "'acepted' is not a status of kind 'adr' (did you mean 'accepted'?); use one of:",
        ),
        (("supersede", "ADR-0001", "ADR-0001"), "cannot supersede itself"),
        # Swapped: ADR-0001 already supersedes ADR-0000; the reverse would be a cycle.
        (
            ("supersede", "ADR-0001", "ADR-0000"),
            "ADR-0000 cannot supersede ADR-0001: ADR-0001 supersedes ADR-0000 already, so this "
            "would make a supersedes cycle (the order is: handbook supersede OLD NEW)",
        ),
        (("supersede", "--dry-run", "ADR-0001", "ADR-0000"), "would make a supersedes cycle"),
    ],
)
def test_refusals_write_nothing_and_say_why_in_one_line(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*.md")}

    code, _, err = run(*args)

    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*.md")} == before


def test_an_interrupted_supersede_leaves_both_files_old(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, "0002-write-through.md", NEW_ADR)
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*.md")}
    real_fsync = os.fsync
    calls = []

    def failing_fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 2:  # the second staged file: the disk is full
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)

    code, _, err = run("supersede", "ADR-0001", "ADR-0002")

    assert code == 1 and "nothing was changed" in err
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*.md")} == before
    assert not [p for p in (project / "docs").rglob("*") if p.name.endswith(".tmp")]


def test_new_writes_the_next_id_and_never_overwrites(project: Path) -> None:
    code, out, _ = run("new", "adr", "Use Postgres for orders", "--today", "2026-11-27")

    assert code == 0
    path = project / out.strip()
    assert path == project / "docs" / "decisions" / "0002-use-postgres-for-orders.md"
    text = path.read_text(encoding="utf-8")
    assert "id: ADR-0002\n" in text and "date: 2026-11-27\n" in text
    assert "decision-makers: [ana]\n" in text

    # A file already at the path the next `new` picks (its own id is not a number the
    # handbook counts): refused, and the author's words are untouched.
    taken = project / "docs" / "decisions" / "0003-use-postgres-for-orders.md"
    taken.write_text("---\nid: DRAFT-1\n---\nmy own words\n", encoding="utf-8")
    code, _, err = run("new", "adr", "Use Postgres for orders")
    assert code == 1 and "already exists" in err
    assert taken.read_text(encoding="utf-8") == "---\nid: DRAFT-1\n---\nmy own words\n"


def test_two_branches_adding_the_next_adr_give_a_duplicate_id(
    project: Path, tmp_path: Path
) -> None:
    # Both branches start from the same main, and each adds "the next" decision.
    branches = []
    for name, title in (("left", "Use Kafka"), ("right", "Use NATS")):
        branch = tmp_path / name
        shutil.copytree(project, branch)
        os.chdir(branch)
        code, out, _ = run("new", "adr", title)
        assert code == 0
        branches.append(branch / out.strip())
    os.chdir(project)
    for file in branches:  # git merges them: different file names, no conflict
        shutil.copy(file, project / "docs" / "decisions" / file.name)

    result = lint(settings_for_docs(project / "docs"), select=["duplicate-id"])

    assert sorted((f.path, f.code) for f in result.findings) == [
        ("docs/decisions/0002-use-kafka.md", "HB201"),
        ("docs/decisions/0002-use-nats.md", "HB201"),
    ]


# -- written for the mutants the tests above let live (contributing.md, "Mutation testing") --


def test_each_change_is_noted_in_one_line(project: Path) -> None:
    write(project, "0002-write-through.md", NEW_ADR.replace("status:   proposed\n", ""))
    write(project, "0003-later.md", NEW_ADR.replace("ADR-0002", "ADR-0003"))

    assert run("status", "ADR-0001", "proposed")[1] == (
        "ADR-0001: status is already proposed\nnothing to change\n"
    )
    code, out, _ = run("supersede", "ADR-0002", "ADR-0003")
    assert code == 0
    assert out.splitlines()[:3] == [
        "ADR-0003: supersedes += ADR-0002",
        "ADR-0002: superseded-by += ADR-0003",
        "ADR-0002: status (none) → superseded",
    ]
    write(
        project,
        "0004-none.md",
        NEW_ADR.replace("ADR-0002", "ADR-0004").replace("status:   proposed\n", ""),
    )
    assert run("status", "ADR-0004", "accepted")[1].splitlines()[0] == (
        "ADR-0004: status (none) → accepted"
    )


def test_superseding_an_item_already_superseded_leaves_its_status(project: Path) -> None:
    write(project, "0002-write-through.md", NEW_ADR)
    write(project, "0003-later.md", NEW_ADR.replace("ADR-0002", "ADR-0003"))
    assert run("supersede", "ADR-0001", "ADR-0002")[0] == 0

    code, out, _ = run("supersede", "ADR-0001", "ADR-0003")

    assert code == 0
    assert out.splitlines()[:2] == [
        "ADR-0003: supersedes += ADR-0001",
        "ADR-0001: superseded-by += ADR-0003",
    ]
    assert "status" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("supersede", "ADR-0001", "ADR-0001"), "an item cannot supersede itself"),
        (
            ("status", "ADR-0001", "aproved"),
            "'aproved' is not a status of kind 'adr' (did you mean 'proposed'?); use one of: "
            "draft, proposed, accepted, rejected, deprecated, superseded",
        ),
    ],
)
def test_refusals_are_worded_exactly(project: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert err.strip().splitlines()[-1].endswith(message), err


def test_an_id_defined_twice_is_refused_naming_both_files(project: Path) -> None:
    write(project, "0009-copy.md", ADR)

    code, _, err = run("status", "ADR-0001", "accepted")

    assert code == 2
    assert err.strip().endswith(
        "ADR-0001 is defined more than once (docs/decisions/0001-cache.md, "
        "docs/decisions/0009-copy.md); fix that first"
    ), err


def test_a_cycle_through_a_successor_written_on_the_old_side_is_refused(project: Path) -> None:
    # ADR-0000 says it is superseded by ADR-0003; ADR-0003 superseding ADR-0000's successor
    # chain back would close a cycle even though ADR-0003 lists nothing itself.
    write(project, "0000-old.md", OLD_ADR.replace("tags:", "superseded-by: [ADR-0003]\ntags:"))
    write(
        project,
        "0003-later.md",
        NEW_ADR.replace("ADR-0002", "ADR-0003").replace("supersedes:\n  - ADR-0000\n", ""),
    )
    write(project, "0004-none.md", "---\ntitle: no id\n---\n# No id\n")

    code, _, err = run("supersede", "ADR-0003", "ADR-0000")

    assert code == 2
    assert "ADR-0000 cannot supersede ADR-0003: ADR-0003 supersedes ADR-0000 already" in err, err


def test_a_cycle_two_steps_long_past_a_shared_successor_is_found(project: Path) -> None:
    def adr_with(number: int, supersedes: list[int]) -> str:
        listed = ", ".join(f"ADR-{n:04d}" for n in supersedes)
        return NEW_ADR.replace("ADR-0002", f"ADR-{number:04d}").replace(
            "supersedes:\n  - ADR-0000\n", f"supersedes: [{listed}]\n"
        )

    write(project, "0010-a.md", adr_with(10, [11, 12]))
    write(project, "0011-b.md", adr_with(11, [13]))
    write(project, "0012-c.md", adr_with(12, [13, 14]))
    write(project, "0013-d.md", adr_with(13, []))
    write(project, "0014-e.md", adr_with(14, []))

    code, _, err = run("supersede", "ADR-0010", "ADR-0014")

    assert code == 2
    assert (
        "ADR-0014 cannot supersede ADR-0010: ADR-0010 supersedes ADR-0012 supersedes "
        "ADR-0014 already" in err
    ), err


def test_a_file_that_cannot_be_edited_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor

    def refuse(_self: FrontmatterEditor) -> None:
        raise EditError("the edit would change more")

    monkeypatch.setattr(FrontmatterEditor, "check", refuse)
    code, _, err = run("status", "ADR-0001", "accepted")
    assert code == 2
    assert err.strip().endswith("docs/decisions/0001-cache.md: the edit would change more"), err


def test_a_kind_the_relation_does_not_allow_is_refused_naming_both_ends(project: Path) -> None:
    """supersedes goes from adr to adr: an ADR cannot supersede a risk, though an ADR may be
    a source (the refusal needs either end wrong, not both), and nothing is written."""
    risk = (
        "---\nkind: risk\nid: RISK-001\ntitle: Stale prices\nstatus: open\nowner: ana\n"
        "likelihood: low\nimpact: low\n---\n# Stale prices\n"
    )
    path = write(project, "risk-001.md", risk)
    code, _, err = run("supersede", "RISK-001", "ADR-0001")
    assert code == 2
    assert (
        err.strip()
        .splitlines()[-1]
        .endswith("kind 'adr' cannot supersede kind 'risk' (supersedes goes from adr to adr)")
    ), err
    assert path.read_text(encoding="utf-8") == risk
