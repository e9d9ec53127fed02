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


# -- the reports written whole (mutation testing) -------------------------------------------
# Two experiments (one passing; one with a missing file, a file without a date, a threshold
# without data, stale evidence, a result and a title to escape) and the release plan.

EXPERIMENT_2 = """---
kind: experiment
id: EXP-002
title: Soak *test* | `k6` <b> — café_
status: done
result: passed
owner: ana
experiment-type: soak
evidence-files:
  - {path: results/gone.json, format: k6, date: 2026-01-02}
  - {path: results/old.json, format: k6}
thresholds:
  - {metric: latency, percentile: p95, limit: 300ms}
  - {metric: error-rate, limit: 1%}
---
# Soak

## Hypothesis

Fast.

## Method

k6.

## Results

See the evidence.
"""


def whole_project(tmp_path: Path) -> Path:
    root = release_project(tmp_path)
    (root / "docs" / "experiments" / "exp-002.md").write_text(EXPERIMENT_2, "utf-8")
    old = '{"metrics": {"http_req_duration": {"p(95)": 100}}}'
    (root / "results" / "old.json").write_text(old, "utf-8")
    return root


def test_the_full_report_whole(tmp_path: Path) -> None:
    assert run(whole_project(tmp_path)) == (
        1,
        (
            "EXP-001  Load test  [pass, evidence of 2026-11-20]\n"
            "  file  results/k6.json (k6, 2026-11-20)\n"
            "  pass    p95 latency  limit 300ms  measured 200 ms\n"
            "          results/k6.json, metrics.http_req_duration.p(95)\n"
            "\n"
            "EXP-002  Soak *test* | `k6` <b> — café_  [no-data, evidence of 2026-01-02 (stale)]\n"
            "  file  results/gone.json (k6, 2026-01-02): no such file\n"
            "  file  results/old.json (k6)\n"
            "  pass    p95 latency  limit 300ms  measured 100 ms\n"
            "          results/old.json, metrics.http_req_duration.p(95)\n"
            "  no-data error-rate  limit 1%  measured -\n"
            "          no error-rate in results/old.json\n"
            "\n"
            "REL-001  Checkout canary  [fail]\n"
            "  stage canary  [fail, evidence of 2026-11-25]\n"
            "    file  results/canary.json (k6, 2026-11-25)\n"
            "    FAIL    p95 latency  limit 300ms (from SLO-001)  measured 341.8 ms\n"
            "            results/canary.json, metrics.http_req_duration.p(95)\n"
            "  step 2  [pass, evidence of 2026-11-26]\n"
            "    file  results/half.json (k6, 2026-11-26)\n"
            "    pass    error-rate  limit 0.1%  measured 0.02 %\n"
            "            results/half.json, metrics.http_req_failed.value\n"
            "\n"
            "2 experiments and 1 release plan with evidence: 3 thresholds pass, 1 fails, 1 "
            "without data.\n"
        ),
    )


def test_one_experiment_alone_is_counted_in_the_singular(tmp_path: Path) -> None:
    status, output = run(whole_project(tmp_path), "EXP-001")
    assert (status, output.splitlines()[-1]) == (
        0,
        "1 experiment with evidence: 1 threshold passes, 0 fail, 0 without data.",
    )


