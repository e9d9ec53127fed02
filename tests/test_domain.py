"""The domain's facts live in the schemas, once: no Python copy of an enum, scales and bands
that agree with the enums they rate, and a status or a computed field added in a schema alone
reaching the rules, the registers and the item pages."""

from __future__ import annotations

import ast
import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handbook import domain
from handbook.cli import main
from handbook.kinds import KindCatalog
from handbook.schemas import builtin_schemas

PACKAGE = Path(__file__).parents[1] / "plugin" / "handbook"
KINDS = KindCatalog.builtin()


def _enums(node: Any) -> list[tuple[str, ...]]:
    """Every string enum anywhere in a schema."""
    found = []
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list):
            found.append(tuple(v for v in values if isinstance(v, str)))
        for value in node.values():
            found += _enums(value)
    elif isinstance(node, list):
        for value in node:
            found += _enums(value)
    return found


ENUM_WORDS = {word for body in builtin_schemas().values() for e in _enums(body) for word in e}

# Collections of enum words the code may keep, each with the reason, and checked below
# against the schema so that they can never differ from it.
ALLOWED = {
    ("site/registers.py", "_PHASE_TEXT"): "the runway's sentence per phase, page text",
    ("site/registers.py", "_STRIDE"): "the threat catalog shows the STRIDE categories first",
}


