"""The evidence readers on real files (made by Locust and pytest themselves) and on files
written to the tools' documented formats (k6, Artillery, JMeter; tests/data/evidence/README.md
says which is which), and on bad input: every problem an EvidenceError or a SourceError with
one line, never another exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.evidence import json_path
from handbook.evidence.formats import READERS
from handbook.evidence.reading import EvidenceError, nearest_rank
from handbook.evidence.source import OUTSIDE, SourceError, resolve
from handbook.evidence.units import LOWER, UPPER, UnitError, catalog

DATA = Path(__file__).parent / "data" / "evidence"


def value(fmt: str, rel: str, metric: str, statistic: str, label: str = "") -> tuple[float, str]:
    reading = READERS[fmt](DATA / rel)
    found = reading.find(metric, statistic, label)
    assert found is not None, (metric, statistic, label)
    return found.value, found.where


def test_k6_summary_export() -> None:
    assert value("k6", "k6/summary-export.json", "latency", "p95") == (
        268.4,
        "metrics.http_req_duration.p(95)",
    )
    assert value("k6", "k6/summary-export.json", "latency", "p95", "checkout")[0] == 344.6
    rate, where = value("k6", "k6/summary-export.json", "error-rate", "value")
    assert round(rate, 4) == 0.6667 and where == "metrics.http_req_failed.value"
    assert value("k6", "k6/summary-export.json", "throughput", "value")[0] == 49.98966


def test_k6_handle_summary_json() -> None:
    assert value("k6", "k6/handle-summary.json", "latency", "p95") == (
        341.8,
        "metrics.http_req_duration.values.p(95)",
    )
    assert value("k6", "k6/handle-summary.json", "latency", "p50")[0] == 171.4
    assert round(value("k6", "k6/handle-summary.json", "error-rate", "value")[0], 6) == 0.04


def test_locust_stats_made_by_locust() -> None:
    rel = "locust/locust-run_stats.csv"
    assert value("locust", rel, "latency", "p95") == (54.0, "line 5, column 95%")
    assert value("locust", rel, "latency", "p99.9", "api") == (210.0, "line 2, column 99.9%")
    rate, where = value("locust", rel, "error-rate", "value")
    assert round(rate, 3) == round(243 / 1358 * 100, 3) and where == "line 5, column Failure Count"
    reading = READERS["locust"](DATA / rel)
    # the history beside the stats file gives the chart's series and the day of the run
    assert reading.series and reading.series_statistic == "p95"
    assert reading.started is not None and reading.started.isoformat() == "2026-12-01"
    assert reading.labels == ("api", "home", "missing")


def test_locust_history_alone() -> None:
    reading = READERS["locust"](DATA / "locust/locust-run_stats_history.csv")
    found = reading.find("requests", "value")
    assert found is not None and found.value == 1358 and found.where.startswith("line 16")


def test_artillery_report() -> None:
    rel = "artillery/report.json"
    assert (
        value("artillery", rel, "latency", "p95")[1] == "aggregate.summaries.http.response_time.p95"
    )
    reading = READERS["artillery"](DATA / rel)
    assert reading.find("latency", "p99.9") is not None
    assert reading.find("throughput", "value") is not None
    assert reading.series, "the intermediate reports make the chart's series"


def test_jmeter_percentiles_are_nearest_rank_from_raw_samples() -> None:
    rel = "jmeter/results.jtl"
    lines = (DATA / rel).read_text(encoding="utf-8").splitlines()[1:]
    elapsed = sorted(int(line.split(",")[1]) for line in lines)
    # nearest rank: the ceil(0.95 × 200) = 190th smallest
    assert value("jmeter", rel, "latency", "p95") == (
        float(elapsed[189]),
        "column elapsed, nearest rank of 200 samples",
    )
    login = sorted(int(line.split(",")[1]) for line in lines if ",login," in line)
    assert value("jmeter", rel, "latency", "p90", "login")[0] == float(login[44])
    assert value("jmeter", rel, "error-rate", "value")[0] == 1.0
    reading = READERS["jmeter"](DATA / rel)
    assert reading.samples == 200 and reading.started is not None


def test_nearest_rank_definition() -> None:
    counts = {10: 1, 20: 1, 30: 1, 40: 1, 50: 1}
    assert nearest_rank(counts, 5, 50) == 30
    assert nearest_rank(counts, 5, 95) == 50
    assert nearest_rank(counts, 5, 20) == 10
    assert nearest_rank({7: 1}, 1, 99.9) == 7


def test_junit_made_by_pytest() -> None:
    rel = "junit/junit-pytest.xml"
    assert value("junit", rel, "tests", "value") == (4.0, "line 1, <testsuite tests>")
    assert value("junit", rel, "failures", "value")[0] == 1.0
    assert value("junit", rel, "test-time", "value")[0] == 167.0
    assert READERS["junit"](DATA / rel).started is not None


def test_json_path_expressions() -> None:
    document = READERS["json"](DATA / "json/bench-results.json").document
    assert json_path.lookup(document, "$.lint.seconds") == 1.84
    assert json_path.lookup(document, "lint.p95_ms") == 2.9
    assert json_path.lookup(document, "$.runs[1]['seconds']") == 1.12
    assert json_path.lookup(document, '$["runs"][0].name') == "cold"
    with pytest.raises(json_path.PathError, match=r"\$.lint has no 'minutes'"):
        json_path.lookup(document, "$.lint.minutes")
    with pytest.raises(json_path.PathError, match="has 2 items"):
        json_path.lookup(document, "$.runs[5]")
    for bad in ("", "$.a[", "$.a[x]", "$..a", "$.a b[0]x"):
        with pytest.raises(json_path.PathError):
            json_path.lookup(document, bad)


def test_limits_and_units_come_from_the_data_file() -> None:
    units = catalog()
    assert units.parse_limit("300ms").value == 300
    assert units.parse_limit("2s").value == 2000
    assert units.parse_limit("0.1%").dimension == "percent"
    limit = units.parse_limit(">= 500 req/s")
    assert (limit.value, limit.bound) == (500, LOWER)
    assert units.parse_limit("< 1s").strict and units.parse_limit("<1s").bound == UPPER
    assert units.metric("Response-Time") is not None
    with pytest.raises(UnitError, match="unknown unit 'parsecs'"):
        units.parse_limit("3 parsecs")
    with pytest.raises(UnitError, match="does not start with a number"):
        units.parse_limit("fast")


# Bad input.


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("k6", '{"metrics": {"http_req_duration": {"avg": 1', "truncated JSON"),
        ("k6", '{"root_group": {}}', "not a k6 summary"),
        ("k6", "", "the file is empty"),
        ("artillery", '{"metrics": {}}', "not an Artillery report"),
        ("artillery", "[1, 2", "truncated JSON"),
        ("json", "3", "not an object or a list"),
        ("locust", "Type,Name,Request Count\nGET,a,1\n", "missing columns Failure Count"),
        ("locust", "", "the file is empty"),
        ("jmeter", "timeStamp,label\n1,a\n", "no 'elapsed' column"),
        ("jmeter", "timeStamp,elapsed,label\n1,2,a\n3,4", "line 3 has 2 columns"),
        ("jmeter", "timeStamp,elapsed,label\n1,fast,a\n", "not whole milliseconds"),
        ("jmeter", '<?xml version="1.0"?>\n<testResults/>\n', "an XML JTL"),
        ("junit", "<testsuites><testsuite tests='1'>", "truncated XML"),
        ("junit", "<html><body/></html>", "the root element is <html>"),
        ("junit", '{"tests": 3}', "not well-formed XML"),
        (
            "junit",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            '"&lol;&lol;&lol;">]><testsuites tests="&lol2;"/>',
            "a document type declaration",
        ),
        ("k6", "\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, fmt: str, text: str, message: str) -> None:
    path = tmp_path / "result"
    if text == "\xff\xfe":
        path.write_bytes(b"\xff\xfe{")
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError, match=message) as caught:
        READERS[fmt](path)
    assert "\n" not in str(caught.value)


LOCUST_HEADER = "Type,Name,Request Count,Failure Count,Average Response Time,Requests/s\n"
JTL_HEADER = "timeStamp,elapsed,label,success\n"


@pytest.mark.parametrize(
    ("fmt", "header", "row"),
    [("locust", LOCUST_HEADER, "GET,a,1,0,5,1\n"), ("jmeter", JTL_HEADER, "1,2,a,true\n")],
)
def test_the_csv_readers_share_one_opening(tmp_path: Path, fmt: str, header: str, row: str) -> None:
    # Both CSV readers open through source.open_csv: the same words for the same faults,
    # and a row the csv module refuses names the line of the file it was reading.
    path = tmp_path / "result.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"^the file is empty$"):
        READERS[fmt](path)
    path.write_text(header + row + '"' + "x" * 200_000 + '"\n' + row, encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"^line 3: not CSV: field larger than field limit"):
        READERS[fmt](path)
    path.write_bytes((header + row).encode() + b"\xff\n")
    with pytest.raises(EvidenceError, match=r"^not UTF-8 text"):
        READERS[fmt](path)


def test_paths_stay_inside_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "results").mkdir(parents=True)
    (root / "results" / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "secret.json").write_text("{}", encoding="utf-8")
    assert resolve(root, "results/a.json") == (root / "results" / "a.json").resolve()
    for written in ("../secret.json", "/etc/passwd", "results/../../secret.json"):
        with pytest.raises(SourceError) as caught:
            resolve(root, written)
        assert caught.value.problem == OUTSIDE
    os.symlink(tmp_path / "secret.json", root / "results" / "link.json")
    with pytest.raises(SourceError) as caught:
        resolve(root, "results/link.json")
    assert caught.value.problem == OUTSIDE
    with pytest.raises(SourceError, match="no such file"):
        resolve(root, "results/none.json")
    with pytest.raises(SourceError, match="not a regular file"):
        resolve(root, "results")


def test_the_guide_lists_every_metric_and_unit_of_the_data_file() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "guide" / "evidence.md").read_text("utf-8")
    units = catalog()
    for metric in units.metrics.values():
        assert f"| `{metric.name}` |" in guide, metric.name
        for synonym in metric.synonyms:
            assert synonym in guide, synonym
    for unit in units.units:
        if unit:
            assert f"`{unit}`" in guide, unit
