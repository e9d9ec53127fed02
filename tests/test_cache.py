"""The lint cache under .cache/handbook/: the same findings as a cold run, or no answer at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handbook import settings_for_docs
from handbook.cache import CACHE_DIR, ENTRIES_AT_ONCE, _payload_parts, cached_lint
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
    stored, payload = read_cache(docs)
    # Nothing changed: the run must not lint again (a lint that ran would not see this).
    payload["findings"] = []
    write_cache(docs, stored, payload)
    assert warm(docs) == []
    assert expected, "the small handbook has a finding"


def read_cache(docs: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cache file's envelope (its last line) and its payload (what comes before)."""
    body, tail = cache_file(docs).read_bytes().rsplit(b"\n", 1)
    return json.loads(tail), json.loads(body)


def write_cache(
    docs: Path, stored: dict[str, Any], payload: dict[str, Any], digest: bool = True
) -> None:
    """Write ``payload`` back, with a matching digest unless ``digest`` is false."""
    write_raw_cache(docs, stored, json.dumps(payload).encode(), digest)


def write_raw_cache(docs: Path, stored: dict[str, Any], body: bytes, digest: bool = True) -> None:
    from handbook.cache import _payload_digest

    if digest:
        stored["sha256"] = _payload_digest(body)
    cache_file(docs).write_bytes(body + b"\n" + json.dumps(stored).encode())


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


@pytest.mark.usefixtures("per_file")
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
        "BADENTRY",
        "PAYLOAD",
        "NO-PAYLOAD",
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
        stored, payload = read_cache(docs)
        payload["findings"][0][8] = "all is well"
        write_cache(docs, stored, payload, digest=False)
    elif damage == "BADROW":  # a matching digest over a row of the wrong shape
        stored, payload = read_cache(docs)
        payload["findings"][0][1] = "one"
        write_cache(docs, stored, payload)
    elif damage == "BADENTRY":  # a matching digest over a file's entry of the wrong shape
        stored, payload = read_cache(docs)
        payload["entries"]["risks/risk-001.md"][4] = None
        write_cache(docs, stored, payload)
    elif damage == "PAYLOAD":  # a payload that is not JSON, with a matching digest
        stored, _payload = read_cache(docs)
        write_raw_cache(docs, stored, b"{not json")
    elif damage == "NO-PAYLOAD":  # the envelope alone, its digest that of nothing
        stored, _payload = read_cache(docs)
        write_raw_cache(docs, stored, b"")
        target.write_bytes(target.read_bytes().lstrip(b"\n"))
    else:
        target.write_bytes(damage.encode("latin-1"))
    assert warm(docs) == expected
    assert read_cache(docs)[0]["format"] == "handbook-lint-cache"


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


# -- the per-file cache: files read again, the rest kept ----------------------------------------


