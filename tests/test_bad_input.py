"""The bad-input corpus: every way a file can be broken gives a finding at the right line,
never a traceback, and the run carries on with the other files.

Each case is written byte for byte into ``tmp_path`` by the test (so nothing binary is
committed), beside a valid ADR that must stay clean: that proves the run went on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from handbook import Finding, LintResult, lint, settings_for_docs

TODAY = dt.date(2026, 1, 1)

VALID_ADR = b"""---
kind: adr
id: ADR-0001
title: Use Postgres
status: accepted
date: 2025-06-01
---
# Use Postgres

## Context

The payments service needs a relational store with transactions.

## Decision

We use Postgres.

## Consequences

We run backups and upgrades ourselves.
"""

VALID_PATH = "docs/decisions/0001-use-postgres.md"


def kafka_adr(**replace: bytes) -> bytes:
    """A second valid ADR (ADR-0002), with optional byte replacements."""
    text = VALID_ADR.replace(b"ADR-0001", b"ADR-0002").replace(b"Postgres", b"Kafka")
    for old, new in replace.items():
        text = text.replace(old.encode(), new)
    return text


def lint_with(tmp_path: Path, rel: str, data: bytes) -> LintResult:
    """Lint a docs folder holding the valid ADR and ``data`` written at ``docs/rel``."""
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True, exist_ok=True)
    (docs / "decisions" / "0001-use-postgres.md").write_bytes(VALID_ADR)
    if rel:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return run(docs)


def run(docs: Path) -> LintResult:
    settings = dataclasses.replace(settings_for_docs(docs), today=TODAY)
    return lint(settings)


def of(result: LintResult, rel: str) -> list[tuple[str, int]]:
    """(code, line) of the findings about ``docs/rel``."""
    return [(f.code, f.line) for f in result.findings if f.path == f"docs/{rel}"]


def findings_of(result: LintResult, rel: str) -> list[Finding]:
    return [f for f in result.findings if f.path == f"docs/{rel}"]


def assert_neighbour_clean(result: LintResult) -> None:
    assert [f for f in result.findings if f.path == VALID_PATH] == []
    assert "ADR-0001" in {item.id for item in result.corpus.items}


# --- frontmatter that is not a mapping ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "invalid-yaml",
            b"---\nkind: adr\ntitle: Use Kafka: now\n---\n# Use Kafka\n",
            [("HB100", 3)],
        ),
        ("list", b"---\n- kind: adr\n- id: ADR-0002\n---\n# Use Kafka\n", [("HB100", 2)]),
        ("scalar", b"---\njust some words\n---\n# Use Kafka\n", [("HB100", 2)]),
        (
            "unclosed-fence",
            b"---\nkind: adr\nid: ADR-0002\n\n# Use Kafka\n\nText.\n",
            [("HB100", 1)],
        ),
        ("only-opening-fence", b"---", [("HB100", 1)]),
        (
            "tab-indentation",
            b"---\nkind: adr\nlinks:\n\t- url: https://x.invalid\n---\n",
            [("HB100", 4)],
        ),
    ],
)
def test_unreadable_frontmatter(
    tmp_path: Path, name: str, data: bytes, expected: list[tuple[str, int]]
) -> None:
    result = lint_with(tmp_path, f"notes/{name}.md", data)
    assert of(result, f"notes/{name}.md") == expected
    assert all(f.severity.label == "error" for f in result.findings)
    assert_neighbour_clean(result)


@pytest.mark.parametrize(
    "data",
    [
        b"---\nx-tags: [a, b\n---\n",
        b"---\nx-tags: [a, b\ntitle: Use Kafka\n---\n",
        b'---\ntitle: "Use Kafka\nowner: ana\n---\n',
    ],
    ids=["unclosed-flow-at-end", "unclosed-flow-before-a-key", "unclosed-quote"],
)
def test_unclosed_bracket_or_quote_is_reported_where_it_opens(tmp_path: Path, data: bytes) -> None:
    result = lint_with(tmp_path, "notes/unclosed.md", data)
    assert of(result, "notes/unclosed.md") == [("HB100", 2)]
    assert_neighbour_clean(result)


def test_unreadable_frontmatter_is_not_checked_further(tmp_path: Path) -> None:
    # The document has `kind: adr` but its YAML is broken: no missing-field or
    # missing-section findings pile up on top of the one that matters.
    data = b"---\nkind: adr\nid: ADR-0002\nstatus: [accepted\n---\n# Use Kafka\n"
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert [code for code, _line in of(result, "decisions/0002-use-kafka.md")] == ["HB100"]
    assert_neighbour_clean(result)


def test_duplicate_key_is_reported_at_the_second_key(tmp_path: Path) -> None:
    data = kafka_adr(
        **{"status: accepted\n": b"status: proposed\ndate: 2025-01-01\nstatus: accepted\n"}
    )
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert of(result, "decisions/0002-use-kafka.md") == [("HB106", 7), ("HB106", 8)]
    status, date = findings_of(result, "decisions/0002-use-kafka.md")
    assert "'status'" in status.message and "'date'" in date.message
    assert_neighbour_clean(result)


# --- empty files and empty frontmatter ---------------------------------------------------


@pytest.mark.parametrize(("name", "data"), [("empty", b""), ("empty-frontmatter", b"---\n---\n")])
def test_empty_page_without_kind_is_just_a_page(tmp_path: Path, name: str, data: bytes) -> None:
    result = lint_with(tmp_path, f"{name}.md", data)
    assert result.findings == []
    assert result.files == 2
    assert_neighbour_clean(result)


def test_empty_file_in_a_decision_folder_lacks_the_fields(tmp_path: Path) -> None:
    result = lint_with(tmp_path, "decisions/0002-empty.md", b"")
    found = of(result, "decisions/0002-empty.md")
    assert {code for code, _line in found} == {"HB101", "HB301"}
    assert {line for _code, line in found} == {1}
    assert_neighbour_clean(result)


def test_empty_frontmatter_in_a_decision_folder_points_at_the_fence(tmp_path: Path) -> None:
    result = lint_with(tmp_path, "decisions/0002-empty.md", b"---\n---\n")
    found = findings_of(result, "decisions/0002-empty.md")
    missing = sorted(f.message.split("'")[1] for f in found if f.code == "HB101")
    assert missing == ["date", "status", "title"]  # the id comes from the file name
    assert {(f.line, f.column) for f in found if f.code == "HB101"} == {(1, 1)}
    assert_neighbour_clean(result)


# --- encodings and line ends --------------------------------------------------------------


def test_invalid_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    data = b"---\nkind: adr\ntitle: caf\xe9 culture\nstatus: accepted\n---\n"
    result = lint_with(tmp_path, "decisions/0002-cafe.md", data)
    assert of(result, "decisions/0002-cafe.md") == [("HB100", 3)]
    [finding] = findings_of(result, "decisions/0002-cafe.md")
    assert finding.column == 11
    assert "UTF-8" in finding.message
    assert_neighbour_clean(result)


def test_invalid_utf8_in_the_body_is_reported_at_its_line(tmp_path: Path) -> None:
    data = kafka_adr() + b"\nA stray byte \xff here.\n"
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert of(result, "decisions/0002-use-kafka.md") == [("HB100", 22)]
    assert_neighbour_clean(result)


def test_bom_before_the_fence_parses_as_normal(tmp_path: Path) -> None:
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", b"\xef\xbb\xbf" + kafka_adr())
    assert result.findings == []
    assert {item.id for item in result.corpus.items} == {"ADR-0001", "ADR-0002"}


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_crlf_document_is_clean(tmp_path: Path, newline: bytes) -> None:
    data = kafka_adr().replace(b"\n", newline)
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert result.findings == []
    assert {item.id for item in result.corpus.items} == {"ADR-0001", "ADR-0002"}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["crlf", "bom-crlf"])
def test_crlf_invalid_value_is_reported_at_its_line(tmp_path: Path, bom: bytes) -> None:
    data = b"---\r\nkind: adr\r\nid: ADR-0002\r\nstatus: aproved\r\ntitle: Use Kafka\r\n"
    data += b"date: 2025-06-01\r\n---\r\n" + kafka_adr().split(b"---\n", 2)[2].replace(
        b"\n", b"\r\n"
    )
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", bom + data)
    [finding] = findings_of(result, "decisions/0002-use-kafka.md")
    assert (finding.code, finding.line, finding.column) == ("HB102", 4, 9)
    assert (finding.end_line, finding.end_column) == (4, 16)  # no stray \r in the span
    assert_neighbour_clean(result)


# --- files that are not documents ---------------------------------------------------------


def test_binary_file_named_md_is_skipped_with_info(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    result = lint_with(tmp_path, "decisions/diagram.md", png)
    [finding] = findings_of(result, "decisions/diagram.md")
    assert (finding.code, finding.line, finding.severity.label) == ("HB107", 1, "info")
    assert "binary" in finding.message
    assert_neighbour_clean(result)


def test_huge_file_is_skipped_with_info(tmp_path: Path) -> None:
    data = b"---\nkind: adr\nid: ADR-0002\n---\n" + b"All work and no play. " * (
        5 * 1024 * 1024 // 22
    )
    result = lint_with(tmp_path, "decisions/0002-huge.md", data)
    [finding] = findings_of(result, "decisions/0002-huge.md")
    assert (finding.code, finding.line, finding.severity.label) == ("HB107", 1, "info")
    assert "MiB" in finding.message
    assert "ADR-0002" not in {item.id for item in result.corpus.items}
    assert_neighbour_clean(result)


def test_symlink_to_a_file_outside_docs_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_bytes(b"---\nkind: adr\nid: ADR-0666\ntitle: [unclosed\n---\n")
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True)
    (docs / "decisions" / "0001-use-postgres.md").write_bytes(VALID_ADR)
    (docs / "decisions" / "0009-linked.md").symlink_to(secret)
    result = run(docs)
    [finding] = result.findings
    assert (finding.path, finding.code, finding.line) == (
        "docs/decisions/0009-linked.md",
        "HB107",
        1,
    )
    assert "outside" in finding.message
    assert "ADR-0666" not in {item.id for item in result.corpus.items}


def test_symlink_to_a_folder_outside_docs_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "0007-x.md").write_bytes(b"---\nkind: adr\nid: ADR-0007\n---\n")
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True)
    (docs / "decisions" / "0001-use-postgres.md").write_bytes(VALID_ADR)
    (docs / "linked").symlink_to(outside, target_is_directory=True)
    result = run(docs)
    assert [(f.path, f.code, f.line) for f in result.findings] == [("docs/linked", "HB107", 1)]


def test_dangling_symlink_is_skipped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True)
    (docs / "decisions" / "0001-use-postgres.md").write_bytes(VALID_ADR)
    (docs / "decisions" / "0009-gone.md").symlink_to(docs / "nowhere.md")
    result = run(docs)
    assert [(f.path, f.code, f.line) for f in result.findings] == [
        ("docs/decisions/0009-gone.md", "HB107", 1)
    ]


def test_fifo_named_md_is_skipped_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "decisions").mkdir(parents=True)
    (docs / "decisions" / "0001-use-postgres.md").write_bytes(VALID_ADR)
    fifo = docs / "pipe.md"
    os.mkfifo(fifo)

    # A writer feeds the pipe if lint opens it, so that a regression shows as a wrong result
    # instead of a hang; when lint rightly leaves the pipe alone, we release the writer.
    def feed() -> None:
        with open(fifo, "wb") as pipe:
            pipe.write(b"---\nkind: adr\n---\n")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        result = run(docs)
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        writer.join()
        os.close(reader)
    [finding] = result.findings
    assert (finding.path, finding.code, finding.line) == ("docs/pipe.md", "HB107", 1)
    assert finding.severity.label == "info"


# --- hostile YAML ----------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return ("---\n" + "\n".join(lines) + "\n---\n").encode()


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    result = lint_with(tmp_path, "notes/bomb.md", billion_laughs(9))
    found = findings_of(result, "notes/bomb.md")
    assert [f.code for f in found] == ["HB100"]
    assert 2 <= found[0].line <= 11  # inside the frontmatter
    assert "bomb" in found[0].message
    assert_neighbour_clean(result)


def test_alias_bomb_in_a_document_with_a_kind(tmp_path: Path) -> None:
    data = billion_laughs(9).replace(b"---\n", b"---\nkind: adr\nid: ADR-0002\n", 1)
    result = lint_with(tmp_path, "decisions/0002-bomb.md", data)
    found = findings_of(result, "decisions/0002-bomb.md")
    assert "HB100" in {f.code for f in found}
    assert len(found) < 50
    assert_neighbour_clean(result)


def merge_key_bomb(levels: int) -> bytes:
    # The anchors sit in a complex key, which is reported and skipped, so only the `<<`
    # merge at the end expands them.
    anchors = ["&m0 {x: 1, y: 2}"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*m{level - 1}"] * 9)
        anchors.append(f"&m{level} {{<<: [{refs}]}}")
    text = f"? [{', '.join(anchors)}]\n: 1\nx-bomb: {{<<: [*m{levels}]}}\n"
    return ("---\n" + text + "---\n").encode()


@pytest.mark.parametrize("levels", [5, 9])
def test_merge_key_bomb_is_stopped(tmp_path: Path, levels: int) -> None:
    result = lint_with(tmp_path, "notes/merge-bomb.md", merge_key_bomb(levels))
    found = findings_of(result, "notes/merge-bomb.md")
    assert [(f.code, f.line) for f in found] == [("HB100", 2), ("HB100", 2)]
    assert "plain text" in found[0].message  # the complex key holding the anchors
    assert "bomb" in found[1].message  # the merge that spends the value budget
    assert_neighbour_clean(result)


def test_merge_of_mappings_sharing_a_key_is_not_a_duplicate(tmp_path: Path) -> None:
    merges = b"x-a: &a {owner: ana}\nx-b: &b {owner: bo}\n<<: [*a, *b]\n"
    data = kafka_adr(**{"status: accepted\n": b"status: accepted\n" + merges})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert findings_of(result, "decisions/0002-use-kafka.md") == []
    kafka = next(item for item in result.corpus.items if item.id == "ADR-0002")
    assert kafka.data["owner"] == "ana"


def test_merge_keys_follow_yaml_precedence(tmp_path: Path) -> None:
    # Earlier merged mappings win over later ones: the status is 'accepted', not 'aproved'.
    merges = b"x-a: &a {status: accepted}\nx-b: &b {status: aproved}\n<<: [*a, *b]\n"
    data = kafka_adr(**{"status: accepted\n": merges})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert findings_of(result, "decisions/0002-use-kafka.md") == []


def test_merged_invalid_value_is_reported_where_it_is_written(tmp_path: Path) -> None:
    data = kafka_adr(**{"status: accepted\n": b"x-a: &a {status: aproved}\n<<: *a\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    [finding] = findings_of(result, "decisions/0002-use-kafka.md")
    assert (finding.code, finding.line, finding.column) == ("HB102", 5, 18)
    assert_neighbour_clean(result)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/apply:subprocess.check_call",
        "!!python/object/new:os.system",
    ],
)
def test_python_tags_are_refused_and_never_executed(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "hacked"
    command = f"touch {marker}" if tag.endswith("os.system") else f"['touch', '{marker}']"
    args = f'["{command}"]' if tag.endswith("os.system") else f"[{command}]"
    data = f"---\ntitle: Evil\nx-run: {tag} {args}\n---\n".encode()
    result = lint_with(tmp_path, "notes/evil.md", data)
    found = findings_of(result, "notes/evil.md")
    assert [(f.code, f.line) for f in found] == [("HB100", 3)]
    assert "not allowed" in found[0].message
    assert not marker.exists()
    assert_neighbour_clean(result)


def test_python_tag_on_a_required_field(tmp_path: Path) -> None:
    marker = tmp_path / "hacked"
    data = kafka_adr(
        **{"id: ADR-0002\n": f'id: !!python/object/apply:os.system ["touch {marker}"]\n'.encode()}
    )
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    found = of(result, "decisions/0002-use-kafka.md")
    assert ("HB100", 3) in found
    assert {line for _code, line in found} == {3}
    assert not marker.exists()
    assert_neighbour_clean(result)


def test_deeply_nested_yaml_is_reported(tmp_path: Path) -> None:
    data = b"---\nx-deep: " + b"[" * 1000 + b"]" * 1000 + b"\n---\n"
    result = lint_with(tmp_path, "notes/deep.md", data)
    assert of(result, "notes/deep.md") == [("HB100", 2)]
    assert_neighbour_clean(result)


@pytest.mark.parametrize("depth", [150, 600, 999])
def test_nesting_below_the_parser_limit_gives_a_finding_not_a_traceback(
    tmp_path: Path, depth: int
) -> None:
    data = b"---\nx-deep: " + b"[" * depth + b"]" * depth + b"\n---\n"
    result = lint_with(tmp_path, "notes/deep.md", data)
    found = findings_of(result, "notes/deep.md")
    assert [(f.code, f.line) for f in found] == [("HB100", 2)]
    assert "nested" in found[0].message
    assert_neighbour_clean(result)


def test_deep_block_nesting_is_reported_at_the_level_that_is_too_deep(tmp_path: Path) -> None:
    lines = b"".join(b"  " * (level + 1) + f"k{level}:\n".encode() for level in range(150))
    data = b"---\nx-deep:\n" + lines + b"  " * 151 + b"leaf\n---\n"
    result = lint_with(tmp_path, "notes/deep.md", data)
    # The root mapping is level 1, x-deep's mapping level 2, ... so k99 (line 102) is the
    # key whose value would be level 101.
    assert of(result, "notes/deep.md") == [("HB100", 102)]
    assert_neighbour_clean(result)


def test_ordinary_nesting_is_accepted(tmp_path: Path) -> None:
    nested = b"[" * 50 + b"]" * 50
    data = kafka_adr(**{"date: 2025-06-01\n": b"date: 2025-06-01\nx-deep: " + nested + b"\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert result.findings == []


def test_deep_value_in_a_document_with_a_kind(tmp_path: Path) -> None:
    # A missing field makes the schema report the whole mapping, deep value included: this
    # once overflowed jsonschema-rs' recursion limit.
    nested = b"[" * 300 + b"]" * 300
    data = kafka_adr(**{"date: 2025-06-01\n": b"x-deep: " + nested + b"\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert of(result, "decisions/0002-use-kafka.md") == [("HB101", 3), ("HB100", 6)]
    assert_neighbour_clean(result)


def test_huge_integer_is_kept_as_text(tmp_path: Path) -> None:
    huge = b"9" * 5000
    data = kafka_adr(**{"date: 2025-06-01\n": b"date: 2025-06-01\nx-number: " + huge + b"\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert result.findings == []
    kafka = next(item for item in result.corpus.items if item.id == "ADR-0002")
    assert kafka.data["x-number"] == huge.decode()


def test_huge_integer_in_a_number_field_is_an_invalid_value(tmp_path: Path) -> None:
    risk = (
        b"---\nkind: risk\nid: RISK-001\ntitle: Outage\nstatus: open\nowner: ana\n"
        b"likelihood: rare\nimpact: minor\nscore: " + b"9" * 5000 + b"\n---\n"
    )
    result = lint_with(tmp_path, "risks/risk-001.md", risk)
    assert of(result, "risks/risk-001.md") == [("HB102", 9)]
    assert_neighbour_clean(result)


def test_non_text_mapping_key_is_reported(tmp_path: Path) -> None:
    data = b"---\n? [a, b]\n: 1\n---\n"
    result = lint_with(tmp_path, "notes/key.md", data)
    assert of(result, "notes/key.md") == [("HB100", 2)]
    assert_neighbour_clean(result)


# --- odd ids and references ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    ["ADR 0002", "ADR-０００２", "ADR-0002\u200b", "ÄDR-0002", "adr-0002", "ADR-0002; rm -rf /"],
    ids=["space", "fullwidth-digits", "zero-width-space", "umlaut", "lower-case", "shell"],
)
def test_odd_id_is_an_invalid_value_at_the_id_line(tmp_path: Path, bad_id: str) -> None:
    data = kafka_adr(**{"id: ADR-0002\n": f"id: '{bad_id}'\n".encode()})
    result = lint_with(tmp_path, "decisions/use-kafka.md", data)
    # Only invalid-value: a malformed id is not also an id-prefix mismatch.
    [finding] = findings_of(result, "decisions/use-kafka.md")
    assert (finding.code, finding.line, finding.column) == ("HB102", 3, 5)
    assert "not a valid id" in finding.message
    assert_neighbour_clean(result)


@pytest.mark.parametrize(
    ("reference", "shown"),
    [
        (b"supersedes: [1]", "1"),
        (b"supersedes: [{id: ADR-0001}]", '{"id": "ADR-0001"}'),
        (b"supersedes: [[ADR-0001]]", '["ADR-0001"]'),
        (b"supersedes: [null]", "null"),
    ],
    ids=["number", "map", "list", "null"],
)
def test_reference_that_is_not_an_id_is_an_invalid_value(
    tmp_path: Path, reference: bytes, shown: str
) -> None:
    data = kafka_adr(**{"date: 2025-06-01\n": b"date: 2025-06-01\n" + reference + b"\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    [finding] = findings_of(result, "decisions/0002-use-kafka.md")
    assert (finding.code, finding.line, finding.column) == ("HB102", 7, 14)
    assert finding.message.startswith(f"supersedes[0]: {shown} ")
    assert_neighbour_clean(result)


def test_reference_written_as_a_single_id_is_an_invalid_value(tmp_path: Path) -> None:
    data = kafka_adr(**{"date: 2025-06-01\n": b"date: 2025-06-01\nsupersedes: ADR-0001\n"})
    result = lint_with(tmp_path, "decisions/0002-use-kafka.md", data)
    assert of(result, "decisions/0002-use-kafka.md") == [("HB102", 7)]
    assert_neighbour_clean(result)


@pytest.mark.parametrize("kind", [b"[adr]", b"5", b"decision-record", b"''"])
def test_unknown_kind_is_reported_at_the_kind_line(tmp_path: Path, kind: bytes) -> None:
    data = b"---\ntitle: Something\nkind: " + kind + b"\n---\n# Something\n"
    result = lint_with(tmp_path, "notes/odd.md", data)
    assert of(result, "notes/odd.md") == [("HB104", 3)]
    assert_neighbour_clean(result)
