"""Rule tests: one tiny handbook per rule, read from ``tests/fixtures/rules``, plus focused tests
of what surrounds the rules (severity overrides, waivers, select and ignore, folder kinds).

Each fixture folder is named ``CODE-name`` and holds a ``docs/`` folder and ``expected.txt``:
the findings the folder must yield, one a line as ``path:line:column: CODE`` in the order the
concise output prints them; optionally ``messages.txt``: the same lines, each followed by the
finding's whole message; and optionally ``options.json``: the plugin options (the handbook
block of ``mkdocs.yml``) the folder is linted with. Adding a rule means adding a folder; no test
code changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from handbook import Finding, LintResult, lint, settings_for_docs
from handbook.rules import ALL_RULES

FIXTURES = Path(__file__).parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
TODAY = dt.date(2026, 1, 1)

VALID_BODY = """# {title}

## Context

Reviewers need one place to find what was decided and why.

## Decision

We {decision}.

## Consequences

Everyone reads the same record.
"""


def run_lint(
    docs: Path,
    options: dict[str, Any] | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> LintResult:
    settings = dataclasses.replace(settings_for_docs(docs, options), today=TODAY)
    return lint(settings, select=select, ignore=ignore)


def concise(findings: list[Finding]) -> list[str]:
    return [f"{f.path}:{f.line}:{f.column}: {f.code}" for f in findings]


def codes(result: LintResult) -> set[str]:
    return {f.code for f in result.findings}


def adr(
    id_: str,
    title: str,
    *,
    status: str = "accepted",
    extra: str = "",
    body: str | None = None,
) -> str:
    decision = title[0].lower() + title[1:]
    return (
        f"---\nkind: adr\nid: {id_}\ntitle: {title}\nstatus: {status}\ndate: 2025-06-01\n"
        f"{extra}---\n"
        + (body if body is not None else VALID_BODY.format(title=title, decision=decision))
    )


def write(docs: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


# --- data-driven fixtures ----------------------------------------------------------------

RULE_FOLDERS = sorted(p for p in RULE_FIXTURES.iterdir() if p.is_dir())


def expected_lines(folder: Path) -> list[str]:
    text = (folder / "expected.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def fixture_options(folder: Path) -> dict[str, Any] | None:
    path = folder / "options.json"
    if not path.is_file():
        return None
    options: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return options


@pytest.mark.parametrize("folder", RULE_FOLDERS, ids=[p.name for p in RULE_FOLDERS])
def test_rule_fixture(folder: Path) -> None:
    result = run_lint(folder / "docs", fixture_options(folder))
    assert concise(result.findings) == expected_lines(folder)


MESSAGE_FOLDERS = [p for p in RULE_FOLDERS if (p / "messages.txt").is_file()]


@pytest.mark.parametrize("folder", MESSAGE_FOLDERS, ids=[p.name for p in MESSAGE_FOLDERS])
def test_rule_fixture_messages(folder: Path) -> None:
    result = run_lint(folder / "docs", fixture_options(folder))
    text = (folder / "messages.txt").read_text(encoding="utf-8")
    wanted = [line for line in text.splitlines() if line.strip()]
    got = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in result.findings]
    assert got == wanted
    assert [line.split(" ", 2)[:2] for line in wanted] == [
        line.split(" ", 2)[:2] for line in expected_lines(folder)
    ]


@pytest.mark.parametrize("folder", RULE_FOLDERS, ids=[p.name for p in RULE_FOLDERS])
def test_rule_fixture_triggers_its_own_rule(folder: Path) -> None:
    code = folder.name.split("-", 1)[0]
    assert expected_lines(folder), "a rule fixture must expect at least one finding"
    assert all(line.endswith(f": {code}") for line in expected_lines(folder))


def test_every_rule_has_a_fixture() -> None:
    folders = {p.name for p in RULE_FOLDERS}
    wanted = {f"{rule.code}-{rule.name}" for rule in ALL_RULES}
    assert sorted(wanted - folders) == [], "rules without a fixture folder"
    assert sorted(folders - wanted) == [], "fixture folders that name no rule"


def test_clean_handbook_has_no_findings() -> None:
    result = run_lint(FIXTURES / "clean" / "docs")
    assert concise(result.findings) == []
    assert result.files == 9
    assert result.items == 12


def test_clean_handbook_reads_every_kind_and_template() -> None:
    result = run_lint(FIXTURES / "clean" / "docs")
    kinds = {item.id: item.kind.name for item in result.corpus.items}
    assert kinds == {
        "ADR-0001": "adr",
        "ADR-0002": "adr",
        "ADR-0003": "adr",
        "ADR-0004": "adr",
        "RR-001": "risk-register",
        "RISK-001": "risk",
        "RISK-002": "risk",
        "TM-001": "threat-model",
        "THR-001": "threat",
        "FMEA-001": "fmea",
        "FM-001": "failure-mode",
        "RB-001": "runbook",
    }
    by_id = {item.id: item for item in result.corpus.items}
    # The Nygard and MADR records have neither `kind`, `id` nor `title`: the folder gives the
    # kind, the file name the id and the first heading the title.
    assert by_id["ADR-0003"].id_derived
    assert by_id["ADR-0003"].title == "3. Record architecture decisions"
    assert by_id["ADR-0004"].id_derived
    assert by_id["ADR-0004"].title == "Use Markdown Any Decision Records"


# --- severity overrides ------------------------------------------------------------------

PLACEHOLDERS = RULE_FIXTURES / "HB303-placeholder-text" / "docs"


def test_default_severity_of_placeholder_text_is_warning() -> None:
    result = run_lint(PLACEHOLDERS)
    assert [(f.code, f.severity.label) for f in result.findings] == [("HB303", "warning")] * 2


@pytest.mark.parametrize("key", ["HB303", "placeholder-text"])
def test_severity_override_raises_a_rule_to_error(key: str) -> None:
    result = run_lint(PLACEHOLDERS, {"rules": {key: "error"}})
    assert [(f.code, f.severity.label) for f in result.findings] == [("HB303", "error")] * 2


def test_severity_override_lowers_a_rule_to_info() -> None:
    result = run_lint(PLACEHOLDERS, {"rules": {"HB303": "info"}})
    assert {f.severity.label for f in result.findings} == {"info"}


@pytest.mark.parametrize("value", ["ignore", "off", False])
def test_severity_override_ignore_silences_the_rule(value: object) -> None:
    result = run_lint(PLACEHOLDERS, {"rules": {"HB303": value}})
    assert result.findings == []


def test_severity_override_leaves_other_rules_alone(tmp_path: Path) -> None:
    docs = write(
        tmp_path / "docs",
        {
            "decisions/0001-use-kafka.md": adr(
                "ADR-0001",
                "Use Kafka",
                status="aproved",
                body=VALID_BODY.format(title="Use Kafka", decision="use Kafka, TODO which cluster"),
            ),
        },
    )
    result = run_lint(docs, {"rules": {"HB303": "ignore"}})
    assert [(f.code, f.severity.label) for f in result.findings] == [("HB102", "error")]


# --- waivers ------------------------------------------------------------------------------


def _todo_adr(id_: str, title: str, waivers: str = "") -> str:
    body = VALID_BODY.format(title=title, decision="use it. TODO: name the cluster")
    return adr(id_, title, extra=waivers, body=body)


@pytest.mark.parametrize("rule", ["HB303", "placeholder-text"])
def test_waiver_silences_the_rule_on_that_item_only(tmp_path: Path, rule: str) -> None:
    waiver = f"waivers:\n  - rule: {rule}\n    reason: migrating from the wiki\n"
    waiver += "    owner: ana\n    expires: 2099-01-01\n"
    docs = write(
        tmp_path / "docs",
        {
            "decisions/0001-use-kafka.md": _todo_adr("ADR-0001", "Use Kafka", waiver),
            "decisions/0002-use-redis.md": _todo_adr("ADR-0002", "Use Redis"),
        },
    )
    result = run_lint(docs)
    assert [(f.path, f.code, f.item) for f in result.findings] == [
        ("docs/decisions/0002-use-redis.md", "HB303", "ADR-0002")
    ]


def test_waiver_without_expiry_silences(tmp_path: Path) -> None:
    waiver = "waivers:\n  - {rule: HB303, reason: kept as an example}\n"
    docs = write(
        tmp_path / "docs", {"decisions/0001-x.md": _todo_adr("ADR-0001", "Use Kafka", waiver)}
    )
    assert run_lint(docs).findings == []


def test_waiver_does_not_silence_other_rules(tmp_path: Path) -> None:
    waiver = "waivers:\n  - {rule: HB301, reason: migrating, expires: 2099-01-01}\n"
    docs = write(
        tmp_path / "docs", {"decisions/0001-x.md": _todo_adr("ADR-0001", "Use Kafka", waiver)}
    )
    assert codes(run_lint(docs)) == {"HB303"}


def test_expired_waiver_does_not_silence_and_is_reported(tmp_path: Path) -> None:
    waiver = "waivers:\n  - rule: HB303\n    reason: migrating\n    expires: 2025-12-31\n"
    docs = write(
        tmp_path / "docs", {"decisions/0001-x.md": _todo_adr("ADR-0001", "Use Kafka", waiver)}
    )
    result = run_lint(docs)
    assert [(f.code, f.line) for f in result.findings] == [("HB401", 10), ("HB303", 20)]
    expired = result.findings[0]
    assert expired.severity.label == "warning"
    assert expired.column == 14  # the date itself
    assert "2025-12-31" in expired.message


def test_waiver_expiring_today_still_silences(tmp_path: Path) -> None:
    waiver = f"waivers:\n  - {{rule: HB303, reason: migrating, expires: {TODAY.isoformat()}}}\n"
    docs = write(
        tmp_path / "docs", {"decisions/0001-x.md": _todo_adr("ADR-0001", "Use Kafka", waiver)}
    )
    assert run_lint(docs).findings == []


def test_waiver_on_a_container_covers_its_items(tmp_path: Path) -> None:
    register = """---
