"""``handbook evidence`` on bad input: an id that names nothing, or a document without
evidence files, is one line and exit 2; a broken evidence file is shown, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main

EXPERIMENT = """---
kind: experiment
id: EXP-001
title: Load test
status: running
owner: ana
experiment-type: load
evidence-files:
  - {{path: {path}, format: {format}, date: 2026-11-20}}
thresholds:
  - {{metric: latency, percentile: p95, limit: 300ms}}
---
# Load test

## Hypothesis

Fast.

## Method

k6.

## Results

See the evidence.
"""


def project(tmp_path: Path, path: str, fmt: str, content: str | None) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - handbook\n", "utf-8")
    docs = tmp_path / "docs" / "experiments"
    docs.mkdir(parents=True)
    (docs / "exp-001.md").write_text(EXPERIMENT.format(path=path, format=fmt), "utf-8")
    if content is not None:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, "utf-8")
    return tmp_path


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["evidence", "-f", str(root / "mkdocs.yml"), "--today", "2026-11-27", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_unknown_id_and_document_without_evidence_are_usage_errors(tmp_path: Path) -> None:
    root = project(tmp_path, "results/k6.json", "k6", '{"metrics": {}}')
    status, output = run(root, "EXP-404")
    assert status == 2 and "no document has the id EXP-404" in output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"metrics": {"http_req_duration": {"p(95)": 12', "truncated JSON"),
        (None, "no such file"),
    ],
)
def test_a_broken_file_is_reported_not_raised(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    root = project(tmp_path, "results/k6.json", "k6", content)
    status, output = run(root, "--format", "json")
    assert status == 0, output  # nothing failed: no data
    document = json.loads(output)
    (file,) = document["experiments"][0]["files"]
    assert expected in file["why"] and file["line"] == 9
    assert document["experiments"][0]["thresholds"][0]["state"] == "no-data"


def test_a_failing_threshold_exits_1(tmp_path: Path) -> None:
    summary = '{"metrics": {"http_req_duration": {"avg": 200, "p(95)": 412.5}}}'
    root = project(tmp_path, "results/k6.json", "k6", summary)
    status, output = run(root)
    assert status == 1
    assert "FAIL    p95 latency  limit 300ms  measured 412.5 ms" in output
    assert "results/k6.json, metrics.http_req_duration.p(95)" in output


def test_a_threshold_taken_from_an_slo_is_read_at_its_own_key(tmp_path: Path) -> None:
    # The limit is declared once, on the SLO; where a json file holds the value is the
    # experiment's to say, on the same entry.
    root = project(tmp_path, "results/lint.json", "json", '{"p99_seconds": 6.49}')
    experiment = root / "docs" / "experiments" / "exp-001.md"
    experiment.write_text(
        experiment.read_text("utf-8").replace(
            "  - {metric: latency, percentile: p95, limit: 300ms}",
            "  - {from: SLO-001, key: $.p99_seconds, unit: s}",
        ),
        "utf-8",
    )
    (root / "docs" / "slos").mkdir()
    (root / "docs" / "slos" / "slo-001.md").write_text(
        "---\nkind: slo\nid: SLO-001\ntitle: Lint time\nstatus: active\nowner: ana\n"
        "objective: 99.0\ntime-window: 28d\n"
        "sli: {category: latency, good-events: fast, total-events: all}\n"
        "objectives:\n  - {name: lint, target: 99.0, percentile: p99, threshold: 10s}\n"
        "---\n# Lint time\n",
        "utf-8",
    )
    code, output = run(root, "--format", "json", "EXP-001")
    assert code == 0, output
    [threshold] = json.loads(output)["experiments"][0]["thresholds"]
    assert (threshold["state"], threshold["measured"], threshold["where"]) == (
        "pass",
        6490.0,
        "$.p99_seconds",
    )


RELEASE = """---
kind: release-plan
id: REL-001
title: Checkout canary
status: approved
owner: ana
strategy: canary
steps:
  - name: canary
    weight: 5
    slos: [SLO-001]
    evidence-files:
      - {path: results/canary.json, format: k6, date: 2026-11-25}
  - weight: 50
    evidence-files:
      - {path: results/half.json, format: k6, date: 2026-11-26}
    thresholds:
      - {metric: error-rate, limit: 0.1%}
  - weight: 100
