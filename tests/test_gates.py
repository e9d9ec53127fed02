"""The phase gates: every default condition on a handbook that passes it and on one that
fails it (with the exact items at fault), overrides in ``mkdocs.yml``, bad gates, and
expressions that fail on one item."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from handbook.cli import main
from handbook.config import ConfigError, settings_for_docs
from handbook.domain import phases
from handbook.gate_specs import ConditionSpec, builtin_gate_data
from handbook.gates import (
    MET,
    NOT_MET,
    UPCOMING,
    ConditionResult,
    Fault,
    GateResult,
    Runway,
    evaluate,
)
from handbook.lint import lint
from handbook.report import gate as gate_report
from handbook.schemas import schema_dir

TODAY = dt.date(2026, 11, 27)

SECTIONS = {
    "adr": ("Context", "Decision", "Consequences"),
    "runbook": ("Symptoms", "Steps", "Verification"),
    "experiment": ("Hypothesis", "Method", "Results"),
    "outcome": ("Intent", "Outcomes", "Non-goals"),
    "constraint": ("Context", "Implications"),
    "contract": ("Interface", "Compatibility"),
    "postmortem": ("Summary", "Timeline", "Contributing factors"),
}
FOLDERS = {
    "adr": "decisions",
    "risk": "risks",
    "slo": "slos",
    "threat-model": "threats",
    "threat": "threats",
    "failure-mode": "failure-modes",
    "release-plan": "releases",
    "runbook": "runbooks",
    "experiment": "experiments",
    "outcome": "outcomes",
    "constraint": "constraints",
    "contract": "contracts",
    "postmortem": "postmortems",
}

# One complete document per kind: together they pass every default condition.
GOOD: dict[str, dict[str, Any]] = {
    "ADR-0001": {
        "kind": "adr",
        "title": "Use Postgres",
        "status": "accepted",
        "date": "2026-01-05",
        "options": [
            {"title": "Postgres", "kill-switch": "fall back to the old store"},
            {"title": "MySQL"},
        ],
        "mitigates": ["RISK-001", "THR-001"],
    },
    "RISK-001": {
        "kind": "risk",
        "title": "The database runs out of capacity",
        "status": "open",
        "owner": "ana",
        "category": "capacity-cost",
        "likelihood": "certain",
        "impact": "severe",
        "review-by": "2027-01-01",
    },
    "SLO-001": {
        "kind": "slo",
        "title": "Checkout latency",
        "status": "active",
        "owner": "ana",
        "objective": 99.0,
        "time-window": "28d",
        "error-budget-policy": "Freeze releases when the budget is spent.",
        "sli": {"category": "latency", "good-events": "fast", "total-events": "all"},
        "objectives": [{"name": "p95", "target": 99.0, "percentile": "p95", "threshold": "300ms"}],
        "verified-by": ["EXP-001"],
        "alerting": {
            "burn-rate-windows": [{"long-window": "1h", "short-window": "5m", "burn-rate": 14.4}]
        },
    },
    "TM-001": {
        "kind": "threat-model",
        "title": "Checkout",
        "status": "approved",
        "owner": "ana",
        "threats": [],
        "data-flows": [{"id": "DF-1", "source": "a", "destination": "b"}],
    },
    "THR-001": {
        "kind": "threat",
        "title": "Bots flood checkout",
        "status": "open",
        "category": "denial-of-service",
        "severity": "high",
    },
    "FM-001": {
        "kind": "failure-mode",
        "title": "The primary fails over",
        "status": "analysed",
        "severity": 9,
        "occurrence": 3,
        "detection": 3,
        "timeout": {"value": "2s"},
        "handled-by": ["RB-001"],
        "verified-by": ["EXP-002"],
    },
    "REL-001": {
        "kind": "release-plan",
        "title": "Canary release",
        "status": "approved",
        "owner": "ana",
        "strategy": "canary",
        "steps": [
            {"weight": 5, "verify": "SLO-001", "slos": ["SLO-001"]},
            {"weight": 50, "verify": "SLO-001"},
        ],
        "feature-flags": [{"name": "checkout-v2"}],
        "rollback": "Turn the flag off.",
        "gated-by": ["SLO-001"],
        "migration": {"type": "forward-only", "plan": "Repair rows with the fix-up job."},
        "post-deploy-monitoring": {"window": "24h"},
        "sign-off": {"metrics": ["checkout error rate under 0.1%"]},
    },
    "RB-001": {
        "kind": "runbook",
        "title": "Roll back a release",
        "status": "active",
        "owner": "ana",
        "runbook-type": "rollback",
        "last-tested": "2026-11-01",
        "escalation": {"policy": "orders"},
    },
    "EXP-001": {
        "kind": "experiment",
        "title": "Load test at twice the peak",
        "status": "passed",
        "owner": "ana",
        "experiment-type": "load",
        "evidence-files": [{"path": "results/k6.json", "format": "k6", "date": "2026-11-20"}],
        "thresholds": [{"from": "SLO-001"}],
    },
    "EXP-002": {
        "kind": "experiment",
        "title": "Fail the primary",
        "status": "passed",
        "owner": "ana",
        "experiment-type": "chaos",
    },
    "OUT-001": {
        "kind": "outcome",
        "title": "More people finish checkout",
        "status": "accepted",
        "owner": "ana",
        "outcomes": [{"metric": "checkout conversion", "target": "2.5%", "deadline": "2027-06-30"}],
        "measured-by": ["SLO-001"],
    },
    "CONS-001": {
        "kind": "constraint",
        "title": "Checkout answers within 300 ms",
        "status": "active",
        "owner": "ana",
        "constraint-type": "latency",
        "statement": "p99 checkout latency stays under 300 ms.",
        "hard": True,
        "source": "The payment provider's contract",
        "constrains": ["SLO-001"],
    },
    "CTR-001": {
        "kind": "contract",
        "title": "Checkout API",
        "status": "active",
        "owner": "ana",
        "interface": {"format": "openapi", "location": "api/checkout.yaml"},
        "budgets": {"latency": {"p95": "200ms"}},
        "verified-by": ["EXP-001"],
    },
    "PM-001": {
        "kind": "postmortem",
        "title": "Checkout was down for an hour",
        "status": "reviewed",
        "owner": "ana",
        "incident-window": {"start": "2026-10-01T10:00:00Z", "end": "2026-10-01T11:00:00Z"},
        "severity": "sev2",
        "impact": "No one could pay for an hour.",
        "action-items": [
            {
                "description": "Alert on failover",
                "owner": "ana",
                "due": "2026-12-15",
                "status": "open",
            }
        ],
        "review-date": "2026-10-08",
        "involves": ["FM-001"],
    },
}


EVIDENCE = Path(__file__).parent / "data" / "evidence" / "k6" / "summary-export.json"
"""EXP-001's result file: p95 268.4 ms, within SLO-001's 300 ms."""


def write_handbook(root: Path, documents: dict[str, dict[str, Any]]) -> Path:
    docs = root / "docs"
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "k6.json").write_bytes(EVIDENCE.read_bytes())
    for item_id, data in documents.items():
        kind = data["kind"]
        path = docs / FOLDERS[kind] / f"{item_id.lower()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"\n## {name}\n\nText.\n" for name in SECTIONS.get(kind, ()))
        front = yaml.safe_dump({"id": item_id, **data}, sort_keys=False, allow_unicode=True)
        path.write_text(f"---\n{front}---\n# {data['title']}\n{body}", encoding="utf-8")
    return docs


def run(root: Path, documents: dict[str, dict[str, Any]], options: Any = None) -> Runway:
    docs = write_handbook(root, documents)
    settings = settings_for_docs(docs, options)
    settings = dataclasses.replace(settings, today=TODAY)
    return evaluate(lint(settings), settings)


def condition(runway: Runway, condition_id: str) -> ConditionResult:
    for gate in runway.gates:
        for result in gate.conditions:
            if result.spec.id == condition_id:
                return result
    raise AssertionError(f"no condition {condition_id}")


def changed(item_id: str, **fields: Any) -> dict[str, dict[str, Any]]:
    """The good handbook with some fields of one item changed (None removes a field)."""
    documents = copy.deepcopy(GOOD)
    for key, value in fields.items():
        key = key.replace("_", "-")
        if value is None:
            documents[item_id].pop(key, None)
        else:
            documents[item_id][key] = value
    return documents


# (condition, the item broken, its changes, the start of the reason at fault)
FAILING = [
    ("risks-valid", "RISK-001", {"likelihood": None}, "HB101"),
    ("risks-owned", "RISK-001", {"owner": ""}, "no owner"),
    ("high-risks-answered", "RISK-001", {"on": "ADR-0001", "mitigates": ["THR-001"]}, "HB501"),
    ("slos-have-objectives", "SLO-001", {"time_window": None}, "an SLO needs sli"),
    ("decisions-compare-options", "ADR-0001", {"options": [{"title": "Postgres"}]}, "fewer"),
    (
        "decisions-name-kill-switch",
        "ADR-0001",
        {"options": [{"title": "A"}, {"title": "B"}]},
        "no kill-switch",
    ),
    ("threat-models-map-data-flows", "TM-001", {"data_flows": None}, "no data-flows"),
    ("threats-answered", "THR-001", {"on": "ADR-0001", "mitigates": ["RISK-001"]}, "HB504"),
    ("failure-modes-say-how-they-degrade", "FM-001", {"timeout": None}, "none of degradation"),
    ("severe-failure-modes-handled", "FM-001", {"handled_by": None}, "HB502"),
    ("releases-gated-by-slos", "REL-001", {"gated_by": None}, "no SLO gates it"),
    ("slo-indicators-have-a-source", "SLO-001", {"sli": {"category": "latency"}}, "the sli lacks"),
    ("releases-behind-flags", "REL-001", {"feature_flags": None}, "a release plan needs"),
    ("latency-slos-load-tested", "SLO-001", {"verified_by": None}, "no passed load"),
    (
        "latency-slos-have-passing-evidence",
        "SLO-001",
        {"objectives": [{"name": "p95", "target": 99, "percentile": "p95", "threshold": "200ms"}]},
        "the newest experiment",
    ),
    (
        "experiments-agree-with-evidence",
        "EXP-001",
        {"evidence_files": [{"path": "results/lost.json", "format": "k6"}]},
        "HB509",
    ),
    (
        "release-stages-evidence-holds",
        "REL-001",
        {
            "on": "SLO-001",
            "objectives": [{"name": "p95", "target": 99, "percentile": "p95", "threshold": "9ms"}],
        },
        "a stage's verification SLO",
    ),
    (  # the stage's own result file (p95 268.4 ms) against its own limit
        "release-stages-evidence-holds",
        "REL-001",
        {
            "steps": [
                {
                    "weight": 5,
                    "verify": "a p95 under 200 ms",
                    "evidence-files": [{"path": "results/k6.json", "format": "k6"}],
                    "thresholds": [{"metric": "latency", "percentile": "p95", "limit": "200ms"}],
                },
                {"weight": 50, "verify": "SLO-001"},
            ]
        },
        "a stage's verification SLO has failing evidence, or the stage's own evidence files",
    ),
    ("severe-failure-modes-chaos-tested", "FM-001", {"verified_by": None}, "no passed chaos"),
    ("rollback-rehearsed", "RB-001", {"last_tested": "2026-01-01"}, "not rehearsed"),
    ("runbooks-escalate", "RB-001", {"escalation": None}, "no escalation"),
    (
        "release-steps-verified",
        "REL-001",
        {"steps": [{"weight": 5}, {"weight": 50}]},
        "a step has no verify",
    ),
    (
        "progressive-exposure",
        "REL-001",
        {"steps": [{"weight": 5, "verify": "x"}]},
        "fewer than two steps",
    ),
    ("slos-have-budget-policy", "SLO-001", {"error_budget_policy": None}, "no error-budget"),
    ("capacity-risks-owned", "RISK-001", {"review_by": None}, "a capacity risk needs"),
    ("runbooks-owned", "RB-001", {"owner": ""}, "no owner"),
    ("reviews-not-overdue", "RISK-001", {"review_by": "2026-11-01"}, "its review-by date"),
    (
        "outcomes-measurable",
        "OUT-001",
        {"outcomes": [{"metric": "checkout conversion", "target": "2.5%"}]},
        "an outcome without metric, target and deadline",
    ),
    ("outcomes-measured", "OUT-001", {"measured_by": None}, "no SLO measures it"),
    ("constraints-owned", "CONS-001", {"owner": ""}, "a constraint needs an owner"),
    ("hard-constraints-applied", "CONS-001", {"constrains": None}, "nothing it constrains"),
    ("contracts-have-budgets", "CTR-001", {"budgets": None}, "no performance budgets"),
    ("contracts-verified", "CTR-001", {"verified_by": None}, "no experiment verifies it"),
    ("postmortems-reviewed", "PM-001", {"review_date": None}, "no review-date"),
    (
        "postmortem-actions-owned",
        "PM-001",
        {"action_items": [{"description": "Alert on failover", "due": "2026-12-15"}]},
        "an action item lacks an owner",
    ),
    (
        "forward-only-migrations-planned",
        "REL-001",
        {"migration": {"type": "forward-only"}},
        "a forward-only migration has no plan",
    ),
    ("slos-alert-on-burn-rate", "SLO-001", {"alerting": None}, "no alerting"),
    (
        "releases-watched-after-deploy",
        "REL-001",
        {"post_deploy_monitoring": None},
        "no post-deploy-monitoring",
    ),
    (
        "releases-signed-off-on-metrics",
        "REL-001",
        {"sign_off": {"approvers": ["ana"]}},
        "the sign-off names no metric or SLO",
    ),
    (
        "waivers-current",
        "RISK-001",
        {"waivers": [{"rule": "HB501", "reason": "r", "owner": "ana", "expires": "2026-01-01"}]},
        "HB401",
    ),
]


@pytest.fixture(scope="module")
def good_runway(tmp_path_factory: pytest.TempPathFactory) -> Runway:
    return run(tmp_path_factory.mktemp("good"), GOOD)


def test_every_default_condition_has_a_case() -> None:
    defaults = {
        entry["id"]
        for entries in builtin_gate_data().values()
        for entry in entries  # type: ignore[attr-defined]
    }
    covered = {case[0] for case in FAILING} | {"runbooks-complete"}
    assert covered == defaults


def test_the_defaults_have_one_gate_per_phase_and_cover_every_checkable_promise() -> None:
    data = builtin_gate_data()
    assert list(data) == list(phases())
    promises = {e["promise"] for entries in data.values() for e in entries}  # type: ignore[attr-defined]
    # Every promise but 12 (whether CI runs lint, type checks, tests and scans is a fact of
    # the CI configuration, not of the documents; docs/guide/gates.md says so).
    assert promises == set(range(1, 25)) - {12}


@pytest.mark.parametrize("condition_id", [case[0] for case in FAILING] + ["runbooks-complete"])
def test_the_good_handbook_passes(good_runway: Runway, condition_id: str) -> None:
    result = condition(good_runway, condition_id)
    assert result.passed, result.faults
    assert result.checked >= 1


def test_the_good_handbook_meets_every_gate(good_runway: Runway) -> None:
    assert [g.state for g in good_runway.gates] == ["met"] * 6
    assert good_runway.passed


@pytest.mark.parametrize(("condition_id", "item_id", "fields", "why"), FAILING)
def test_a_broken_item_fails_its_condition(
    tmp_path: Path, condition_id: str, item_id: str, fields: dict[str, Any], why: str
) -> None:
    fields = dict(fields)
    runway = run(tmp_path, changed(fields.pop("on", item_id), **fields))
    result = condition(runway, condition_id)
    assert not result.passed
    folder = FOLDERS[GOOD[item_id]["kind"]]
    assert [(f.item, f.path) for f in result.faults] == [
        (item_id, f"docs/{folder}/{item_id.lower()}.md")
    ]
    assert result.faults[0].why.startswith(why), result.faults[0].why
    assert result.faults[0].line >= 1


def test_runbooks_complete_reports_the_missing_section(tmp_path: Path) -> None:
    docs = write_handbook(tmp_path, GOOD)
    path = docs / "runbooks" / "rb-001.md"
    path.write_text(path.read_text().replace("## Verification\n\nText.\n", ""))
    settings = settings_for_docs(docs)
    result = condition(evaluate(lint(settings), settings), "runbooks-complete")
    assert [(f.item, f.path, f.why[:5]) for f in result.faults] == [
        ("RB-001", "docs/runbooks/rb-001.md", "HB301")
    ]


def test_conditions_about_kinds_without_documents_check_nothing(tmp_path: Path) -> None:
    new_kinds = {"outcome", "constraint", "contract", "postmortem"}
    documents = {k: v for k, v in GOOD.items() if v["kind"] not in new_kinds}
    runway = run(tmp_path, documents)
    for condition_id in (
        "outcomes-measurable",
        "constraints-owned",
        "contracts-verified",
        "postmortems-reviewed",
    ):
        result = condition(runway, condition_id)
        assert result.passed and result.checked == 0


# The runway phase and overrides.


def test_gates_after_the_declared_phase_are_upcoming(tmp_path: Path) -> None:
    documents = changed("RB-001", escalation=None)  # a harden condition fails
    runway = run(tmp_path, documents, {"runway": {"phase": "build"}})
    assert [g.state for g in runway.gates] == ["met"] * 3 + ["upcoming"] * 3
    assert runway.passed
    runway = run(tmp_path / "b", documents, {"runway": {"phase": "harden"}})
    assert runway.gates[3].state == "not-met"
    assert not runway.passed


def test_a_project_adds_tightens_and_drops_conditions(tmp_path: Path) -> None:
    options = {
        "gates": {
            "harden": {
                "rollback-rehearsed": {
                    "require": 'days_since(fields["last-tested"]) <= 7',
                    "because": "not rehearsed this week",
                },
                "runbooks-escalate": False,
            },
            "ship": {
                "releases-are-blue": {
                    "statement": "Every release is blue-green.",
                    "select": {"kind": "release-plan"},
                    "require": 'fields.strategy == "blue-green"',
                }
            },
        }
    }
    runway = run(tmp_path, changed("RB-001", escalation=None), options)
    harden = [c.spec.id for c in runway.gates[3].conditions]
    assert "runbooks-escalate" not in harden
    rehearsed = condition(runway, "rollback-rehearsed")
    assert [f.why for f in rehearsed.faults] == ["not rehearsed this week"]
    blue = condition(runway, "releases-are-blue")
    assert [f.item for f in blue.faults] == ["REL-001"]


def test_the_rehearsal_window_is_the_runbook_schemas(tmp_path: Path) -> None:
    """The default reads its window from the runbook schema's rehearsal-age, in its
    expression and in its words: a project's schema with 30 days makes it 30 days."""
    documents = changed("RB-001", last_tested="2026-10-17")  # 41 days before TODAY
    rehearsed = condition(run(tmp_path / "a", documents), "rollback-rehearsed")
    assert rehearsed.spec.statement == "Every rollback runbook was rehearsed in the last 90 days."
    assert rehearsed.passed
    schema = json.loads((schema_dir() / "runbook.json").read_text(encoding="utf-8"))
    schema["x-handbook"]["rehearsal-age"] = {"warn-after-days": 30, "gap-after-days": 60}
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "runbook.json").write_text(json.dumps(schema), encoding="utf-8")
    options = {"kinds": {"runbook": {"schema": "runbook.json"}}}
    rehearsed = condition(run(tmp_path / "b", documents, options), "rollback-rehearsed")
    assert rehearsed.spec.statement == "Every rollback runbook was rehearsed in the last 30 days."
    assert [(f.item, f.why) for f in rehearsed.faults] == [
        ("RB-001", "not rehearsed (last-tested or rehearsals) in the last 30 days")
    ]