kind: risk-register
id: RR-001
title: Payments risk register
owner: ana
waivers:
  - {rule: computed-field-mismatch, reason: re-rating next sprint, expires: 2099-01-01}
  - {rule: unmitigated-risk, reason: mitigation lands next sprint, expires: 2099-01-01}
risks:
  - id: RISK-001
    title: Database outage stops payments
    status: open
    owner: ana
    likelihood: likely
    impact: major
    score: 12
---
# Payments risk register

The risks of the payments service.
"""
    docs = write(tmp_path / "docs", {"risks/register.md": register})
    assert run_lint(docs).findings == []
    unwaived = register.replace("computed-field-mismatch", "placeholder-text")
    docs = write(tmp_path / "other" / "docs", {"risks/register.md": unwaived})
    assert [(f.code, f.line, f.item) for f in run_lint(docs).findings] == [
        ("HB105", 16, "RISK-001")
    ]


# --- select and ignore --------------------------------------------------------------------


@pytest.fixture
def mixed_docs(tmp_path: Path) -> Path:
    """One document with an unknown field (HB103), a missing section (HB301) and a TODO (HB303)."""
    body = "# Use Kafka\n\n## Context\n\nTODO: explain.\n\n## Decision\n\nWe use Kafka.\n"
    return write(
        tmp_path / "docs",
        {
            "decisions/0001-use-kafka.md": adr(
                "ADR-0001", "Use Kafka", extra="reviewer: bo\n", body=body
            )
        },
    )


def test_mixed_docs_yield_three_rules(mixed_docs: Path) -> None:
    assert codes(run_lint(mixed_docs)) == {"HB103", "HB301", "HB303"}


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (("HB303",), (), {"HB303"}),
        (("placeholder-text",), (), {"HB303"}),
        (("HB3",), (), {"HB301", "HB303"}),
        (("HB1", "placeholder-text"), (), {"HB103", "HB303"}),
        ((), ("HB303",), {"HB103", "HB301"}),
        ((), ("missing-section",), {"HB103", "HB303"}),
        ((), ("HB3",), {"HB103"}),
        (("HB3",), ("HB301",), {"HB303"}),
        (("HB2",), (), set()),
    ],
)
def test_select_and_ignore(
    mixed_docs: Path, select: tuple[str, ...], ignore: tuple[str, ...], expected: set[str]
) -> None:
    assert codes(run_lint(mixed_docs, select=select, ignore=ignore)) == expected


# --- folder mapping -----------------------------------------------------------------------

NYGARD = """---
status: {status}
date: 2025-06-01
---
# 5. Use Kafka

