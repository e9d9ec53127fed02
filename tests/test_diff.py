"""``handbook diff`` on real git repositories: commits, branches, a merge, a rename, a
deleted item, a shallow clone, and the error cases (one line, exit 2, no traceback)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from handbook.cli import main
from handbook.diff.compare import fingerprint
from handbook.finding import Finding, Severity

MKDOCS = "site_name: Orders\nplugins:\n  - handbook\n"

RISK = """---
id: RISK-001
title: The database runs out of capacity on sale days
status: open
owner: orders-team
category: capacity-cost
likelihood: likely
impact: {impact}
score: {score}
treatment: mitigate
identified: 2025-11-01
---
# The database runs out of capacity on sale days

## Statement

Because sale days bring six times the usual traffic, the database may run out of
connections, resulting in failed checkouts.
"""


def adr(number: int, title: str, extra: str = "") -> str:
    return (
        f"---\nid: ADR-{number:04d}\ntitle: {title}\nstatus: accepted\ndate: 2025-11-02\n"
        f"{extra}---\n# {title}\n\n## Context\n\nSale days are busy.\n\n## Decision\n\n"
        f"We {title.lower()}.\n\n## Consequences\n\nOne more thing to run.\n"
    )


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "ana",
            "GIT_AUTHOR_EMAIL": "ana@example.org",
            "GIT_COMMITTER_NAME": "ana",
            "GIT_COMMITTER_EMAIL": "ana@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )
    return done.stdout


def write(repo: Path, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        path = repo / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A handbook on ``main``: a risk, two decisions that mitigate it."""
    root = tmp_path / "orders"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(
        root,
        {
            "mkdocs.yml": MKDOCS,
            "docs/risks/risk-001-capacity.md": RISK.format(impact="moderate", score=12),
            "docs/decisions/0001-pool-connections.md": adr(
                1, "Pool connections", "mitigates: [RISK-001]\n"
            ),
            "docs/decisions/0002-cache-the-catalogue.md": adr(
                2, "Cache the catalogue", "mitigates: [RISK-001]\n"
            ),
            "docs/decisions/0005-retry-payments.md": adr(5, "Retry payments"),
        },
    )
    commit(root, "The handbook")
    return root


