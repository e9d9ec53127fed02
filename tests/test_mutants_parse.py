"""Parse-stage behaviour asserted exactly, written for the mutants the other parse tests let
live (docs/guide/contributing.md, "Mutation testing")."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.finding import Position
from handbook.parse.frontmatter import Problem, read_source, split_text
from handbook.parse.yaml_tree import YamlSyntaxError, find_node, load


def test_a_yaml_syntax_error_reads_as_its_message_and_keeps_its_position() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load("a: [")
    message = "did not find expected node content (while parsing a flow node that starts here)"
    assert str(caught.value) == message
    assert caught.value.args == (message,)
    assert (caught.value.message, caught.value.line, caught.value.column) == (message, 1, 0)


def test_split_text_keeps_the_path_and_text_it_was_given() -> None:
    text = "---\nid: X-1\n---\nbody\n"
    source = split_text(Path("a/x.md"), text)
    assert source.path == Path("a/x.md")
    assert source.text == text
    assert (source.readable, source.problems) == (True, [])


@pytest.mark.parametrize(
    ("tag", "shown", "column", "end_column"),
    [
        ("!foo", "!foo", 5, 13),
        ("!!python/object:os.system", "!!python/object:os.system", 5, 34),
        ("!!binary", "!!binary", 5, 17),
        ("!<tag:yaml.org,2002:binary>", "!!binary", 5, 36),
        ("!<tag:example.org,2002:x>", "tag:example.org,2002:x", 5, 34),
    ],
)
def test_a_foreign_tag_is_named_as_written_short(
    tag: str, shown: str, column: int, end_column: int
) -> None:
    source = split_text(Path("x.md"), f"---\nid: {tag} X-1\n---\n")
    assert source.problems == [
        Problem(
            "invalid-frontmatter",
            f"YAML tag {shown} is not allowed; handbook reads plain YAML only",
            Position(2, column, 2, end_column),
        )
    ]


@pytest.mark.parametrize(
    ("yaml_text", "position"),
    [
        ("id: X-1\n\tstatus: draft\n", Position.at(3, 1)),
        ("id: X-1\n  \t status: x\n", Position.at(3, 3)),
        ("id: X-1\nstatus: x\n \tnote: y\n", Position.at(4, 2)),
    ],
)
def test_a_tab_in_the_indentation_is_named_at_its_line_and_column(
    yaml_text: str, position: Position
) -> None:
    source = split_text(Path("x.md"), f"---\n{yaml_text}---\nbody\n")
    assert source.readable is False
    assert source.problems == [
        Problem(
            "invalid-frontmatter",
            "tab character used for indentation; YAML allows only spaces",
            position,
        )
    ]


def test_a_tab_after_the_indentation_is_a_yaml_error_not_a_tab_indentation() -> None:
    source = split_text(Path("x.md"), "---\nid: X-1\nlist:\n  -\tb\n  - c\n---\nbody\n")
    assert source.problems == [
        Problem(
            "invalid-frontmatter",
            "frontmatter is not valid YAML: found character that cannot start any token "
            "(while scanning for the next token)",
            Position.at(4, 4),
        )
    ]


@pytest.mark.parametrize(
    ("text", "key", "position"),
    [
        ("---\nnote: |\n  one\n  twothree\nid: X-1\n---\n", "note", Position(2, 7, 4, 11)),
        ("---\nnote:\n  - one\n  - twothree\n---\n", "note", Position(3, 3, 4, 13)),
        ("---\nid: X-1\nnote:\n  a: b\n  cc: dddd\nz: 1\n---\n", "note", Position(4, 3, 5, 11)),
    ],
)
def test_a_block_value_ends_at_the_end_of_its_last_line(
    text: str, key: str, position: Position
) -> None:
    source = split_text(Path("x.md"), text)
    _, value = find_node(source.root, (key,))
    assert value is not None
    assert source.node_position(value) == position


def test_an_unreadable_file_is_one_problem_on_line_one(tmp_path: Path) -> None:
    path = tmp_path / "binary.md"
    path.write_bytes(b"---\nid: X-1\n---\n\0\0")
    source = read_source(path)
    assert source.readable is False
    assert source.problems == [
        Problem("file-skipped", "binary file with a .md name; not checked", Position(1, 1, 1, 1))
    ]
    assert (source.data, source.body, source.has_frontmatter) == (None, "", False)