## Context

Orders arrive faster than the workers can take them.

## Decision

We put Kafka between the API and the workers.

## Consequences

We operate a Kafka cluster.
"""


def test_kind_folder_gives_a_kind_to_a_file_without_kind(tmp_path: Path) -> None:
    docs = write(
        tmp_path / "docs",
        {
            "adr-log/0005-use-kafka.md": NYGARD.format(status="accepted"),
            "adr-log/0006-use-redis.md": NYGARD.format(status="aproved").replace(
                "5. Use Kafka", "6. Use Redis"
            ),
        },
    )
    unmapped = run_lint(docs)
    assert unmapped.findings == []
    assert unmapped.items == 0

    mapped = run_lint(docs, {"kind_folders": {"adr-log": "adr"}})
    assert [(item.id, item.kind.name) for item in mapped.corpus.items] == [
        ("ADR-0005", "adr"),
        ("ADR-0006", "adr"),
    ]
    assert concise(mapped.findings) == ["docs/adr-log/0006-use-redis.md:2:9: HB102"]


def test_kind_key_wins_over_folder_mapping(tmp_path: Path) -> None:
    risk = (
        "---\nkind: risk\nid: RISK-001\ntitle: Outage\nstatus: open\nowner: ana\n"
        "likelihood: rare\nimpact: minor\n---\n# Outage\n\nThe database may go down.\n"
    )
    docs = write(tmp_path / "docs", {"decisions/risk.md": risk})
    result = run_lint(docs)
    assert result.findings == []
    assert [item.kind.name for item in result.corpus.items] == ["risk"]


# --- positions -------------------------------------------------------------------------


def _title_placeholder(tmp_path: Path, title_yaml: str) -> list[tuple[int, int]]:
    text = adr("ADR-0001", "Use Kafka").replace("title: Use Kafka\n", title_yaml)
    docs = write(tmp_path / "docs", {"decisions/0001-use-kafka.md": text})
    result = run_lint(docs, {"rules": {"title-mismatch": "ignore"}})
    return [(f.line, f.column) for f in result.findings if f.code == "HB303"]


def test_placeholder_in_a_plain_title_points_at_the_marker(tmp_path: Path) -> None:
    assert _title_placeholder(tmp_path, "title: Use Kafka TODO\n") == [(4, 18)]


def test_placeholder_in_a_quoted_title_points_at_the_marker(tmp_path: Path) -> None:
    assert _title_placeholder(tmp_path, 'title: "Use Kafka TODO"\n') == [(4, 19)]


def test_placeholder_in_a_folded_title_points_at_its_line(tmp_path: Path) -> None:
    assert _title_placeholder(tmp_path, "title: >-\n  Use Kafka\n  TODO\n") == [(6, 3)]


# --- messages -----------------------------------------------------------------------------


def _messages(folder: str) -> list[Finding]:
    return run_lint(RULE_FIXTURES / folder / "docs").findings


def test_misspelt_status_suggests_the_closest_value() -> None:
    [finding] = _messages("HB102-invalid-value")
    assert finding.rule == "invalid-value"
    assert finding.severity.label == "error"
    assert finding.item == "ADR-0002"
    assert "'aproved'" in finding.message
    assert "did you mean 'proposed'?" in finding.message
    assert "accepted" in finding.message  # the allowed values are listed


def test_unknown_field_suggests_the_closest_field() -> None:
    [finding] = _messages("HB103-unknown-field")
    assert "'reviewer'" in finding.message
    assert "did you mean 'review-by'?" in finding.message
    assert "x-" in finding.message


def test_duplicate_id_names_the_other_location() -> None:
    first, second = _messages("HB201-duplicate-id")
    assert "docs/decisions/0001-use-postgres.md:3" in first.message
    assert "docs/decisions/0001-use-kafka.md:3" in second.message
    assert first.item == second.item == "ADR-0001"


def test_dangling_reference_suggests_an_existing_id() -> None:
    [finding] = _messages("HB202-dangling-reference")
    assert "RISK-099" in finding.message
    assert "did you mean RISK-001?" in finding.message


def test_computed_field_mismatch_gives_the_expected_value() -> None:
    [finding] = _messages("HB105-computed-field-mismatch")
    assert "is 10" in finding.message
    assert "is 6" in finding.message


def test_supersedes_cycle_shows_the_cycle() -> None:
    [finding] = _messages("HB204-supersedes-cycle")
    assert "ADR-0001 → ADR-0002 → ADR-0001" in finding.message


def test_missing_section_names_the_accepted_headings() -> None:
    missing, empty = _messages("HB301-missing-section")
    assert "'Consequences'" in missing.message
    assert "'Positive Consequences'" in missing.message
    assert empty.message == "required section 'Consequences' is empty"


def test_finding_end_covers_the_value() -> None:
    [finding] = _messages("HB102-invalid-value")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (5, 9, 5, 16)