def test_the_markdown_report_whole(tmp_path: Path) -> None:
    assert run(whole_project(tmp_path), "--format", "markdown") == (
        1,
        (
            "### EXP-001: Load test\n"
            "\n"
            "✅ pass, evidence of 2026-11-20\n"
            "\n"
            "| threshold | limit | measured | result | source |\n"
            "|---|---|---|---|---|\n"
            "| p95 latency | 300ms | 200 ms | ✅ pass | results/k6.json, "
            "metrics.http\\_req\\_duration.p(95) |\n"
            "\n"
            "### EXP-002: Soak \\*test\\* \\| \\`k6\\` \\<b\\> — café\\_\n"
            "\n"
            "⚪ no data, evidence of 2026-01-02, stale\n"
            "\n"
            "| threshold | limit | measured | result | source |\n"
            "|---|---|---|---|---|\n"
            "| p95 latency | 300ms | 100 ms | ✅ pass | results/old.json, "
            "metrics.http\\_req\\_duration.p(95) |\n"
            "| error-rate | 1% | – | ⚪ no data | no error-rate in results/old.json |\n"
            "\n"
            "- `results/gone.json`: no such file\n"
            "\n"
            "### REL-001: Checkout canary\n"
            "\n"
            "❌ FAIL\n"
            "\n"
            "#### stage canary\n"
            "\n"
            "❌ FAIL, evidence of 2026-11-25\n"
            "\n"
            "| threshold | limit | measured | result | source |\n"
            "|---|---|---|---|---|\n"
            "| p95 latency | 300ms (from SLO-001) | 341.8 ms | ❌ FAIL | results/canary.json, "
            "metrics.http\\_req\\_duration.p(95) |\n"
            "\n"
            "#### step 2\n"
            "\n"
            "✅ pass, evidence of 2026-11-26\n"
            "\n"
            "| threshold | limit | measured | result | source |\n"
            "|---|---|---|---|---|\n"
            "| error-rate | 0.1% | 0.02 % | ✅ pass | results/half.json, "
            "metrics.http\\_req\\_failed.value |\n"
        ),
    )