@pytest.mark.parametrize(
    ("rehearsals", "passed"),
    [
        ([{"date": "2026-06-01"}, {"date": "2026-11-20"}], True),  # the later one is recent
        ([{"date": "2026-06-01"}, {"summary": "undated"}], False),
        ([], False),
    ],
)
def test_a_recorded_rehearsal_counts_as_lint_counts_it(
    tmp_path: Path, rehearsals: list[dict[str, str]], passed: bool
) -> None:
    """A rollback last-tested long ago but rehearsed since (its rehearsals' dates) is
    rehearsed, for the gate as for HB403: the age counts from the later date."""
    documents = changed("RB-001", last_tested="2026-01-05", rehearsals=rehearsals)
    runway = run(tmp_path, documents)
    rehearsed = condition(runway, "rollback-rehearsed")
    assert rehearsed.passed is passed
    if not passed:
        assert [(f.item, f.why) for f in rehearsed.faults] == [
            ("RB-001", "not rehearsed (last-tested or rehearsals) in the last 90 days")
        ]


# Bad input: one line naming gate and condition, exit 2; a failure on one item is a
# failing condition with the reason.


@pytest.mark.parametrize(
    ("gates", "message"),
    [
        ({"shipping": {}}, "gates.shipping: unknown phase 'shipping'; did you mean 'ship'?"),
        (
            {"ship": {"x": {"statement": "s", "rule": "unmitigated-risks"}}},
            "gates.ship.x: unknown rule 'unmitigated-risks'",
        ),
        (
            {
                "ship": {
                    "x": {"statement": "s", "select": {"kind": "releaseplan"}, "require": "true"}
                }
            },
            "gates.ship.x: unknown kind 'releaseplan'; did you mean 'release-plan'?",
        ),
        (
            {
                "ship": {
                    "x": {
                        "statement": "s",
                        "select": {"kind": "slo"},
                        "require": '"objectve" in fields',
                    }
                }
            },
            "gates.ship.x: unknown field 'objectve'; did you mean 'objective'?",
        ),
        (
            {"ship": {"x": {"statement": "s", "require": 'size(related["gated_by"]) > 0'}}},
            "gates.ship.x: unknown relation 'gated_by'; did you mean 'gated-by'?",
        ),
        (
            {
                "ship": {
                    "x": {
                        "statement": "s",
                        "select": {"kind": "slo", "group": "live"},
                        "require": "true",
                    }
                }
            },
            "gates.ship.x: unknown status group 'live'",
        ),
        (
            {
                "harden": {
                    "x": {
                        "statement": "in {facts.rehearsal-age.warn-after-days}",
                        "require": "true",
                    }
                }
            },
            "gates.harden.x: 'statement' quotes a fact: 'select.kind' must name one kind",
        ),
        (
            {
                "harden": {
                    "x": {
                        "statement": "s",
                        "select": {"kind": "runbook"},
                        "require": "true",
                        "because": "older than {facts.rehearsal-age.warn-after-dayz} days",
                    }
                }
            },
            "gates.harden.x: 'because' quotes {facts.rehearsal-age.warn-after-dayz}, which the"
            " x-handbook block of kind 'runbook' does not give as a number or a word",
        ),
        ({"ship": {"x": {"statement": "s"}}}, "gates.ship.x: give exactly one of 'rule'"),
        ({"ship": {"nope": False}}, "gates.ship.nope: unknown condition 'nope'"),
        ({"ship": {"x": {"require": "true"}}}, "gates.ship.x: 'statement' must be one line"),
    ],
)
def test_a_bad_gate_is_a_config_error(tmp_path: Path, gates: Any, message: str) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(ConfigError) as raised:
        settings_for_docs(tmp_path / "docs", {"gates": gates})
    text = str(raised.value)
    assert "\n" not in text
    assert f"plugins.handbook.{message}" in text, text


