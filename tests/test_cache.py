"""The lint cache under .cache/handbook/: the same findings as a cold run, or no answer at all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook import settings_for_docs
from handbook.cache import CACHE_DIR, cached_lint
from handbook.cli import main
from handbook.finding import Finding
from handbook.lint import lint

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus as corpus_generator


def cold(docs: Path) -> list[Finding]:
    return lint(settings_for_docs(docs)).findings


def warm(docs: Path) -> list[Finding]:
    return cached_lint(settings_for_docs(docs)).findings


def cache_file(docs: Path) -> Path:
    return docs.parent / CACHE_DIR / "lint.json"


@pytest.fixture(scope="module", params=corpus_generator.FLAVORS)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"corpus-{request.param}")
    corpus_generator.generate(120, root, 7, request.param)
    return root / "docs"


def test_warm_runs_find_what_cold_runs_find(generated: Path) -> None:
    expected = cold(generated)
    assert expected, "every flavor carries some findings"
    assert warm(generated) == expected  # fills the cache
    assert cache_file(generated).is_file()
    assert warm(generated) == expected  # answered from it


def test_the_cache_answers_an_unchanged_run(tmp_path: Path) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    expected = warm(docs)
    stored = json.loads(cache_file(docs).read_text(encoding="utf-8"))
    # Nothing changed: the run must not lint again (a lint that ran would not see this).
    stored["payload"]["findings"] = []
    stored["sha256"] = _digest(stored["payload"])
    cache_file(docs).write_text(json.dumps(stored), encoding="utf-8")
    assert warm(docs) == []
    assert expected, "the small handbook has a finding"


def _digest(payload: dict[str, object]) -> str:
    from handbook.cache import _payload_digest

    return _payload_digest(payload)


RISK = "---\nid: RISK-001\ntitle: Disk fills up\nstatus: open\nowner: sre\nlikelihood: 2\nimpact: 3\n---\n# Disk fills up\n"  # noqa: E501
ADR = "---\nid: ADR-0001\ntitle: Use Postgres\nstatus: accepted\ndate: 2024-01-02\n{extra}---\n# Use Postgres\n\n## Context\n\nText.\n\n## Decision\n\nText.\n\n## Consequences\n\nText.\n"  # noqa: E501


def small_handbook(root: Path, extra: str = "") -> Path:
    docs = root / "docs"
    (docs / "risks").mkdir(parents=True, exist_ok=True)
    (docs / "decisions").mkdir(parents=True, exist_ok=True)
    (docs / "risks" / "risk-001.md").write_text(RISK, encoding="utf-8")
    (docs / "decisions" / "0001-use-postgres.md").write_text(
        ADR.format(extra=extra), encoding="utf-8"
    )
    return docs


@pytest.mark.parametrize(
    "edits",
    [
        # a reference appears, then is retargeted to an id that does not exist, then goes
        ["mitigates: [RISK-001]\n", "mitigates: [RISK-404]\n", ""],
        # a dangling reference is fixed, then the target it names is renamed away
        ["mitigates: [RISK-404]\n", "mitigates: [RISK-001]\n", "RENAME"],
    ],
)
def test_edits_that_change_references_both_ways(tmp_path: Path, edits: list[str]) -> None:
    docs = small_handbook(tmp_path)
    assert warm(docs) == cold(docs)
    seen = []
    for extra in edits:
        if extra == "RENAME":
            risk = docs / "risks" / "risk-001.md"
            risk.write_text(RISK.replace("RISK-001", "RISK-002"), encoding="utf-8")
        else:
            adr = docs / "decisions" / "0001-use-postgres.md"
            adr.write_text(ADR.format(extra=extra), encoding="utf-8")
        expected = cold(docs)
        assert warm(docs) == expected
        seen.append(expected)
    assert seen[0] != seen[1], "the edits change the findings"


@pytest.mark.parametrize(
    "damage",
    [
        "",  # empty
        "{",  # truncated
        '{"format": "something-else", "version": 1}',  # foreign
        "[1, 2, 3]",
        "TRUNCATE",
        "TAMPER",
        "BADROW",
        "\x80\x81 not text",
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    expected = cold(docs)
    warm(docs)
    target = cache_file(docs)
    text = target.read_text(encoding="utf-8")
    if damage == "TRUNCATE":
        target.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "TAMPER":  # a changed message without a matching digest
        stored = json.loads(text)
        stored["payload"]["findings"][0][8] = "all is well"
        target.write_text(json.dumps(stored), encoding="utf-8")
    elif damage == "BADROW":  # a matching digest over a row of the wrong shape
        stored = json.loads(text)
        stored["payload"]["findings"][0][1] = "one"
        stored["sha256"] = _digest(stored["payload"])
        target.write_text(json.dumps(stored), encoding="utf-8")
    else:
        target.write_bytes(damage.encode("latin-1"))
    assert warm(docs) == expected
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "handbook-lint-cache"


def test_another_date_or_rule_selection_is_another_key(tmp_path: Path) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    everything = cached_lint(settings_for_docs(docs)).findings
    only = cached_lint(settings_for_docs(docs), select=["HB101"]).findings
    assert only != everything
    assert only == lint(settings_for_docs(docs), select=["HB101"]).findings


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - handbook\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["lint", "--no-cache", "--format", "json", "docs"])
    assert not (tmp_path / CACHE_DIR).exists()
    second = runner.invoke(main, ["lint", "--format", "json", "docs"])
    assert (tmp_path / CACHE_DIR / "lint.json").is_file()
    third = runner.invoke(main, ["lint", "--format", "full", "docs"])
    fourth = runner.invoke(main, ["lint", "--no-cache", "--format", "full", "docs"])
    assert first.exit_code == second.exit_code == third.exit_code == fourth.exit_code == 1
    assert first.output == second.output
    assert third.output == fourth.output
    assert docs.exists()


def test_a_read_only_project_still_lints(tmp_path: Path) -> None:
    docs = small_handbook(tmp_path)
    (tmp_path / ".cache").write_text("a file where the folder would go", encoding="utf-8")
    assert warm(docs) == cold(docs)


def test_a_changed_evidence_file_is_read_again_not_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lint reads the evidence files an experiment lists, outside docs/; the cache must not
    # keep a verdict on numbers that changed.
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - handbook\n", "utf-8")
    (tmp_path / "docs" / "experiments").mkdir(parents=True)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "run.json").write_text('{"p95": 250}', "utf-8")
    (tmp_path / "docs" / "experiments" / "exp-001.md").write_text(
        "---\nkind: experiment\nid: EXP-001\ntitle: Load test\nstatus: passed\nowner: ana\n"
        "experiment-type: load\nresult: pass\ndate: 2026-11-20\n"
        "evidence-files:\n  - {path: results/run.json, format: json, date: 2026-11-20}\n"
        "thresholds:\n  - {metric: latency, key: $.p95, unit: ms, limit: 300ms}\n"
        "---\n# Load test\n\n## Hypothesis\n\nFast.\n\n## Method\n\nk6.\n\n## Results\n\nFine.\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)

    def lint_codes() -> list[str]:
        result = CliRunner().invoke(main, ["lint", "--format", "json", "--today", "2026-11-27"])
        return [d["code"] for d in json.loads(result.output)["diagnostics"]]

    assert lint_codes() == []
    assert lint_codes() == []  # answered from the cache
    (tmp_path / "results" / "run.json").write_text('{"p95": 450}', "utf-8")
    assert lint_codes() == ["HB507"]  # the record claims a pass its numbers now deny
