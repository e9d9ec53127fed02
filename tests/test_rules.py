"""Rule tests: one tiny handbook per rule, read from ``tests/fixtures/rules``, plus focused tests
of what surrounds the rules (severity overrides, waivers, select and ignore, folder kinds).

Each fixture folder is named ``CODE-name`` and holds a ``docs/`` folder and ``expected.txt``:
the findings the folder must yield, one a line as
``path:line:column-end_line:end_column: CODE message`` (the whole message, line breaks written
``\\n``) in the order the concise output prints them, and optionally ``options.json``: the
plugin options (the handbook block of ``mkdocs.yml``) the folder is linted with. Adding a rule
means adding a folder; no test code changes.

``expected.txt`` is written and reviewed by hand, like the rule's documentation: when a message
changes on purpose, edit the line and read it as a user would, rather than regenerating the
files from the current output.
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


def whole(findings: list[Finding]) -> list[str]:
    """Each finding as ``expected.txt`` writes it: the whole span and the whole message."""
    return [
        f"{f.path}:{f.line}:{f.column}-{f.end_line}:{f.end_column}: {f.code} {f.one_line_message}"
        for f in findings
    ]


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
    assert whole(result.findings) == expected_lines(folder)


@pytest.mark.parametrize("folder", RULE_FOLDERS, ids=[p.name for p in RULE_FOLDERS])
def test_rule_fixture_triggers_its_own_rule(folder: Path) -> None:
    code = folder.name.split("-", 1)[0]
    assert expected_lines(folder), "a rule fixture must expect at least one finding"
    assert all(f": {code} " in line for line in expected_lines(folder))


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
    first, second = _messages("HB204-supersedes-cycle")
    assert "ADR-0001 → ADR-0002 → ADR-0001" in first.message
    assert "ADR-0002 → ADR-0001 → ADR-0002" in second.message


def test_supersedes_cycle_is_reported_at_each_member_in_its_own_file(tmp_path: Path) -> None:
    # The closing link C → A is written as superseded-by in A's file; C writes no part of the
    # cycle and is reported at its id.
    closing = "supersedes: [ADR-0002]\nsuperseded-by: [ADR-0003]\n"
    docs = write(
        tmp_path / "docs",
        {
            "decisions/0001-a.md": adr("ADR-0001", "Use A", extra=closing),
            "decisions/0002-b.md": adr("ADR-0002", "Use B", extra="supersedes: [ADR-0003]\n"),
            "decisions/0003-c.md": adr("ADR-0003", "Use C"),
        },
    )
    found = [
        (f.path, f.line, f.item, f.message) for f in run_lint(docs).findings if f.code == "HB204"
    ]
    assert found == [
        (
            "docs/decisions/0001-a.md",
            7,
            "ADR-0001",
            "supersedes cycle: ADR-0001 → ADR-0002 → ADR-0003 → ADR-0001",
        ),
        (
            "docs/decisions/0002-b.md",
            7,
            "ADR-0002",
            "supersedes cycle: ADR-0002 → ADR-0003 → ADR-0001 → ADR-0002",
        ),
        (
            "docs/decisions/0003-c.md",
            3,
            "ADR-0003",
            "supersedes cycle: ADR-0003 → ADR-0001 → ADR-0002 → ADR-0003",
        ),
    ]


def test_an_id_used_fifty_times_gives_fifty_short_findings_with_the_count(tmp_path: Path) -> None:
    files = {f"decisions/{n:04d}-copy.md": adr("ADR-0007", f"Copy {n}") for n in range(1, 51)}
    findings = [f for f in run_lint(write(tmp_path / "docs", files)).findings if f.code == "HB201"]
    assert len(findings) == 50
    first = findings[0]
    assert first.message == (
        "id ADR-0007 is also used at docs/decisions/0002-copy.md:3, "
        "docs/decisions/0003-copy.md:3, docs/decisions/0004-copy.md:3 "
        "and 46 more places (50 copies in all)"
    )
    assert max(len(f.message) for f in findings) < 200


def test_unhandled_failure_mode_says_the_handlers_own_status(tmp_path: Path) -> None:
    import shutil

    from handbook.kinds import KindCatalog

    fixture = RULE_FIXTURES / "HB502-failure-mode-without-runbook" / "docs"
    shutil.copytree(fixture, tmp_path / "docs")
    runbook = tmp_path / "docs" / "runbooks" / "upload-bank-file-by-sftp.md"
    runbook.write_text(
        runbook.read_text(encoding="utf-8").replace("status: deprecated", "status: superseded"),
        encoding="utf-8",
    )
    settings = dataclasses.replace(settings_for_docs(tmp_path / "docs"), today=TODAY)
    kinds = dict(settings.kinds.kinds)
    kinds["runbook"] = dataclasses.replace(
        kinds["runbook"], inactive_statuses=frozenset({"deprecated", "superseded"})
    )
    settings = dataclasses.replace(settings, kinds=KindCatalog(kinds, settings.kinds.schemas))
    [finding] = [f for f in lint(settings).findings if f.code == "HB502" and f.item == "FM-005"]
    assert finding.message.endswith("; handled-by RB-002 is superseded")


def test_missing_section_names_the_accepted_headings() -> None:
    missing, empty = _messages("HB301-missing-section")
    assert "'Consequences'" in missing.message
    assert "'Positive Consequences'" in missing.message
    assert empty.message == "required section 'Consequences' is empty"


def test_finding_end_covers_the_value() -> None:
    [finding] = _messages("HB102-invalid-value")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (5, 9, 5, 16)


# --- fenced code ------------------------------------------------------------------------
# What is inside a fenced code block is code: no heading opens a section there and no
# placeholder is reported. A fence closes only with a line of the same character, at least as
# long as the opening one, with nothing after it (CommonMark 4.5). Both the heading scanner
# (HB301, HB302) and the placeholder rule (HB303) must agree.

FENCED_BODY = """# Use Kafka