---
# Checkout canary
"""

SLO = """---
kind: slo
id: SLO-001
title: Checkout latency
status: active
owner: ana
objective: 99.0
time-window: 28d
sli: {category: latency, good-events: fast, total-events: all}
objectives:
  - {name: p95, target: 99.0, percentile: p95, threshold: 300ms}
---
# Checkout latency
"""


def release_project(tmp_path: Path) -> Path:
    summary = '{"metrics": {"http_req_duration": {"p(95)": 200}}}'
    root = project(tmp_path, "results/k6.json", "k6", summary)
    for folder, name, text in (("releases", "rel-001", RELEASE), ("slos", "slo-001", SLO)):
        (root / "docs" / folder).mkdir()
        (root / "docs" / folder / f"{name}.md").write_text(text, "utf-8")
    canary = '{"metrics": {"http_req_duration": {"p(95)": 341.8}}}'
    (root / "results" / "canary.json").write_text(canary, "utf-8")
    half = '{"metrics": {"http_req_failed": {"value": 0.0002}}}'
    (root / "results" / "half.json").write_text(half, "utf-8")
    return root


def test_a_release_plan_shows_each_stage_with_its_slos_thresholds_or_its_own(
    tmp_path: Path,
) -> None:
    root = release_project(tmp_path)
    status, output = run(root, "REL-001")
    assert status == 1, output  # the canary's p95 fails SLO-001's 300 ms
    assert output.splitlines() == [
        "REL-001  Checkout canary  [fail]",
        "  stage canary  [fail, evidence of 2026-11-25]",
        "    file  results/canary.json (k6, 2026-11-25)",
        "    FAIL    p95 latency  limit 300ms (from SLO-001)  measured 341.8 ms",
        "            results/canary.json, metrics.http_req_duration.p(95)",
        "  step 2  [pass, evidence of 2026-11-26]",
        "    file  results/half.json (k6, 2026-11-26)",
        "    pass    error-rate  limit 0.1%  measured 0.02 %",
        "            results/half.json, metrics.http_req_failed.value",
        "",
        "1 release plan with evidence: 1 threshold passes, 1 fails, 0 without data.",
    ]


def test_release_stages_in_json_name_the_lines_that_declare_them(tmp_path: Path) -> None:
    root = release_project(tmp_path)
    status, output = run(root, "--format", "json")  # no ids: experiments and releases
    assert status == 1
    document = json.loads(output)
    assert document["passed"] is False
    assert [e["id"] for e in document["experiments"]] == ["EXP-001"]
    (release,) = document["releases"]
    assert (release["id"], release["state"]) == ("REL-001", "fail")
    canary, half = release["stages"]
    assert (canary["name"], canary["label"], canary["step"], canary["line"]) == (
        "canary",
        "stage canary",
        1,
        9,
    )
    assert (half["name"], half["label"], half["step"], half["line"]) == (None, "step 2", 2, 14)
    assert [f["line"] for f in canary["files"]] == [13]
    (slo_threshold,) = canary["thresholds"]
    assert (slo_threshold["from"], slo_threshold["line"], slo_threshold["state"]) == (
        "SLO-001",
        11,
        "fail",
    )
    assert half["thresholds"][0]["line"] == 18


def test_a_release_plan_without_stage_evidence_is_a_usage_error(tmp_path: Path) -> None:
    root = release_project(tmp_path)
    plan = root / "docs" / "releases" / "rel-001.md"
    text = plan.read_text("utf-8")
    plan.write_text(text.split("  - name: canary")[0] + "  - weight: 100\n---\n# C\n", "utf-8")
    status, output = run(root, "REL-001")
    assert status == 2 and "REL-001 lists no evidence-files" in output


def test_a_changed_stage_evidence_file_is_read_again_not_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the lint cache holds while every evidence file is as it was: a stage's files too
    root = release_project(tmp_path)
    monkeypatch.chdir(root)

    def lint_codes() -> list[str]:
        result = CliRunner().invoke(main, ["lint", "--format", "json", "--today", "2026-11-27"])
        return [d["code"] for d in json.loads(result.output)["diagnostics"]]

    assert lint_codes() == []
    assert lint_codes() == []  # answered from the cache
    (root / "results" / "half.json").write_text('{"metrics": {"http_req_failed": ', "utf-8")
    assert lint_codes() == ["HB510"]  # truncated: read again, at the stage's line
