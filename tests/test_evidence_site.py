"""The evidence on the published pages: an experiment's thresholds table with measured
values and text badges, its inline-SVG latency chart, an SLO's experiments newest first, and
a release plan's table per stage; built from tests/data/evidence/site with
``mkdocs build --strict``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "data" / "evidence" / "site"


@pytest.fixture(scope="module")
def evidence_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = tmp_path_factory.mktemp("evidence-site") / "project"
    shutil.copytree(FIXTURE, project)
    build(load_config(str(project / "mkdocs.yml"), strict=True))
    return project / "site"


def panel(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<section class="hb-evidence".*?</section>', html, re.S)
    assert found is not None, f"no evidence panel on {path}"
    return found.group(0)


def cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    rows = [r for r in rows if "<td>" in r]  # the header row has <th> cells
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def test_experiment_page_shows_thresholds_with_measured_values_and_text_badges(
    evidence_site: Path,
) -> None:
    html = panel(evidence_site, "experiments/exp-001")
    assert cells(html) == [
        [
            "p95 latency",
            "100ms (from SLO-001)",
            "54 ms",
            "✓ pass",
            "results/locust-run_stats.csv, line 5, column 95%",
        ],
        [
            "p99 latency of home",
            "150ms",
            "110 ms",
            "✓ pass",
            "results/locust-run_stats.csv, line 3, column 99%",
        ],
        [
            "error-rate",
            "25%",
            "17.894 %",
            "✓ pass",
            "results/locust-run_stats.csv, line 5, column Failure Count",
        ],
    ]
    assert "evidence of 2026-12-01" in html


def test_failing_evidence_is_said_in_words(evidence_site: Path) -> None:
    html = panel(evidence_site, "experiments/exp-002")
    assert cells(html)[0][:4] == ["p95 latency", "100ms (from SLO-001)", "267 ms", "✗ fail"]
    assert '<span aria-hidden="true">✗</span> fail</span>, evidence of 2026-11-30' in html


def test_latency_chart_is_inline_svg_with_the_limit(evidence_site: Path) -> None:
    html = panel(evidence_site, "experiments/exp-001")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    points = re.search(r'<polyline class="hb-ev-series" points="([^"]+)"', svg.group(0))
    assert points is not None and len(points.group(1).split()) == 14  # the history's rows
    assert 'class="hb-ev-limit"' in svg.group(0)  # SLO-001's p95 limit, dashed
    assert 'aria-label="p95 latency over the run of results/locust-run_stats.csv' in svg.group(0)
    assert "http" not in svg.group(0)  # nothing fetched: no CDN, no external image
    # readable in both of Material's schemes: the colours are variables set per scheme
    assert '[data-md-color-scheme="default"] .hb-evidence' in html
    assert '[data-md-color-scheme="slate"] .hb-evidence' in html
    # the JTL's per-second averages are a series too
    assert "<svg" in panel(evidence_site, "experiments/exp-002")


def test_slo_page_lists_its_evidence_newest_first(evidence_site: Path) -> None:
    html = panel(evidence_site, "slos/slo-001")
    order = re.findall(r'<span class="hb-id">(EXP-\d+)</span>', html)
    assert order == ["EXP-001", "EXP-002"]
    assert "(the newest experiment's verdict)" in html
    assert re.search(r"EXP-001.*?✓</span> pass</span>, 2026-12-01", html, re.S)


def test_pages_without_evidence_have_no_panel(evidence_site: Path) -> None:
    assert "hb-evidence" not in (evidence_site / "index.html").read_text(encoding="utf-8")


def test_release_plan_page_shows_each_stages_evidence_table(evidence_site: Path) -> None:
    html = panel(evidence_site, "releases/rel-001")
    stages = re.split(r'<h3 class="hb-ev-stage">', html)[1:]
    # the stages that list evidence files, in the order of the steps; "everyone" lists none
    assert [s.split("</h3>")[0] for s in stages] == ["Stage canary", "Stage search"]
    canary, search = stages
    assert cells(canary) == [
        [
            "p99 latency of home",
            "150ms",
            "110 ms",
            "✓ pass",
            "results/locust-run_stats.csv, line 3, column 99%",
        ],
        [
            "p95 latency",
            "100ms (from SLO-001)",
            "54 ms",
            "✓ pass",
            "results/locust-run_stats.csv, line 5, column 95%",
        ],
    ]
    assert cells(search)[0][:4] == ["p95 latency", "100ms (from SLO-001)", "267 ms", "✗ fail"]
    assert '<span aria-hidden="true">✗</span> fail</span>, evidence of 2026-11-30' in search
    assert "<svg" in search  # the JTL's per-second series, as on an experiment's page