## Context

Reviewers need one place to find what was decided and why.

## Decision

We use Kafka, configured like this:

{open}
{inner}
## Consequences

TODO: nothing here is a heading or a placeholder.
{close}
"""

FENCES = {
    "backticks-hold-tildes": ("```", "~~~", "```"),
    "tildes-hold-backticks": ("~~~", "```", "~~~"),
    "long-fence-holds-a-shorter-one": ("````", "```", "````"),
    "a-fence-with-an-info-string-does-not-close": ("```", "```yaml", "```"),
}


@pytest.mark.parametrize(("open_", "inner", "close"), FENCES.values(), ids=list(FENCES))
def test_a_fence_is_closed_only_by_its_own_kind(
    tmp_path: Path, open_: str, inner: str, close: str
) -> None:
    body = FENCED_BODY.format(open=open_, inner=inner, close=close)
    docs = write(
        tmp_path / "docs", {"decisions/0001-use-kafka.md": adr("ADR-0001", "Use Kafka", body=body)}
    )
    assert whole(run_lint(docs).findings) == [
        "docs/decisions/0001-use-kafka.md:7:1-7:1: HB301 missing section 'Consequences' (a "
        "heading named 'Consequences', 'Positive Consequences', 'Negative Consequences')"
    ]


def test_text_after_a_closed_fence_is_checked_again(tmp_path: Path) -> None:
    """The control: the same body with the fence closed early yields the heading and TODO."""
    body = FENCED_BODY.format(open="```", inner="```", close="")
    docs = write(
        tmp_path / "docs", {"decisions/0001-use-kafka.md": adr("ADR-0001", "Use Kafka", body=body)}
    )
    assert whole(run_lint(docs).findings) == [
        "docs/decisions/0001-use-kafka.md:22:1-22:5: HB303 placeholder text 'TODO' left in the "
        "document"
    ]


def test_a_document_without_an_id_key_is_reported_at_its_first_key(tmp_path: Path) -> None:
    # The id comes from the file name; the finding points at 'kind:', not at the '---' fence.
    text = adr("ADR-0001", "Use A").replace("id: ADR-0001\n", "").replace("date: 2025-06-01\n", "")
    docs = write(tmp_path / "docs", {"decisions/0001-use-a.md": text})
    [finding] = [f for f in run_lint(docs).findings if f.code == "HB101"]
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 1, 2, 5)


def test_one_value_where_a_list_is_wanted_shows_the_list_to_write(tmp_path: Path) -> None:
    extra = "supersedes: ADR-0002\ntags: 'a: b'\n"
    docs = write(tmp_path / "docs", {"decisions/0001-a.md": adr("ADR-0001", "Use A", extra=extra)})
    messages = [f.message for f in run_lint(docs).findings if f.code == "HB102"]
    assert messages == [
        "supersedes: 'ADR-0002' is not a list (write supersedes: [ADR-0002])",
        "tags: 'a: b' is not a list",  # [a: b] would be a mapping: no fix shown
    ]