def _word_collections(package: Path = PACKAGE) -> list[tuple[str, str, int, list[str]]]:
    """(file, assigned name, line, words) for each literal set, tuple, list or dict whose
    two or more string members (keys, for a dict) are all words of some schema enum."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for inner in ast.walk(node.value):
                    names[id(inner)] = ", ".join(ast.unparse(t) for t in targets)
        for node in ast.walk(tree):
            if isinstance(node, ast.Set | ast.Tuple | ast.List):
                members: list[ast.expr | None] = list(node.elts)
            elif isinstance(node, ast.Dict):
                members = list(node.keys)
            else:
                continue
            words = [m.value for m in members if isinstance(m, ast.Constant)]
            if (
                len(members) >= 2
                and len(words) == len(members)
                and all(isinstance(w, str) and w in ENUM_WORDS for w in words)
            ):
                where = str(path.relative_to(package))
                found.append((where, names.get(id(node), "?"), node.lineno, words))
    return found


def test_no_python_copy_of_a_schema_enum() -> None:
    copies = [c for c in _word_collections() if (c[0], c[1]) not in ALLOWED]
    assert copies == [], "read these from handbook.domain or the kind instead: " + repr(copies)


def test_the_collections_kept_on_purpose_agree_with_the_schema() -> None:
    from handbook.site import registers

    assert {(c[0], c[1]) for c in _word_collections()} >= set(ALLOWED)
    assert tuple(registers._PHASE_TEXT) == domain.phases() == registers.PHASES
    threat_categories = domain.categories("threat")
    assert threat_categories[: len(registers._STRIDE)] == registers._STRIDE


def test_the_scan_finds_a_copy(tmp_path: Path) -> None:
    # Positive control: the scan sees enums typed out in Python, and only those.
    (tmp_path / "copy.py").write_text(
        'LEVELS = ("very-low", "low", "medium", "high", "very-high", "critical")\n'
        "def f(s):\n    return s in {'superseded', 'deprecated'}\n"
        "SYNONYMS = {'approved': 'accepted', 'wip': 'draft'}\n"
        "FIELDS = ('likelihood', 'impact')\n",
        encoding="utf-8",
    )
    assert [(c[1], c[2]) for c in _word_collections(tmp_path)] == [("LEVELS", 1), ("?", 3)]


@pytest.mark.parametrize("name", sorted(KINDS.kinds))
def test_status_groups_sort_the_status_enum(name: str) -> None:
    kind = KINDS[name]
    assert kind.statuses, name
    main_groups = [kind.status_groups[g] for g in ("active", "inactive", "open")]
    assert sorted(s for group in main_groups for s in group) == sorted(kind.statuses)
    for group, members in kind.status_groups.items():
        assert members <= set(kind.statuses), (name, group)


@pytest.mark.parametrize("name", sorted(KINDS.kinds))
def test_scales_computed_fields_and_levels_agree_with_the_fields_they_describe(
    name: str,
) -> None:
    kind = KINDS[name]
    properties = kind.schema["properties"]
    facts = kind.facts
    for scale in facts.scales.values():
        for field in scale.fields:
            enum = properties[field]["enum"]
            assert [v for v in enum if isinstance(v, str)] == list(scale.words), field
            assert [v for v in enum if isinstance(v, int)] == list(scale.numbers), field
    for computed in facts.computed.values():
        highest = 1
        for factor in computed.factors:
            scale = computed.scales.get(factor)
            highest *= scale.numbers[-1] if scale else properties[factor]["maximum"]
        assert properties[computed.field]["maximum"] == highest, computed.field
    if facts.levels is not None:
        assert list(facts.levels.order) == properties[facts.levels.field]["enum"]
        assert facts.levels.score in facts.computed
        assert facts.levels.bands[0].minimum == properties[facts.levels.score]["minimum"]
    if facts.rehearsal_age is not None:
        assert 0 < facts.rehearsal_age.warn_after_days < facts.rehearsal_age.gap_after_days


def test_the_risk_facts_are_the_documented_ones() -> None:
    risk = KINDS["risk"].facts
    assert risk.scale("residual-likelihood") is risk.scales["likelihood"]
    assert risk.value("score", {"likelihood": "likely", "impact": 4}) == 16
    assert risk.value("score", {"likelihood": True, "impact": 4}) is None
    assert risk.value("score", {"likelihood": 6, "impact": 4}) is None
    assert risk.level({"likelihood": "likely", "impact": "major"}) == "very-high"
    assert risk.level({"level": "low", "likelihood": "likely", "impact": "major"}) == "low"
    assert risk.level({"level": "huge", "likelihood": "rare", "impact": "minor"}) == "very-low"
    assert risk.level({"likelihood": "rare"}) is None
    bands = {score: risk.levels.for_score(score) for score in (1, 2, 3, 5, 9, 10, 15, 19, 20, 25)}
    assert bands == {
        1: "very-low",
        2: "very-low",
        3: "low",
        5: "medium",
        9: "medium",
        10: "high",
        15: "very-high",
        19: "very-high",
        20: "critical",
        25: "critical",
    }
    fm = KINDS["failure-mode"].facts
    assert fm.value("rpn", {"severity": 9, "occurrence": 3, "detection": 4}) == 108
    assert fm.value("rpn", {"rpn": 7, "severity": 9, "occurrence": 3, "detection": 4}) == 7
    ages = KINDS["runbook"].facts.rehearsal_age
    assert ages is not None
    assert [ages.band(d) for d in (None, 0, 90, 91, 180, 181)] == [
        "gap",
        "ok",
        "ok",
        "warn",
        "warn",
        "gap",
    ]
    assert domain.risk_levels() == risk.levels.order
    assert domain.statuses("adr") == KINDS["adr"].statuses


def test_a_malformed_block_of_a_project_kind_is_left_out_not_raised() -> None:
    facts = domain.facts_from_meta(
        {
            "scales": {"size": {"values": {"s": "one"}}, "x": 3},
            "computed": {"cost": "hours"},
            "levels": {"bands": [{"level": 1, "from": "a"}]},
            "rehearsal-age": {"warn-after-days": "soon"},
        }
    )
    assert facts == domain.NO_FACTS


# A project that adds statuses to built-in kinds, and a kind of its own with a computed
# field, in its schemas alone.

_SECTIONS = "## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n"


def _with_statuses(name: str, extra: dict[str, list[str]]) -> dict[str, Any]:
    schema = copy.deepcopy(builtin_schemas()[name])
    for group, words in extra.items():
        enum = schema["properties"]["status"]["enum"]
        enum += [w for w in words if w not in enum]
        schema["x-handbook"]["statuses"].setdefault(group, []).extend(words)
    return schema


ESTIMATE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Estimate",
    "type": "object",
    "allOf": [{"$ref": "common.json#/$defs/document"}],
    "properties": {
        "status": {"enum": ["draft", "agreed"], "description": "Where it stands."},
        "size": {"enum": ["small", "large", 1, 3], "description": "Small (1) or large (3)."},
        "people": {"type": "integer", "description": "How many work on it."},
        "cost": {"type": "integer", "description": "Size times people."},
    },
    "required": ["id", "title", "status"],
    "unevaluatedProperties": False,
    "x-handbook": {
        "id-prefix": "EST",
        "folder": "estimates",
        "statuses": {"active": ["agreed"], "inactive": [], "open": ["draft"]},
        "scales": {"size": {"fields": ["size"], "values": {"small": 1, "large": 3}}},
        "computed": {"cost": ["size", "people"]},
    },
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("domain") / "project"
    adr = _with_statuses("adr", {"active": ["ratified"], "inactive": ["retracted"]})
    adr["x-handbook"]["statuses"]["withdrawn"].append("retracted")
    threat = _with_statuses("threat", {"active": ["tolerated"], "resolved": ["tolerated"]})
    for name, schema in (("adr", adr), ("threat", threat), ("estimate", ESTIMATE)):
        _write(root / "schemas" / f"{name}.json", json.dumps(schema, indent=2))
    _write(
        root / "mkdocs.yml",
        "site_name: domain\nplugins:\n  - handbook:\n      kinds:\n"
        "        adr: {schema: schemas/adr.json}\n"
        "        threat: {schema: schemas/threat.json}\n"
        "        estimate: {schema: schemas/estimate.json}\n",
    )
    docs = root / "docs"
    _write(docs / "index.md", "# Home\n")
    for number, status in (("0001", "ratified"), ("0002", "retracted")):
        _write(
            docs / "decisions" / f"{number}-{status}.md",
            f"---\nid: ADR-{number}\ntitle: A {status} decision\nstatus: {status}\n"
            f"date: 2026-01-01\nmitigates: [RISK-{number[-3:]}]\n---\n# A {status} decision\n\n"
            + _SECTIONS,
        )
    for number in ("001", "002"):
        _write(
            docs / "risks" / f"risk-{number}.md",
            f"---\nid: RISK-{number}\ntitle: Risk {number}\nstatus: open\nowner: ops\n"
            "likelihood: likely\nimpact: major\n---\n# Risk " + number + "\n",
        )
    _write(
        docs / "threats" / "thr-001.md",
        "---\nid: THR-001\ntitle: Spoofed callers\nstatus: tolerated\nowner: ops\n"
        "category: spoofing\nseverity: high\n---\n# Spoofed callers\n",
    )
    _write(
        docs / "estimates" / "est-001.md",
        "---\nid: EST-001\ntitle: Migration\nstatus: draft\nsize: large\npeople: 2\ncost: 5\n"
        "---\n# Migration\n",
    )
    return root


def _lint(project: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["lint", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return sorted(
        (d["code"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
        if d["code"] in ("HB102", "HB105", "HB501", "HB504")
    )


def test_a_status_added_in_the_schema_reaches_the_rules(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _lint(project, monkeypatch) == [
        ("HB105", "cost is 5 but size × people is 6"),
        (
            "HB501",
            "RISK-002 (very-high) has no active mitigation and no acceptance: its mitigations "
            "are not in force: mitigated-by ADR-0002 (retracted)",
        ),
    ]


def test_a_status_added_in_the_schema_reaches_the_pages(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],  # not --strict: the project has findings
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"

    def page(path: str) -> str:
        return (site / path / "index.html").read_text(encoding="utf-8")

    assert "hb-banner--retracted" in page("decisions/0002-retracted")
    assert "hb-banner" not in page("decisions/0001-ratified")
    threats = page("handbook/threats")
    assert re.search(r'<span class="hb-ok">answered</span>', threats)
    assert "open gap" not in threats

    risks = page("handbook/risks")
    levels = KINDS["risk"].facts.levels
    assert levels is not None
    cells = re.findall(r'class="hb-heat hb-heat--([a-z-]+)" title="[^"]* = (\d+)"', risks)
    assert len(cells) == 25
    # The heat map bands scores as the Level column and the coverage rules do.
    assert [band for band, _ in cells] == [levels.for_score(int(s)) for _, s in cells]
    assert "<td>very-high</td>" in risks
