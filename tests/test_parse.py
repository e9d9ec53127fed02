"""Unit tests of the parse stage: frontmatter split, node positions, headings, folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.finding import Position
from handbook.load import kind_for_path
from handbook.model import id_from_file_name
from handbook.parse.frontmatter import split_text
from handbook.parse.headings import is_blank, scan_sections
from handbook.parse.yaml_tree import find_node


def test_split_keeps_positions_of_keys_and_values() -> None:
    text = "---\nid: ADR-0001\nstatus:   accepted\ntags:\n  - a\n  - b\n---\n# Title\n"
    source = split_text(Path("x.md"), text)

    assert source.data == {"id": "ADR-0001", "status": "accepted", "tags": ["a", "b"]}
    assert source.body == "# Title\n"
    assert source.body_line == 8
    key, value = find_node(source.root, ("status",))
    assert key is not None and value is not None
    assert source.node_position(key) == Position(3, 1, 3, 7)
    assert source.node_position(value) == Position(3, 11, 3, 19)
    _, second_tag = find_node(source.root, ("tags", 1))
    assert second_tag is not None
    assert source.node_position(second_tag).line == 6


def test_block_value_ends_on_its_last_line_not_the_next() -> None:
    source = split_text(Path("x.md"), "---\nnote: |\n  one\n  two\nid: X-1\n---\n")
    _, value = find_node(source.root, ("note",))
    assert value is not None
    position = source.node_position(value)
    assert (position.line, position.end_line) == (2, 4)


def test_dates_stay_text_and_core_scalars_are_typed() -> None:
    source = split_text(
        Path("x.md"), "---\ndate: 2026-01-05\nn: 12\nf: 1.5\nb: yes\nz: ~\nhex: 0x1f\n---\n"
    )
    assert source.data == {"date": "2026-01-05", "n": 12, "f": 1.5, "b": True, "z": None, "hex": 31}


def test_no_frontmatter_means_whole_file_is_body() -> None:
    source = split_text(Path("x.md"), "# Just a page\n")
    assert source.data is None and not source.has_frontmatter
    assert source.body_line == 1


def test_closing_fence_may_be_dots_and_empty_frontmatter_is_empty_mapping() -> None:
    source = split_text(Path("x.md"), "---\n...\nbody\n")
    assert source.data == {} and source.body == "body\n" and source.body_line == 3


def test_merge_keys_expand_and_explicit_keys_win() -> None:
    source = split_text(Path("x.md"), "---\nbase: &b {a: 1, b: 2}\nitem:\n  <<: *b\n  b: 3\n---\n")
    assert source.data is not None
    assert source.data["item"] == {"a": 1, "b": 3}


def test_sections_with_atx_setext_fences_and_comments() -> None:
    body = (
        "# Title\n\nintro\n\n## Context\n\n```md\n## not a heading\n```\n\n"
        "Decision\n--------\n\n<!--\n## hidden\n-->\n### Consequences\n"
    )
    sections = scan_sections(body, first_line=10)
    assert [(s.level, s.title, s.line) for s in sections] == [
        (1, "Title", 10),
        (2, "Context", 14),
        (2, "Decision", 20),
        (3, "Consequences", 26),
    ]
    assert sections[2].has_subsections
    assert is_blank(sections[3].content)
    assert not is_blank(sections[1].content)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("decisions/0001-x.md", "adr"),
        ("design/decisions/0001-x.md", "adr"),
        ("decisions/index.md", None),
        ("decisions/README.md", None),
        ("guide/decisions.md", None),
        ("team/adr/0001-x.md", "adr"),
        ("decisions/template.md", None),
        ("decisions/adr-template.md", None),
        ("decisions/0000-template.md", None),
        ("decisions/_index.md", None),
        ("decisions/index.md", None),
        ("decisions/0007-use-kafka/index.md", "adr"),
        ("decisions/20201016-use-kafka/index.md", "adr"),
        ("decisions/drafts/index.md", None),
    ],
)
def test_folder_mapping(path: str, expected: str | None) -> None:
    assert kind_for_path(path, {"decisions": "adr", "team/adr": "adr"}) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("0007-use-postgres.md", "ADR-0007"),
        ("7-use-postgres.md", "ADR-0007"),
        ("0012.md", "ADR-0012"),
        ("use-postgres.md", None),
        ("2024-01-05-use-postgres.md", None),
        ("20240105-use-postgres.md", None),
        ("ADR015-use-postgres.md", "ADR-0015"),
        ("adr-001-use-postgres.md", "ADR-0001"),
        ("adr_001_use_postgres.md", "ADR-0001"),
        ("ADR-0001-use-postgres.md", "ADR-0001"),
    ],
)
def test_adr_id_from_file_name(name: str, expected: str | None) -> None:
    assert id_from_file_name(name, "ADR") == expected