def test_the_json_report_whole(tmp_path: Path) -> None:
    status, output = run(whole_project(tmp_path), "--format", "json")
    expected = {
        "version": 1,
        "today": "2026-11-27",
        "window_days": 90,
        "passed": False,
        "experiments": [
            {
                "id": "EXP-001",
                "title": "Load test",
                "path": "docs/experiments/exp-001.md",
                "line": 1,
                "status": "running",
                "result": None,
                "state": "pass",
                "date": "2026-11-20",
                "stale": False,
                "files": [
                    {
                        "path": "results/k6.json",
                        "format": "k6",
                        "date": "2026-11-20",
                        "line": 9,
                        "problem": None,
                        "why": None,
                        "samples": None,
                    }
                ],
                "thresholds": [
                    {
                        "metric": "latency",
                        "statistic": "p95",
                        "label": None,
                        "limit": "300ms",
                        "from": None,
                        "line": 11,
                        "state": "pass",
                        "measured": 200.0,
                        "unit": "ms",
                        "bound": "upper",
                        "file": "results/k6.json",
                        "where": "metrics.http_req_duration.p(95)",
                        "why": "200 ms ≤ 300ms",
                        "problem": None,
                    }
                ],
            },
            {
                "id": "EXP-002",
                "title": "Soak *test* | `k6` <b> — café_",
                "path": "docs/experiments/exp-002.md",
                "line": 1,
                "status": "done",
                "result": "passed",
                "state": "no-data",
                "date": "2026-01-02",
                "stale": True,
                "files": [
                    {
                        "path": "results/gone.json",
                        "format": "k6",
                        "date": "2026-01-02",
                        "line": 10,
                        "problem": "missing",
                        "why": "no such file",
                        "samples": None,
                    },
                    {
                        "path": "results/old.json",
                        "format": "k6",
                        "date": None,
                        "line": 11,
                        "problem": None,
                        "why": None,
                        "samples": None,
                    },
                ],
                "thresholds": [
                    {
                        "metric": "latency",
                        "statistic": "p95",
                        "label": None,
                        "limit": "300ms",
                        "from": None,
                        "line": 13,
                        "state": "pass",
                        "measured": 100.0,
                        "unit": "ms",
                        "bound": "upper",
                        "file": "results/old.json",
                        "where": "metrics.http_req_duration.p(95)",
                        "why": "100 ms ≤ 300ms",
                        "problem": None,
                    },
                    {
                        "metric": "error-rate",
                        "statistic": None,
                        "label": None,
                        "limit": "1%",
                        "from": None,
                        "line": 14,
                        "state": "no-data",
                        "measured": None,
                        "unit": None,
                        "bound": None,
                        "file": None,
                        "where": None,
                        "why": "no error-rate in results/old.json",
                        "problem": "no-data",
                    },
                ],
            },
        ],
        "releases": [
            {
                "id": "REL-001",
                "title": "Checkout canary",
                "path": "docs/releases/rel-001.md",
                "line": 1,
                "status": "approved",
                "state": "fail",
                "stages": [
                    {
                        "name": "canary",
                        "label": "stage canary",
                        "step": 1,
                        "line": 9,
                        "state": "fail",
                        "date": "2026-11-25",
                        "stale": False,
                        "files": [
                            {
                                "path": "results/canary.json",
                                "format": "k6",
                                "date": "2026-11-25",
                                "line": 13,
                                "problem": None,
                                "why": None,
                                "samples": None,
                            }
                        ],
                        "thresholds": [
                            {
                                "metric": "latency",
                                "statistic": "p95",
                                "label": None,
                                "limit": "300ms",
                                "from": "SLO-001",
                                "line": 11,
                                "state": "fail",
                                "measured": 341.8,
                                "unit": "ms",
                                "bound": "upper",
                                "file": "results/canary.json",
                                "where": "metrics.http_req_duration.p(95)",
                                "why": "341.8 ms > 300ms",
                                "problem": None,
                            }
                        ],
                    },
                    {
                        "name": None,
                        "label": "step 2",
                        "step": 2,
                        "line": 14,
                        "state": "pass",
                        "date": "2026-11-26",
                        "stale": False,
                        "files": [
                            {
                                "path": "results/half.json",
                                "format": "k6",
                                "date": "2026-11-26",
                                "line": 16,
                                "problem": None,
                                "why": None,
                                "samples": None,
                            }
                        ],
                        "thresholds": [
                            {
                                "metric": "error-rate",
                                "statistic": None,
                                "label": None,
                                "limit": "0.1%",
                                "from": None,
                                "line": 18,
                                "state": "pass",
                                "measured": 0.02,
                                "unit": "%",
                                "bound": "upper",
                                "file": "results/half.json",
                                "where": "metrics.http_req_failed.value",
                                "why": "0.02 % ≤ 0.1%",
                                "problem": None,
                            }
                        ],
                    },
                ],
            }
        ],
        "slos": [],
    }
    assert (status, output) == (1, json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    assert '\n      "title": "Soak *test* | `k6` <b> — café_",\n' in output


# Experiments and a release stage without thresholds or dates, an experiment whose result is
# no string, a JMeter file (which counts its samples), a step whose name is no string, and
# the SLO both experiments verify.

UNDATED = """---
kind: experiment
id: EXP-001
title: Smoke test
status: done
result: 3
owner: ana
experiment-type: load
verifies: [SLO-001]
evidence-files:
  - {path: results/k6.json, format: k6}
---
# Smoke test
"""

JMETER = """---
kind: experiment
id: EXP-002
title: JMeter run
status: done
owner: ana
experiment-type: load
verifies: [SLO-001]
evidence-files:
  - {path: results/run.jtl, format: jmeter, date: 2026-11-20}
---
# JMeter run
"""

ROLLOUT = """---
kind: release-plan
id: REL-001
title: Checkout rollout
status: approved
owner: ana
strategy: rolling
steps:
  - name: 7
    weight: 50
    evidence-files:
      - {path: results/k6.json, format: k6}
  - weight: 100
---
# Checkout rollout
"""


def undated_project(tmp_path: Path) -> Path:
    root = project(
        tmp_path, "results/k6.json", "k6", '{"metrics": {"http_req_duration": {"p(95)": 200}}}'
    )
    experiments = root / "docs" / "experiments"
    (experiments / "exp-001.md").write_text(UNDATED, "utf-8")
    (experiments / "exp-002.md").write_text(JMETER, "utf-8")
    for folder, name, text in (("releases", "rel-001", ROLLOUT), ("slos", "slo-001", SLO)):
        (root / "docs" / folder).mkdir()
        (root / "docs" / folder / f"{name}.md").write_text(text, "utf-8")
    jtl = Path(__file__).parent / "data" / "evidence" / "jmeter" / "results.jtl"
    (root / "results" / "run.jtl").write_bytes(jtl.read_bytes())
    return root


def test_evidence_without_thresholds_or_dates_in_full(tmp_path: Path) -> None:
    assert run(undated_project(tmp_path)) == (
        0,
        (
            "EXP-001  Smoke test  [none]\n"
            "  file  results/k6.json (k6)\n"
            "  no thresholds\n"
            "\n"
            "EXP-002  JMeter run  [none, evidence of 2026-11-20]\n"
            "  file  results/run.jtl (jmeter, 2026-11-20)\n"
            "  no thresholds\n"
            "\n"
            "REL-001  Checkout rollout  [pass]\n"
            "  step 1  [none]\n"
            "    file  results/k6.json (k6)\n"
            "    no thresholds\n"
            "\n"
            "2 experiments and 1 release plan with evidence: 0 thresholds pass, 0 fail, "
            "0 without data.\n"
        ),
    )


def test_evidence_without_thresholds_or_dates_in_markdown(tmp_path: Path) -> None:
    assert run(undated_project(tmp_path), "--format", "markdown") == (
        0,
        (
            "### EXP-001: Smoke test\n"
            "\n"
            "none\n"
            "\n"
            "### EXP-002: JMeter run\n"
            "\n"
            "none, evidence of 2026-11-20\n"
            "\n"
            "### REL-001: Checkout rollout\n"
            "\n"
            "✅ pass\n"
            "\n"
            "#### step 1\n"
            "\n"
            "none\n"
        ),
    )


def test_evidence_without_thresholds_or_dates_in_json(tmp_path: Path) -> None:
    status, output = run(undated_project(tmp_path), "--format", "json")
    expected = {
        "version": 1,
        "today": "2026-11-27",
        "window_days": 90,
        "passed": True,
        "experiments": [
            {
                "id": "EXP-001",
                "title": "Smoke test",
                "path": "docs/experiments/exp-001.md",
                "line": 1,
                "status": "done",
                "result": None,
                "state": "none",
                "date": None,
                "stale": False,
                "files": [
                    {
                        "path": "results/k6.json",
                        "format": "k6",
                        "date": None,
                        "line": 11,
                        "problem": None,
                        "why": None,
                        "samples": None,
                    }
                ],
                "thresholds": [],
            },
            {
                "id": "EXP-002",
                "title": "JMeter run",
                "path": "docs/experiments/exp-002.md",
                "line": 1,
                "status": "done",
                "result": None,
                "state": "none",
                "date": "2026-11-20",
                "stale": False,
                "files": [
                    {
                        "path": "results/run.jtl",
                        "format": "jmeter",
                        "date": "2026-11-20",
                        "line": 10,
                        "problem": None,
                        "why": None,
                        "samples": 200,
                    }
                ],
                "thresholds": [],
            },
        ],
        "releases": [
            {
                "id": "REL-001",
                "title": "Checkout rollout",
                "path": "docs/releases/rel-001.md",
                "line": 1,
                "status": "approved",
                "state": "pass",
                "stages": [
                    {
                        "name": None,
                        "label": "step 1",
                        "step": 1,
                        "line": 9,
                        "state": "none",
                        "date": None,
                        "stale": False,
                        "files": [
                            {
                                "path": "results/k6.json",
                                "format": "k6",
                                "date": None,
                                "line": 12,
                                "problem": None,
                                "why": None,
                                "samples": None,
                            }
                        ],
                        "thresholds": [],
                    }
                ],
            }
        ],
        "slos": [
            {
                "id": "SLO-001",
                "path": "docs/slos/slo-001.md",
                "state": "none",
                "date": "2026-11-20",
                "experiments": ["EXP-002", "EXP-001"],
            }
        ],
    }
    assert (status, output) == (0, json.dumps(expected, indent=2, ensure_ascii=False) + "\n")


def test_an_slo_verified_only_by_undated_evidence_has_no_date(tmp_path: Path) -> None:
    root = undated_project(tmp_path)
    (root / "docs" / "experiments" / "exp-002.md").unlink()
    status, output = run(root, "--format", "json")
    assert status == 0, output
    assert json.loads(output)["slos"] == [
        {
            "id": "SLO-001",
            "path": "docs/slos/slo-001.md",
            "state": "none",
            "date": None,
            "experiments": ["EXP-001"],
        }
    ]
