"""Suspect links (HB215) and ``handbook review``: stamps that ignore formatting, a change of
meaning that makes links suspect, confirmation written as one line of the lock file, a first
adoption that makes nothing suspect, and a shallow clone that finds suspects without history."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main
from handbook.stamps import LOCK_FILE, normalise_body, parse_lock, render_lock

MKDOCS = "site_name: Orders\nplugins:\n  - handbook\n"

RISK = """---
id: RISK-001
title: The database runs out of capacity on sale days
status: open
owner: orders-team
category: capacity-cost
likelihood: likely
impact: moderate
score: 12
treatment: mitigate
identified: 2025-11-01
---
# The database runs out of capacity on sale days

## Statement

Because sale days bring six times the usual traffic, the database may run out of
connections, resulting in failed checkouts.
"""

REFORMATTED = """---
title: "The database runs out of capacity on sale days"
id: 'RISK-001'
impact: moderate
likelihood: "likely"
status: open
score: 12
owner: orders-team
category: capacity-cost
treatment: mitigate
identified: 2025-11-01
---\r
# The database runs out of capacity on sale days   \r
\r
\r
## Statement\r
\r
Because sale days bring six times the usual traffic, the database may run out of  \r
connections, resulting in failed checkouts.\r
\r
"""


def adr(number: int, title: str, extra: str = "") -> str:
    return (
        f"---\nid: ADR-{number:04d}\ntitle: {title}\nstatus: accepted\ndate: 2025-11-02\n"
        f"{extra}---\n# {title}\n\n## Context\n\nSale days are busy.\n\n## Decision\n\n"
        f"We {title.lower()}.\n\n## Consequences\n\nOne more thing to run.\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "orders"
    files = {
        "mkdocs.yml": MKDOCS,
        "docs/risks/risk-001-capacity.md": RISK,
        "docs/decisions/0001-pool-connections.md": adr(
            1, "Pool connections", "mitigates: [RISK-001]\n"
        ),
        "docs/decisions/0002-cache-the-catalogue.md": adr(
            2, "Cache the catalogue", "mitigates:\n  - RISK-001\nrelates-to: [ADR-0001]\n"
        ),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def run(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def suspects(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    result = run(
        root, "lint", "--format", "concise", "--select", "HB215,HB216", monkeypatch=monkeypatch
    )
    return [line for line in result.output.splitlines() if ": HB21" in line]


def risk_file(root: Path) -> Path:
    return root / "docs/risks/risk-001-capacity.md"


def test_no_stamp_means_not_tracked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    risk_file(project).write_text(RISK.replace("impact: moderate", "impact: severe"))
    assert suspects(project, monkeypatch) == []
    assert not (project / LOCK_FILE).exists()


def test_a_change_of_meaning_makes_links_suspect(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adopted = run(project, "review", "--all", monkeypatch=monkeypatch)
    assert adopted.output == "3 links confirmed\nupdated handbook-links.lock\n"
    assert suspects(project, monkeypatch) == []
    risk_file(project).write_text(RISK.replace("impact: moderate", "impact: severe"))
    assert suspects(project, monkeypatch) == [
        "docs/decisions/0001-pool-connections.md:6:13: HB215 [warning] mitigates: RISK-001 "
        "changed since this link was confirmed (impact); re-read it, then run "
        "'handbook review ADR-0001 --target RISK-001'",
        "docs/decisions/0002-cache-the-catalogue.md:7:5: HB215 [warning] mitigates: RISK-001 "
        "changed since this link was confirmed (impact); re-read it, then run "
        "'handbook review ADR-0002 --target RISK-001'",
    ]


def test_formatting_never_makes_a_link_suspect(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, "review", "--all", monkeypatch=monkeypatch)
    risk_file(project).write_bytes(REFORMATTED.encode("utf-8"))
    assert suspects(project, monkeypatch) == []


def test_a_field_outside_the_meaning_changes_nothing_the_body_does(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, "review", "--all", monkeypatch=monkeypatch)
    risk_file(project).write_text(RISK.replace("owner: orders-team", "owner: payments-team"))
    assert suspects(project, monkeypatch) == []
    risk_file(project).write_text(RISK.replace("six times", "ten times"))
    assert all("(body)" in line for line in suspects(project, monkeypatch))
    assert len(suspects(project, monkeypatch)) == 2


def test_review_confirms_one_link_and_keeps_every_other_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, "review", "--all", monkeypatch=monkeypatch)
    before = (project / LOCK_FILE).read_text().splitlines()
    risk_file(project).write_text(RISK.replace("impact: moderate", "impact: severe"))
    result = run(project, "review", "ADR-0001", "--target", "RISK-001", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.output == (
        "1 link confirmed, 1 of them suspect\n"
        "confirmed ADR-0001 mitigates RISK-001 (changed: impact)\n"
        "updated handbook-links.lock\n"
    )
    after = (project / LOCK_FILE).read_text().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [after[i].split(":")[0].strip() for i in changed] == ['"ADR-0001 mitigates RISK-001"']
    assert [line.split(":")[0] for line in suspects(project, monkeypatch)] == [
        "docs/decisions/0002-cache-the-catalogue.md"
    ]
    again = run(project, "review", "ADR-0001", monkeypatch=monkeypatch)
    assert again.output == "1 link confirmed\nnothing to change\n"


def test_review_refuses_what_it_cannot_do(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(project, "review", monkeypatch=monkeypatch).exit_code == 2
    both = run(project, "review", "ADR-0001", "--all", monkeypatch=monkeypatch)
    assert both.exit_code == 2
    unknown = run(project, "review", "ADR-0009", monkeypatch=monkeypatch)
    assert (unknown.exit_code, unknown.output) == (2, "Error: no item has the id ADR-0009\n")
    no_link = run(project, "review", "ADR-0001", "--target", "ADR-0002", monkeypatch=monkeypatch)
    assert no_link.output == "Error: ADR-0001 has no link to ADR-0002\n"
    nothing = run(project, "review", "RISK-001", monkeypatch=monkeypatch)
    assert nothing.output == "Error: RISK-001 writes no link to an item of the handbook\n"
    broken = '{"version": 1, "links": {\n<<<<<<< HEAD\n'
    (project / LOCK_FILE).write_text(broken)
    refused = run(project, "review", "--all", monkeypatch=monkeypatch)
    assert refused.exit_code == 2
    assert refused.output.startswith("Error: handbook-links.lock: not valid JSON")
    assert (project / LOCK_FILE).read_text() == broken
    assert suspects(project, monkeypatch) == [
        "handbook-links.lock:2:1: HB216 [error] not valid JSON: Expecting property name "
        "enclosed in double quotes; no link is tracked until it is fixed (or removed and the "
        "links confirmed again with 'handbook review --all')"
    ]


def test_stamps_of_links_no_longer_written_are_dropped(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, "review", "--all", monkeypatch=monkeypatch)
    path = project / "docs/decisions/0002-cache-the-catalogue.md"
    path.write_text(adr(2, "Cache the catalogue", "mitigates:\n  - RISK-001\n"))
    result = run(project, "review", "--all", monkeypatch=monkeypatch)
    assert "dropped ADR-0002 relates-to ADR-0001 (no longer written)" in result.output
    assert "relates-to" not in (project / LOCK_FILE).read_text()


def test_the_lock_file_reads_back_as_written() -> None:
    stamps = {"B x A": {"status": "1", "body": "2"}, "A y B": {"impact": "3"}}
    text = render_lock(stamps)
    assert parse_lock(text).stamps == stamps
    assert text.index('"A y B"') < text.index('"B x A"')
    assert parse_lock(text).lines == {"A y B": 4, "B x A": 5}
    assert parse_lock('{"version": 2, "links": {}}').problem is not None
    assert parse_lock("").stamps == {} and parse_lock("").problem is None


def test_normalised_bodies() -> None:
    assert normalise_body("\n\n# A  \r\n\r\n\r\ntext\t\n\n") == "# A\n\ntext"


def test_a_shallow_clone_finds_suspects_without_history(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "GIT_AUTHOR_NAME": "ana",
        "GIT_AUTHOR_EMAIL": "ana@example.org",
        "GIT_COMMITTER_NAME": "ana",
        "GIT_COMMITTER_EMAIL": "ana@example.org",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, env=env, capture_output=True)

    git("init", "-q", "-b", "main")
    run(project, "review", "--all", monkeypatch=monkeypatch)
    git("add", "-A")
    git("commit", "-q", "-m", "Adopt suspect links")
    risk_file(project).write_text(RISK.replace("likelihood: likely", "likelihood: certain"))
    git("commit", "-q", "-a", "-m", "Sale days are certain")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)],
        check=True,
        env=env,
        capture_output=True,
    )
    found = suspects(clone, monkeypatch)
    assert len(found) == 2 and all("(likelihood)" in line for line in found)


def test_a_lock_file_laid_out_by_hand_keeps_every_stamp(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    run(project, "review", "--all", monkeypatch=monkeypatch)
    stamps = parse_lock((project / LOCK_FILE).read_text()).stamps
    (project / LOCK_FILE).write_text(json.dumps({"links": stamps, "version": 1}, indent=4))
    result = run(project, "review", "ADR-0001", monkeypatch=monkeypatch)
    assert "was not in its own layout" in result.output
    assert parse_lock((project / LOCK_FILE).read_text()).stamps == stamps
    assert (project / LOCK_FILE).read_text() == render_lock(stamps)