def edit_bodies(docs: Path, count: int, text: str) -> list[Path]:
    """Append ``text`` to the bodies of ``count`` documents with frontmatter, spread over
    the corpus (their interfaces stay as they were)."""
    candidates = sorted(p for p in docs.rglob("*.md") if p.read_text("utf-8").startswith("---\n"))
    chosen = candidates[:: max(1, len(candidates) // count)][:count]
    for path in chosen:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    return chosen


def no_cold_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a cold lint through the cache fail: the run must be answered per file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache linted every file again")

    monkeypatch.setattr("handbook.cache.lint", refuse)


def test_body_edits_read_again_only_the_edited_files(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm(generated)  # fills the cache
    # Placeholders appear in some bodies (HB303), then the bodies are edited back.
    edited = edit_bodies(generated, 3, "\nTODO: write this part.\n\n## Notes\n")
    expected = cold(generated)
    with monkeypatch.context() as patched:
        no_cold_run(patched)
        assert warm(generated) == expected
    for path in edited:
        text = path.read_text("utf-8")
        path.write_text(text.replace("\nTODO: write this part.\n\n## Notes\n", ""), "utf-8")
    expected = cold(generated)
    with monkeypatch.context() as patched:
        no_cold_run(patched)
        assert warm(generated) == expected


def test_the_rules_kept_per_file_are_decided_by_the_file_alone(generated: Path) -> None:
    # What makes the per-file cache right: the findings of every rule it runs again on the
    # changed files alone are, file by file, those of a run over the whole corpus.
    from handbook.cache import local_rule
    from handbook.discover import discover
    from handbook.lint import lint_documents
    from handbook.load import load_files

    settings = settings_for_docs(generated)
    whole = [f for f in lint(settings, select=[]).findings if _is_local(f.code, local_rule)]
    listing = discover(settings.docs_dir, settings.exclude)
    alone: list[Finding] = []
    for file in listing:
        corpus = load_files(settings, [file], listing)
        alone += lint_documents(settings, corpus, None, (), (), local_rule).findings
    assert whole, "the local rules find something in every flavor"
    assert sorted(alone, key=lambda f: f.sort_key) == whole


def _is_local(code: str, local_rule: Any) -> bool:
    from handbook.rules import RULES_BY_KEY

    return bool(local_rule(RULES_BY_KEY[code]))


@pytest.fixture
def per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read files again per file however small the corpus (one in ten, else)."""
    monkeypatch.setattr("handbook.cache.REREAD_SHARE", 1)


@pytest.mark.usefixtures("per_file")
def test_a_changed_interface_lints_every_file_again(tmp_path: Path) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-001]\n")
    assert warm(docs) == cold(docs)
    # The risk's title is what the decision's link resolves to: another interface.
    risk = docs / "risks" / "risk-001.md"
    risk.write_text(RISK.replace("status: open", "status: closed"), encoding="utf-8")
    assert warm(docs) == cold(docs)
    adr = docs / "decisions" / "0001-use-postgres.md"
    adr.write_text(ADR.format(extra="mitigates: [RISK-001, RISK-404]\n"), encoding="utf-8")
    expected = cold(docs)
    assert [f.code for f in expected].count("HB202") == 1
    assert warm(docs) == expected


def test_a_file_added_removed_or_renamed_lints_every_file_again(tmp_path: Path) -> None:
    docs = small_handbook(tmp_path, "mitigates: [RISK-002]\n")
    first = warm(docs)
    assert first == cold(docs)
    second_risk = docs / "risks" / "risk-002.md"
    second_risk.write_text(RISK.replace("RISK-001", "RISK-002"), encoding="utf-8")
    assert warm(docs) == cold(docs) != first  # the dangling reference is gone
    second_risk.rename(docs / "risks" / "risk-003.md")  # the same id, another file
    assert warm(docs) == cold(docs) == []
    (docs / "risks" / "risk-003.md").unlink()
    assert warm(docs) == cold(docs) == first


def test_unchanged_times_are_trusted_and_changed_ones_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handbook.cache as cache

    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    hashed: list[Path] = []
    digest_of = cache._digest_of

    def counting(path: Path) -> str:
        hashed.append(path)
        return digest_of(path)

    monkeypatch.setattr(cache, "_digest_of", counting)
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files were written before the run began
    expected = warm(docs)
    assert len(hashed) == 2  # the first run hashes every file
    hashed.clear()
    assert warm(docs) == expected
    assert hashed == []  # size, times and inode as stored: not read
    # Same size, same modification time, other bytes: the change time gives it away.
    adr = docs / "decisions" / "0001-use-postgres.md"
    stat = adr.stat()
    adr.write_text(ADR.format(extra="mitigates: [RISK-405]\n"), encoding="utf-8")
    os.utime(adr, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert warm(docs) == cold(docs) != expected
    assert hashed == [adr]


@pytest.mark.usefixtures("per_file")
def test_files_changed_just_before_a_run_are_hashed_again(tmp_path: Path) -> None:
    # Within RACY_NS of the run that stored them, a file's times cannot vouch for its bytes
    # (a clock that ticks in seconds): the next run hashes it whatever its times say.
    import handbook.cache as cache

    docs = small_handbook(tmp_path, "mitigates: [RISK-001]\n")
    warm(docs)
    adr = docs / "decisions" / "0001-use-postgres.md"
    adr.write_text(ADR.format(extra="mitigates: [RISK-404]\n"), encoding="utf-8")
    # As a coarse clock would leave it: the stored times are the edited file's own.
    stored, payload = read_cache(docs)
    entry = payload["entries"]["decisions/0001-use-postgres.md"]
    stat = adr.stat()
    entry[:4] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    assert max(entry[1], entry[2]) >= payload["started"] - cache.RACY_NS
    write_cache(docs, stored, payload)
    expected = cold(docs)
    assert "HB202" in [f.code for f in expected]
    assert warm(docs) == expected


@pytest.mark.usefixtures("per_file")
def test_a_suspect_link_follows_its_target_s_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A confirmed link compares its target's body: with the target named in the links
    # lock, a body edit is an interface change.
    docs = small_handbook(tmp_path, "mitigates: [RISK-001]\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - handbook\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    confirmed = CliRunner().invoke(main, ["review", "--all"])
    assert confirmed.exit_code == 0, confirmed.output
    assert warm(docs) == cold(docs)
    risk = docs / "risks" / "risk-001.md"
    risk.write_text(RISK + "\nThe disk is now a network volume.\n", encoding="utf-8")
    expected = cold(docs)
    assert "HB215" in [f.code for f in expected]
    assert warm(docs) == expected


def test_the_lint_command_imports_no_other_command_nor_the_rules() -> None:
    # A warm run costs less than its imports did: the other commands, the rules, the
    # graph and the evidence readers are imported only where they run.
    code = (
        "import sys, handbook.cli, handbook.cli.lint, handbook.cache\n"
        "heavy = ('handbook.rules', 'handbook.graph', 'handbook.evidence', 'handbook.cli.diff',"
        " 'handbook.cli.gate', 'handbook.report.full', 'networkx', 'jinja2.sandbox')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_file_hashed_for_being_recent_is_trusted_once_it_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files written just before a run are hashed; the first run long enough after them
    # writes the cache again, so that the runs after it trust their times.
    import time

    import handbook.cache as cache

    docs = small_handbook(tmp_path, "mitigates: [RISK-404]\n")
    expected = warm(docs)  # the files are seconds old: hashed, whatever their times
    hashed: list[Path] = []
    digest_of = cache._digest_of

    def counting(path: Path) -> str:
        hashed.append(path)
        return digest_of(path)

    monkeypatch.setattr(cache, "_digest_of", counting)
    now = time.time_ns()
    monkeypatch.setattr(cache.time, "time_ns", lambda: now + 10 * cache.RACY_NS)
    assert warm(docs) == expected
    assert len(hashed) == 2  # still recent for the run that stored them
    hashed.clear()
    monkeypatch.setattr(cache.time, "time_ns", lambda: now + 20 * cache.RACY_NS)
    assert warm(docs) == expected
    assert hashed == []


@pytest.mark.parametrize(
    "count",
    [0, 1, ENTRIES_AT_ONCE, ENTRIES_AT_ONCE + 1, 2 * ENTRIES_AT_ONCE + 3],
)
def test_the_payload_written_in_parts_is_one_json_document_in_order(count: int) -> None:
    entries = {f"f{i:05d}.md": [i, 2, 3, 4, f"digest {i}", ""] for i in range(count)}
    entries = dict(reversed(entries.items()))  # an order that is not the sorted one
    fields = {"files": count, "items": 0, "findings": [], "inputs": {}, "started": 5}
    text = "".join(_payload_parts(fields, entries))
    read = json.loads(text)
    assert read == {**fields, "entries": entries}
    assert list(read["entries"]) == list(entries)