def cli(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["gate", "-f", str(root / "mkdocs.yml"), *args])


def project(root: Path, documents: dict[str, dict[str, Any]], options: Any = None) -> Path:
    write_handbook(root, documents)
    config = {"site_name": "t", "plugins": [{"handbook": options or {}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def test_an_expression_that_does_not_parse_is_exit_2_naming_gate_and_condition(
    tmp_path: Path,
) -> None:
    options = {"gates": {"ship": {"x": {"statement": "s", "require": "fields.owner =="}}}}
    result = cli(project(tmp_path, GOOD, options), "--today", "2026-11-27")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: mkdocs.yml: plugins.handbook.gates.ship.x: require does not parse: "
        "line 1, column 16: Syntax error: mismatched input '<EOF>'"
    ]


def test_an_expression_that_fails_on_one_item_fails_its_condition_there(tmp_path: Path) -> None:
    options = {
        "gates": {
            "ship": {
                "owners-short": {
                    "statement": "Owners are short names.",
                    "select": {"kind": "runbook"},
                    "require": "size(fields.owner) < 10",
                }
            }
        }
    }
    documents = copy.deepcopy(GOOD)
    documents["RB-002"] = {**documents["RB-001"], "owner": 12}  # a number: size() fails
    runway = run(tmp_path, documents, options)
    result = condition(runway, "owners-short")
    assert result.checked == 2
    assert [(f.item, f.why.split(":")[0]) for f in result.faults] == [
        ("RB-002", "cannot evaluate require")
    ]


def test_an_unparseable_date_is_a_reason_not_a_traceback(tmp_path: Path) -> None:
    runway = run(tmp_path, changed("RB-001", last_tested="last week"))
    (fault,) = condition(runway, "rollback-rehearsed").faults
    assert fault.why == (
        "cannot evaluate require: days_since(): 'last week' is not a date (YYYY-MM-DD)"
    )


def test_a_gate_on_a_rule_turned_off_cannot_pass(tmp_path: Path) -> None:
    runway = run(tmp_path, GOOD, {"rules": {"HB401": "ignore"}})
    result = condition(runway, "waivers-current")
    assert not result.passed
    assert result.note == "HB401 turned off under rules: in the config; cannot check"


# The command: exit codes and formats.


def test_exit_status_follows_the_gates_up_to_the_phase(tmp_path: Path) -> None:
    root = project(tmp_path, changed("RB-001", escalation=None))
    assert cli(root, "--today", "2026-11-27").exit_code == 1
    assert cli(root, "build", "--today", "2026-11-27").exit_code == 0
    assert cli(root, "harden", "--today", "2026-11-27").exit_code == 1
    assert cli(root, "nowhere").exit_code == 2
    assert cli(root, "--today", "yesterday").exit_code == 2


def test_the_phase_argument_shows_gates_up_to_it_and_all_shows_the_rest(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD, {"runway": {"phase": "design"}})
    document = json.loads(cli(root, "--format", "json", "--today", "2026-11-27").output)
    assert [g["phase"] for g in document["gates"]] == ["understand", "design"]
    document = json.loads(cli(root, "--all", "--format", "json", "--today", "2026-11-27").output)
    assert [g["state"] for g in document["gates"]] == ["met", "met"] + ["upcoming"] * 4


def test_the_json_contract(tmp_path: Path) -> None:
    root = project(tmp_path, changed("RB-001", escalation=None), {"runway": {"phase": "harden"}})
    result = cli(root, "harden", "--format", "json", "--today", "2026-11-27")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert list(document) == [
        "version",
        "phase",
        "phase_number",
        "phases",
        "declared",
        "today",
        "passed",
        "gates",
    ]
    assert document["version"] == 1
    assert (document["phase"], document["phase_number"], document["phases"]) == ("harden", 4, 6)
    assert document["declared"] is True and document["passed"] is False
    gate = document["gates"][3]
    assert list(gate) == ["phase", "number", "state", "passed", "conditions"]
    assert (gate["phase"], gate["state"], gate["passed"]) == ("harden", "not-met", False)
    escalate = next(c for c in gate["conditions"] if c["id"] == "runbooks-escalate")
    assert escalate == {
        "id": "runbooks-escalate",
        "statement": "Every active runbook says how to escalate.",
        "promise": 16,
        "check": "predicate",
        "rules": [],
        "require": '"escalation" in fields',
        "passed": False,
        "checked": 1,
        "note": None,
        "faults": [
            {"item": "RB-001", "path": "docs/runbooks/rb-001.md", "line": 1, "why": "no escalation"}
        ],
    }
    complete = next(c for c in gate["conditions"] if c["id"] == "runbooks-complete")
    assert (complete["check"], complete["rules"]) == ("rule", ["HB301", "HB302"])


def test_markdown_escapes_what_users_wrote(tmp_path: Path) -> None:
    options = {
        "gates": {
            "ship": {
                "x": {
                    "statement": "Titles are plain <b>text</b>",
                    "select": {"kind": "runbook"},
                    "require": "false",
                    "because": "title [link](javascript:alert(1)) | pipe",
                }
            }
        }
    }
    root = project(tmp_path, GOOD, options)
    text = cli(root, "ship", "--format", "markdown", "--today", "2026-11-27").output
    assert "<b>" not in text and "](javascript" not in text
    assert "\\| pipe" in text  # a pipe cannot end a table cell
    assert "- **x**: Titles are plain \\<b\\>text\\</b\\>" in text
    assert "  - `RB-001` `docs/runbooks/rb-001.md:1`: title \\[link\\]" in text


def test_the_plugin_logs_failing_gates_as_warnings_when_asked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from handbook.plugin import HandbookPlugin

    documents = changed("RB-001", escalation=None)
    docs = write_handbook(tmp_path, documents)
    for fail_build, level in ((True, "WARNING"), (False, "INFO")):
        plugin = HandbookPlugin()
        plugin.settings = settings_for_docs(
            docs, {"runway": {"phase": "harden", "fail_build": fail_build}}
        )
        plugin.result = lint(plugin.settings)
        caplog.clear()
        with caplog.at_level("INFO", logger="mkdocs.plugins.handbook"):
            plugin._log_gates()
        lines = [(r.levelname, r.getMessage()) for r in caplog.records]
        assert lines == [
            (
                level,
                "docs/runbooks/rb-001.md:1: gate harden: runbooks-escalate not met: "
                "RB-001: no escalation",
            )
        ]


def test_selection_by_group_fields_and_where(tmp_path: Path) -> None:
    documents = copy.deepcopy(GOOD)
    # Not selected: a closed risk (not-group inactive), a draft runbook (group active), a
    # failover runbook (fields: runbook-type rollback), a failure mode of severity 7
    # (where: severity >= 8).
    documents["RISK-002"] = {**documents["RISK-001"], "status": "closed", "owner": ""}
    documents["RB-002"] = {**documents["RB-001"], "status": "draft", "escalation": None}
    del documents["RB-002"]["escalation"]
    documents["RB-003"] = {**documents["RB-001"], "runbook-type": "failover"}
    documents["RB-003"]["last-tested"] = "2020-01-01"
    documents["FM-002"] = {**documents["FM-001"], "severity": 7}
    del documents["FM-002"]["verified-by"]
    runway = run(tmp_path, documents)
    assert condition(runway, "risks-owned").checked == 1
    assert condition(runway, "runbooks-escalate").checked == 2
    assert condition(runway, "rollback-rehearsed").checked == 2
    assert condition(runway, "severe-failure-modes-chaos-tested").checked == 1
    assert all(
        condition(runway, c).passed
        for c in (
            "risks-owned",
            "runbooks-escalate",
            "rollback-rehearsed",
            "severe-failure-modes-chaos-tested",
        )
    )


def test_a_rule_condition_counts_only_findings_about_its_items(tmp_path: Path) -> None:
    docs = write_handbook(tmp_path, GOOD)
    path = docs / "decisions" / "adr-0001.md"  # an ADR without Consequences: HB301 too
    path.write_text(path.read_text().replace("## Consequences\n\nText.\n", ""))
    settings = settings_for_docs(docs)
    runway = evaluate(lint(settings), settings)
    assert condition(runway, "runbooks-complete").passed


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    options = {
        "gates": {
            "ship": {
                "x": {
                    "statement": "s",
                    "select": {"kind": "runbook"},
                    "require": 'fields.service == "orders"',
                }
            }
        }
    }
    (fault,) = condition(run(tmp_path, GOOD, options), "x").faults
    assert fault.why == "cannot evaluate require: no such key: service"


# The reports, written whole (mutation testing): a runway built by hand, so that each line
# (a skipped condition, a fault with no item, a note, text to escape) is there once.


def _spec(condition_id: str, phase: str, statement: str, **fields: Any) -> ConditionSpec:
    return ConditionSpec(id=condition_id, phase=phase, statement=statement, **fields)


def _runway(phase: str, declared: bool, *gates: GateResult) -> Runway:
    return Runway(phase, declared, gates, dt.date(2026, 11, 27))


_UNDERSTAND = GateResult(
    "understand",
    1,
    MET,
    (
        ConditionResult(_spec("risks-owned", "understand", "Every risk has an owner."), True, 1),
        ConditionResult(
            _spec("outcomes-measured", "understand", "Every outcome is measured."),
            True,
            0,
            note="no outcome here",
        ),
    ),
)
_OPTIONS = _spec(
    "options-compared",
    "design",
    "Decisions compare options — two at least.",
    require="size(fields.options) >= 2",
    promise=5,
)
_WAIVERS = _spec(
    "waivers-current", "design", "No waiver has expired.", rules=("HB401",), rule_keys=("x",)
)
_DESIGN = GateResult(
    "design",
    2,
    NOT_MET,
    (
        ConditionResult(
            _OPTIONS,
            False,
            3,
            faults=(
                Fault("ADR-`1`", "docs/a.md", 4, "fewer than 2 options & no <b>kill</b> switch"),
                Fault(None, "docs/b\x1b.md", 1, "HB100 cannot read"),
            ),
        ),
        ConditionResult(_WAIVERS, False, 0, note="HB401 turned off under rules: in the config"),
    ),
)
_BUILD = GateResult(
    "build",
    3,
    NOT_MET,
    (
        ConditionResult(
            _spec("contracts-verified", "build", "Every contract is verified."),
            False,
            2,
            faults=(Fault("CT-001", "docs/c.md", 2, "no experiment"),),
        ),
    ),
)
_HARDEN = GateResult(
    "harden",
    4,
    UPCOMING,
    (
        ConditionResult(
            _spec("runbooks-escalate", "harden", "Every runbook escalates."),
            False,
            1,
            faults=(Fault("RB-001", "docs/r.md", 1, "no escalation"),),
        ),
    ),
)
_BUILD_RUNWAY = _runway("build", False, _UNDERSTAND, _DESIGN, _BUILD, _HARDEN)

_FULL_HARDEN = (
    "4. harden: upcoming\n"
    "  FAIL  runbooks-escalate  (1 item)\n"
    "        Every runbook escalates.\n"
    "        RB-001  docs/r.md:1  no escalation\n"
    "\n"
)


def test_the_full_report_whole() -> None:
    expected = (
        "Runway at phase 3 of 6 (build), no phase declared: every gate counts, as of "
        "2026-11-27\n"
        "\n"
        "1. understand: met\n"
        "  pass  risks-owned  (1 item)\n"
        "        Every risk has an owner.\n"
        "  skip  outcomes-measured  (no outcome here)\n"
        "        Every outcome is measured.\n"
        "\n"
        "2. design: not met\n"
        "  FAIL  options-compared  (3 items)\n"
        "        Decisions compare options — two at least.\n"
        "        ADR-`1`  docs/a.md:4  fewer than 2 options & no <b>kill</b> switch\n"
        "        -  docs/b\\x1b.md:1  HB100 cannot read\n"
        "  FAIL  waivers-current  (HB401 turned off under rules: in the config)\n"
        "        No waiver has expired.\n"
        "\n"
        "3. build: not met\n"
        "  FAIL  contracts-verified  (2 items)\n"
        "        Every contract is verified.\n"
        "        CT-001  docs/c.md:2  no experiment\n"
        "\n"
        f"{_FULL_HARDEN}"
        "2 of 3 gates up to build not met: design, build.\n"
    )
    assert gate_report.full(_BUILD_RUNWAY, True) == expected
    assert gate_report.full(_BUILD_RUNWAY, False) == expected.replace(_FULL_HARDEN, "")


@pytest.mark.parametrize(
    ("runway", "verdict"),
    [
        (
            _runway("understand", True, _UNDERSTAND, dataclasses.replace(_DESIGN, state=UPCOMING)),
            "The understand gate is met.",
        ),
        (
            _runway("understand", True, dataclasses.replace(_BUILD, phase="understand", number=1)),
            "The understand gate is not met.",
        ),
        (
            _runway("design", True, _UNDERSTAND, dataclasses.replace(_UNDERSTAND, number=2)),
            "All 2 gates up to design are met.",
        ),
    ],
)
def test_the_verdict_of_one_gate_and_of_all_met(runway: Runway, verdict: str) -> None:
    heading = f"Runway at phase {runway.number} of 6 ({runway.phase}), as of 2026-11-27\n\n"
    text = gate_report.full(runway, False)
    assert text.startswith(heading)
    assert text.endswith(f"\n\n{verdict}\n")
    markdown = gate_report.markdown(runway, False)
    assert markdown.startswith(f"## {heading.rstrip()}".replace("(", "\\(").replace(")", "\\)"))
    assert f"\n**{verdict}**\n" in markdown


def test_the_markdown_report_whole() -> None:
    harden = (
        "\n### ⏳ harden\n\n"
        "- **runbooks-escalate**: Every runbook escalates.\n"
        "  - `RB-001` `docs/r.md:1`: no escalation\n"
    )
    expected = (
        "## Runway at phase 3 of 6 \\(build\\), no phase declared: every gate counts, as of "
        "2026-11-27\n"
        "\n"
        "| phase | gate | conditions passed |\n"
        "|---|---|---|\n"
        "| 1. understand | ✅ met | 2 of 2 |\n"
        "| 2. design | ❌ not met | 0 of 2 |\n"
        "| 3. build | ❌ not met | 0 of 1 |\n"
        "| 4. harden | ⏳ upcoming | 0 of 1 |\n"
        "\n"
        "**2 of 3 gates up to build not met: design, build.**\n"
        "\n"
        "### ❌ design\n"
        "\n"
        "- **options-compared**: Decisions compare options — two at least.\n"
        "  - `ADR-'1'` `docs/a.md:4`: fewer than 2 options &amp; no \\<b\\>kill\\</b\\> switch\n"
        "  - `docs/b\\x1b.md:1`: HB100 cannot read\n"
        "- **waivers-current**: No waiver has expired.\n"
        "  - HB401 turned off under rules: in the config\n"
        "\n"
        "### ❌ build\n"
        "\n"
        "- **contracts-verified**: Every contract is verified.\n"
        "  - `CT-001` `docs/c.md:2`: no experiment\n"
        f"{harden}"
    )
    assert gate_report.markdown(_BUILD_RUNWAY, True) == expected
    assert gate_report.markdown(_BUILD_RUNWAY, False) == expected.replace(
        "| 4. harden | ⏳ upcoming | 0 of 1 |\n", ""
    ).replace(harden, "")


def test_the_json_report_whole() -> None:
    def condition_json(spec: ConditionSpec, **result: Any) -> dict[str, Any]:
        return {
            "id": spec.id,
            "statement": spec.statement,
            "promise": spec.promise,
            "check": "rule" if spec.rules else "predicate",
            "rules": list(spec.rules),
            "require": spec.require,
            **result,
        }

    fault = {"item": None, "path": "docs/b\x1b.md", "line": 1, "why": "HB100 cannot read"}
    design = [
        condition_json(
            _OPTIONS,
            passed=False,
            checked=3,
            note=None,
            faults=[
                {
                    "item": "ADR-`1`",
                    "path": "docs/a.md",
                    "line": 4,
                    "why": "fewer than 2 options & no <b>kill</b> switch",
                },
                fault,
            ],
        ),
        condition_json(
            _WAIVERS,
            passed=False,
            checked=0,
            note="HB401 turned off under rules: in the config",
            faults=[],
        ),
    ]
    document = {
        "version": 1,
        "phase": "design",
        "phase_number": 2,
        "phases": 6,
        "declared": True,
        "today": "2026-11-27",
        "passed": False,
        "gates": [
            {
                "phase": "design",
                "number": 2,
                "state": "not-met",
                "passed": False,
                "conditions": design,
            }
        ],
    }
    text = gate_report.as_json(_runway("design", True, _DESIGN), False)
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert '\n          "statement": "Decisions compare options — two at least.",\n' in text
    assert '\n              "path": "docs/b\\u001b.md",\n' in text
