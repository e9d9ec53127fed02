"""The freshness rules (HB402–HB407): their windows come from the handbook block, every date is
counted back from ``--today``, and waivers silence them as they silence any rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handbook import lint, settings_for_docs
from handbook.cli import main

RULES = Path(__file__).parent / "fixtures" / "rules"
TODAY = dt.date(2026, 1, 1)


def findings(
    folder: str, options: dict[str, Any] | None = None, today: dt.date = TODAY
) -> list[str]:
    docs = RULES / folder / "docs"
    settings = dataclasses.replace(settings_for_docs(docs, options), today=today)
    return [f"{f.path}:{f.line}: {f.code}" for f in lint(settings).findings]


def test_draft_window_is_configurable() -> None:
    assert findings("HB404-stale-draft", {"freshness": {"draft_days": 400}}) == []
    assert findings("HB404-stale-draft", {"freshness": {"draft_days": 60}}) == [
        "docs/decisions/0001-use-postgres.md:5: HB404",
        "docs/decisions/0002-use-kafka.md:5: HB404",
        "docs/postmortems/pm-001.md:5: HB404",
    ]


def test_slo_review_window_is_configurable() -> None:
    assert findings("HB407-slo-not-revisited", {"freshness": {"slo_review_days": 100}}) == [
        "docs/slos/slo-001.md:9: HB407",
        "docs/slos/slo-002.md:9: HB407",
    ]


def test_runbook_window_defaults_to_the_schema_and_is_configurable() -> None:
    # Unset: the runbook schema's rehearsal-age gap (180 days); RB-002 is 122 days old.
    assert "docs/runbooks/rb-002.md:9: HB403" not in findings("HB403-runbook-not-rehearsed")
    assert findings(
        "HB403-runbook-not-rehearsed", {"freshness": {"runbook_rehearsal_days": 100}}
    ) == [
        "docs/runbooks/rb-001.md:8: HB403",
        "docs/runbooks/rb-002.md:9: HB403",
        "docs/runbooks/rb-004.md:11: HB403",
    ]


@pytest.mark.parametrize(
    ("folder", "before"),
    [
        ("HB402-review-overdue", dt.date(2025, 9, 30)),
        ("HB403-runbook-not-rehearsed", dt.date(2025, 8, 1)),
        ("HB404-stale-draft", dt.date(2025, 3, 1)),
        ("HB405-risk-acceptance-expired", dt.date(2025, 12, 31)),
        ("HB406-action-item-overdue", dt.date(2025, 12, 1)),
        ("HB407-slo-not-revisited", dt.date(2025, 11, 28)),
    ],
)
def test_every_freshness_rule_counts_from_today(folder: str, before: dt.date) -> None:
    assert findings(folder, today=before) == []
    assert findings(folder, today=TODAY) != []


def test_the_cli_today_option_reaches_the_freshness_rules(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(RULES / "HB407-slo-not-revisited", project)
    (project / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    runner = CliRunner()
    args = ["lint", "--config-file", str(project / "mkdocs.yml"), "--format", "json"]
    early = runner.invoke(main, [*args, "--today", "2025-11-01"], catch_exceptions=False)
    late = runner.invoke(main, [*args, "--today", "2026-01-01"], catch_exceptions=False)
    assert json.loads(early.output)["diagnostics"] == []
    assert [d["code"] for d in json.loads(late.output)["diagnostics"]] == ["HB407"]


def _waive(tmp_path: Path, expires: str) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(RULES / "HB407-slo-not-revisited" / "docs", docs)
    slo = docs / "slos" / "slo-001.md"
    text = slo.read_text(encoding="utf-8")
    waiver = (
        "waivers:\n  - {rule: slo-not-revisited, reason: revisited at the Q1 planning, "
        f"owner: ana, expires: {expires}}}\n---\n"
    )
    slo.write_text(text.replace("---\n# ", waiver + "# ", 1), encoding="utf-8")
    return docs


def test_a_waiver_silences_a_freshness_rule(tmp_path: Path) -> None:
    docs = _waive(tmp_path, "2026-03-31")
    settings = dataclasses.replace(settings_for_docs(docs), today=TODAY)
    result = lint(settings)
    assert [f.code for f in result.findings] == []


def test_an_expired_waiver_reports_the_finding_again(tmp_path: Path) -> None:
    docs = _waive(tmp_path, "2025-12-01")
    settings = dataclasses.replace(settings_for_docs(docs), today=TODAY)
    assert sorted(f.code for f in lint(settings).findings) == ["HB401", "HB407"]


def test_an_expired_acceptance_of_an_unmitigated_high_risk_is_reported_once() -> None:
    codes = [line.rsplit(" ", 1)[-1] for line in findings("HB501-unmitigated-risk")]
    assert "HB405" not in codes and "HB501" in codes
    # Below the threshold HB501 says nothing, and HB405 reports the lapsed acceptance.
    lowered = findings("HB501-unmitigated-risk", {"coverage": {"risk_level": "critical"}})
    assert any(line.endswith("HB405") for line in lowered)


@pytest.mark.parametrize("value", [-1, "soon", True])
def test_a_bad_window_is_a_one_line_config_error(tmp_path: Path, value: object) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - handbook:\n      freshness:\n"
        f"        draft_days: {json.dumps(value)}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["lint", "--config-file", str(tmp_path / "mkdocs.yml")], catch_exceptions=False
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "freshness" in lines[0] and "draft_days" in lines[0], lines