def run(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(repo)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def report(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    result = run(repo, "diff", *args, "--format", "json", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def changed(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    found = [i for i in data["items"]["changed"] if i["id"] == item_id]
    assert found, f"{item_id} not among the changed items"
    return found[0]


def test_a_branch_against_its_merge_base(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    git(
        repo,
        "mv",
        "docs/decisions/0001-pool-connections.md",
        "docs/decisions/0001-pool-database-connections.md",
    )
    write(
        repo,
        {
            "docs/risks/risk-001-capacity.md": RISK.format(impact="severe", score=20),
            "docs/decisions/0002-cache-the-catalogue.md": adr(2, "Cache the catalogue"),
            "docs/decisions/0005-retry-payments.md": None,
            "docs/decisions/0003-add-a-read-replica.md": adr(
                3, "Add a read replica", "mitigates: [RISK-001]\n"
            ),
        },
    )
    commit(repo, "Sale days are worse than we thought")
    data = report(repo, monkeypatch=monkeypatch)  # base: merge base with main; head: work tree
    assert data["head"] == "working tree"
    assert data["base"].startswith("merge base with main")
    risk = changed(data, "RISK-001")
    assert {c["field"]: (c["before"], c["after"]) for c in risk["changes"]} == {
        "impact": ("moderate", "severe"),
        "score": (12, 20),
    }
    assert risk["heat"]["direction"] == "up"
    assert risk["heat"]["before"]["level"] == "high"
    assert risk["heat"]["after"]["level"] == "critical"
    renamed = changed(data, "ADR-0001")
    assert renamed["renamed_from"] == "docs/decisions/0001-pool-connections.md"
    assert renamed["changes"] == []
    assert [i["id"] for i in data["items"]["added"]] == ["ADR-0003"]
    assert [i["id"] for i in data["items"]["removed"]] == ["ADR-0005"]
    assert data["relations"]["added"] == [
        {"source": "ADR-0003", "relation": "mitigates", "target": "RISK-001"}
    ]
    assert data["relations"]["removed"] == [
        {"source": "ADR-0002", "relation": "mitigates", "target": "RISK-001"}
    ]
    assert data["impact_changed"] == [{"id": "ADR-0002", "added": [], "removed": ["RISK-001"]}]


def test_revisions_are_read_from_git_objects_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"docs/risks/risk-001-capacity.md": RISK.format(impact="major", score=16)})
    commit(repo, "Major")
    write(repo, {"docs/risks/risk-001-capacity.md": RISK.format(impact="minor", score=8)})
    status, head = git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD")
    data = report(repo, "main", "feature", monkeypatch=monkeypatch)
    impact = [c for c in changed(data, "RISK-001")["changes"] if c["field"] == "impact"]
    assert impact[0]["after"] == "major"  # the commit, not the unsaved work tree
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "HEAD") == head
    assert "impact: minor" in (repo / "docs/risks/risk-001-capacity.md").read_text()


def test_a_merge_of_main_is_not_the_branchs_change(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"docs/decisions/0003-add-a-read-replica.md": adr(3, "Add a read replica")})
    commit(repo, "A replica")
    git(repo, "checkout", "-q", "main")
    write(repo, {"docs/decisions/0004-shard-orders.md": adr(4, "Shard orders")})
    commit(repo, "Shard")
    git(repo, "checkout", "-q", "feature")
    git(repo, "merge", "-q", "--no-edit", "main")
    data = report(repo, monkeypatch=monkeypatch)
    assert [i["id"] for i in data["items"]["added"]] == ["ADR-0003"]


def test_items_without_an_id_follow_a_rename(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runbook = (
        "---\nkind: runbook\ntitle: Fail over the database\nstatus: active\n"
        "owner: orders-team\n---\n# Fail over the database\n\n" + "Steps to follow.\n" * 30
    )
    write(repo, {"docs/notes/fail-over.md": runbook})
    commit(repo, "A runbook without an id")
    git(repo, "mv", "docs/notes/fail-over.md", "docs/notes/fail-over-the-database.md")
    commit(repo, "Rename it")
    data = report(repo, "HEAD~1", "HEAD", monkeypatch=monkeypatch)
    assert data["items"]["added"] == [] and data["items"]["removed"] == []
    assert changed(data, None)["renamed_from"] == "docs/notes/fail-over.md"  # type: ignore[arg-type]


def test_findings_introduced_and_fixed_and_fail_on(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        repo,
        {
            "docs/decisions/0002-cache-the-catalogue.md": adr(
                2, "Cache the catalogue", "mitigates: [RISK-009]\n"
            )
        },
    )
    data = report(repo, "main", monkeypatch=monkeypatch)
    introduced = data["findings"]["introduced"]
    assert [f["code"] for f in introduced] == ["HB202"]
    assert run(repo, "diff", "main", monkeypatch=monkeypatch).exit_code == 0
    failing = run(repo, "diff", "main", "--fail-on", "new-findings", monkeypatch=monkeypatch)
    assert failing.exit_code == 1
    commit(repo, "Dangling")
    write(repo, {"docs/decisions/0002-cache-the-catalogue.md": adr(2, "Cache the catalogue")})
    fixed = report(repo, "HEAD", monkeypatch=monkeypatch)["findings"]
    assert "HB202" in {f["code"] for f in fixed["fixed"]} and fixed["introduced"] == []


def test_a_finding_that_only_moves_is_neither_introduced_nor_fixed() -> None:
    def at(line: int) -> Finding:
        return Finding(
            "docs/a.md",
            line,
            1,
            line,
            4,
            "HB201",
            "duplicate-id",
            Severity.ERROR,
            f"ADR-0001 is also defined at line {line + 3}",
            "ADR-0001",
        )

    assert fingerprint(at(3)) == fingerprint(at(9))


def test_a_gate_regression(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        repo,
        {
            "docs/risks/risk-001-capacity.md": RISK.format(impact="moderate", score=12).replace(
                "owner: orders-team\n", ""
            )
        },
    )
    data = report(repo, "main", monkeypatch=monkeypatch)
    assert "understand" in data["gate_regressions"]
    understand = next(g for g in data["gates"] if g["phase"] == "understand")
    assert {"id": "risks-owned", "before": True, "after": False} in understand["conditions"]
    result = run(repo, "diff", "main", "--fail-on", "gate-regression", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    markdown = run(repo, "diff", "main", "--format", "markdown", monkeypatch=monkeypatch)
    assert "Gate regression: **understand**" in markdown.output
    assert "| 1 understand | met | not met | risks-valid pass→fail, risks-owned pass→fail |" in (
        markdown.output
    )


def test_a_side_that_does_not_parse_gives_findings(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, {"docs/risks/risk-001-capacity.md": "---\nid: RISK-001\ntitle: [unclosed\n---\n"})
    commit(repo, "Broken")
    write(repo, {"docs/risks/risk-001-capacity.md": RISK.format(impact="moderate", score=12)})
    data = report(repo, "HEAD", monkeypatch=monkeypatch)
    assert "HB100" in {f["code"] for f in data["findings"]["fixed"]}


def test_the_default_base_is_origin_head_in_a_shallow_clone(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    write(clone, {"docs/risks/risk-001-capacity.md": RISK.format(impact="severe", score=20)})
    data = report(clone, monkeypatch=monkeypatch)
    assert data["base"].startswith("merge base with origin/main")
    assert changed(data, "RISK-001")["heat"]["direction"] == "up"
    missing = run(clone, "diff", "HEAD~1", monkeypatch=monkeypatch)
    assert missing.exit_code == 2
    assert missing.output.strip() == "Error: unknown revision 'HEAD~1'"


def test_errors_are_one_line_and_exit_2(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = run(repo, "diff", "no-such-branch", monkeypatch=monkeypatch)
    assert (unknown.exit_code, unknown.output) == (2, "Error: unknown revision 'no-such-branch'\n")
    option = run(repo, "diff", "--", "--output=x", monkeypatch=monkeypatch)
    assert option.exit_code == 2 and "unknown revision" in option.output
    plain = tmp_path / "plain"
    write(plain, {"mkdocs.yml": MKDOCS, "docs/decisions/0001-a.md": adr(1, "Use a")})
    outside = run(plain, "diff", monkeypatch=monkeypatch)
    assert outside.exit_code == 2
    assert outside.output == f"Error: not a git repository: {plain.resolve()}\n"
    git(repo, "branch", "-q", "-m", "main", "trunk")
    no_default = run(repo, "diff", monkeypatch=monkeypatch)
    assert no_default.exit_code == 2 and "no default branch" in no_default.output


def test_no_change_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(repo, "diff", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "No change to the handbook" in result.output


def test_markdown_shows_what_an_author_wrote_as_text(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Pool ![x](https://t.example/p.png) [connections](javascript:alert(1)) <b>|"
    write(
        repo,
        {"docs/decisions/0006-pool.md": adr(6, "Pool").replace("title: Pool", f"title: '{title}'")},
    )
    result = run(repo, "diff", "main", "--format", "markdown", monkeypatch=monkeypatch)
    assert "ADR-0006 Pool \\!\\[x\\]\\(https://t.example/p.png\\)" in result.output
    assert "](" not in result.output.replace("\\](", "") and "<b>" not in result.output
