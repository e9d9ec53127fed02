"""Parse-stage behaviour asserted exactly, written for the mutants the other parse tests let
live (docs/guide/contributing.md, "Mutation testing")."""

from __future__ import annotations

import math
import os
import stat
import sys
import threading
import zlib
from collections import OrderedDict
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from handbook.finding import Position
from handbook.parse import decision_text, fences, frontmatter, headings, yaml_tree
from handbook.parse.comments import strip_html_comments
from handbook.parse.decision_body import link_id, read_body
from handbook.parse.frontmatter import (
    Problem,
    SourceFile,
    Split,
    read_source,
    source_from_bytes,
    split_frontmatter,
    split_text,
)
from handbook.parse.headings import atx_heading, is_blank, scan_sections
from handbook.parse.yaml_tree import YamlProblem, YamlSyntaxError, compose, find_node, load


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
    assert (source.readable, source.problems) == (True, ())


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
    assert list(source.problems) == [
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
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            "tab character used for indentation; YAML allows only spaces",
            position,
        )
    ]


def test_a_tab_after_the_indentation_is_a_yaml_error_not_a_tab_indentation() -> None:
    source = split_text(Path("x.md"), "---\nid: X-1\nlist:\n  -\tb\n  - c\n---\nbody\n")
    assert list(source.problems) == [
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
    assert source.path == path
    assert source.readable is False
    assert list(source.problems) == [
        Problem("file-skipped", "binary file with a .md name; not checked", Position(1, 1, 1, 1))
    ]
    assert (source.data, source.body, source.has_frontmatter) == (None, "", False)


@pytest.mark.parametrize(
    ("text", "on_one_line", "across_lines"),
    [
        ("no comment", "no comment", "no comment"),
        ("a<!--x-->b", "ab", "ab"),
        ("a<!--x-->b<!--y-->c", "abc", "abc"),
        ("a<!--x\ny-->b", "a<!--x\ny-->b", "ab"),
        ("a<!--x\ny-->b<!--z-->c", "a<!--x\ny-->bc", "abc"),
        ("<!---->", "", ""),
        ("<!--->x-->y", "y", "y"),
        ("a<!--x", "a<!--x", "a<!--x"),
        ("a<!--x\n<!--y-->z", "a<!--x\nz", "az"),
        ("<!--a-->-->", "-->", "-->"),
        ("x<!--<!--y-->z", "xz", "xz"),
        ("a<!-- x\nb<!-- y -->c\nd", "a<!-- x\nbc\nd", "ac\nd"),
        ("<!--a\n-->b\n<!--c-->", "<!--a\n-->b\n", "b\n"),
    ],
)
def test_html_comments_are_taken_out_up_to_the_first_closing(
    text: str, on_one_line: str, across_lines: str
) -> None:
    assert strip_html_comments(text) == on_one_line
    assert strip_html_comments(text, across_lines=True) == across_lines


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("0x1F", 31),
        ("-0x1F", -31),
        ("0b101", 5),
        ("-0b101", -5),
        ("+12", 12),
        ("-1_000", -1000),
        ("1:30", 90),
        ("-1:30", -90),
        ("1:02:03", 3723),
        ("017", 15),
        ("-017", -15),
        ("0", 0),
        ("7", 7),
        ("1.5", 1.5),
        ("+1.5", 1.5),
        ("-1_0.5e+1", -105.0),
        ("1:30.5", 90.5),
        ("-1:30.5", -90.5),
        ("+1:00:30.5", 3630.5),
    ],
)
def test_yaml_numbers_are_read_as_yaml_1_1_writes_them(written: str, value: float) -> None:
    read = load(f"a: {written}").value["a"]
    assert (type(read), read) == (type(value), value)


@pytest.mark.parametrize(
    ("written", "value"),
    [(".inf", math.inf), (".Inf", math.inf), ("+.INF", math.inf), ("-.inf", -math.inf)],
)
def test_yaml_infinities_are_floats(written: str, value: float) -> None:
    assert load(f"a: {written}").value == {"a": value}


@pytest.mark.parametrize("written", [".nan", ".NaN", ".NAN"])
def test_yaml_not_a_number_is_a_float_nan(written: str) -> None:
    read = load(f"a: {written}").value["a"]
    assert isinstance(read, float) and math.isnan(read)


def test_an_alias_bomb_is_stopped_once_where_the_budget_runs_out() -> None:
    text = (
        "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: [*d,*d,*d]\n"
    )
    tree = load(text)
    assert tree.problems == [
        YamlProblem(
            "invalid-frontmatter",
            "frontmatter expands to more than 20000 values (aliases used as a YAML bomb?); "
            "the rest is ignored",
            0,
            23,
            0,
            24,
        )
    ]
    assert [value is None for value in tree.value["e"]] == [False, True, True]


def test_nesting_is_stopped_once_past_the_depth_limit() -> None:
    deep = "[" * 100 + "]" * 100
    tree = load(f"a: {deep}\nb: {deep}\n")
    assert tree.problems == [
        YamlProblem(
            "invalid-frontmatter",
            "frontmatter is nested more than 100 levels deep",
            0,
            102,
            0,
            104,
        )
    ]


def test_nesting_up_to_the_depth_limit_is_read() -> None:
    tree = load("a: " + "[" * 99 + "]" * 99)
    assert tree.problems == []
    value = tree.value["a"]
    for _ in range(98):
        value = value[0]
    assert value == []


@pytest.mark.parametrize(
    ("line", "fence"),
    [
        ("```", "```"),
        ("   ```", "```"),
        ("    ```", None),
        ("```x", "```"),
        ("~~~", "~~~"),
        ("``", None),
        ("```a`b", None),
        ("~~~a~b", "~~~"),
        ("````", "````"),
        ("  ~~~~ py", "~~~~"),
        ("***", None),
        ("\t```", None),
        (" \t~~~", None),
        ("XX```", None),
        ("`", None),
        ("~", None),
        ("", None),
        (" ", None),
    ],
)
def test_a_fence_opens_with_three_or_more_backticks_or_tildes(line: str, fence: str | None) -> None:
    assert fences.opening(line) == fence


@pytest.mark.parametrize(
    ("fence", "line", "closed"),
    [
        ("```", "```", True),
        ("```", "   ```", True),
        ("```", "    ```", False),
        ("```", "```X", False),
        ("```", "``` \t", True),
        ("```", "```\x0b", False),
        ("```", "```\u00a0", False),
        ("```", "````", True),
        ("```", "``", False),
        ("````", "```", False),
        ("```", "~~~", False),
        ("~~~", "~~~~", True),
        ("~~~", "~~~ ~", False),
        ("```", "\t```", False),
        ("```", "X```", False),
    ],
)
def test_a_fence_closes_only_with_a_run_as_long_of_its_character(
    fence: str, line: str, closed: bool
) -> None:
    assert fences.closes(fence, line) is closed


def test_the_fence_tracker_marks_the_lines_of_a_block_fences_included() -> None:
    tracker = fences.Fences()
    lines = ["text", "~~~~", "```", "~~~", "~~~~~", "after", "```", "code"]
    assert [tracker.step(line) for line in lines] == [
        False,
        True,
        True,
        True,
        True,
        False,
        True,
        True,
    ]
    assert tracker.fence == "```"


def test_a_tab_after_other_text_is_no_tab_indentation() -> None:
    source = split_text(Path("x.md"), "---\nid: X-1\nX\tY: [a\n---\n")
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            "frontmatter is not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence that starts here)",
            Position.at(3, 6),
        )
    ]


def _skipped(message: str) -> tuple[Problem, ...]:
    return (Problem("file-skipped", message, Position(1, 1, 1, 1)),)


def test_a_file_above_the_size_limit_is_skipped_and_says_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 3093300)  # 2.950001 MiB: one byte's difference rounds it down
    source = read_source(path)
    assert source.readable is False
    assert source.problems == _skipped("file is 3.0 MiB, above the 2 MiB limit; not checked")
    assert read_source(path, max_bytes=1048576 * 3 // 2).problems == _skipped(
        "file is 3.0 MiB, above the 1.5 MiB limit; not checked"
    )
    assert read_source(path, max_bytes=1).problems == _skipped(
        "file is 3.0 MiB, above the 9.53674e-07 MiB limit; not checked"
    )


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.md"
    path.write_bytes(b"x" * 3000)
    assert list(read_source(path, max_bytes=3000).problems) == []
    assert read_source(path, max_bytes=2999).problems == _skipped(
        "file is 0.0 MiB, above the 0.00286007 MiB limit; not checked"
    )


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    assert read_source(tmp_path).problems == _skipped("cannot read file: Is a directory")
    missing = read_source(tmp_path / "missing.md")
    assert missing.problems == _skipped("cannot read file: No such file or directory")
    assert missing.readable is False


def test_a_nul_byte_makes_a_binary_file_only_in_the_first_8_kib(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * 8191 + b"\0")
    assert read_source(path).problems == _skipped("binary file with a .md name; not checked")
    path.write_bytes(b"a" * 8192 + b"\0")
    assert list(read_source(path).problems) == []


def test_invalid_utf8_is_named_at_its_byte_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\nid: X-1\ntitle: \xc3\xa9a\xff\n---\n")
    source = read_source(path)
    assert source.readable is False
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            "file is not valid UTF-8 (byte 0xff at offset 22)",
            Position(3, 10, 3, 10),
        )
    ]
    path.write_bytes(b"\nab\xff\n\n\n\n")
    assert list(read_source(path).problems) == [
        Problem(
            "invalid-frontmatter",
            "file is not valid UTF-8 (byte 0xff at offset 3)",
            Position(2, 3, 2, 3),
        )
    ]


def test_a_byte_order_mark_and_every_line_ending_are_read_as_plain_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nid: X-1\r\nold: mac\rend: 1\r\n---\r\nbody\rline\r\n")
    source = read_source(path)
    assert source.text == "---\nid: X-1\nold: mac\nend: 1\n---\nbody\nline\n"
    assert source.data == {"id": "X-1", "old": "mac", "end": 1}
    assert (source.body, source.body_line, source.problems) == ("body\nline\n", 6, ())


@pytest.mark.parametrize(
    ("yaml_text", "shape", "position"),
    [
        ("- a\n- b\n", "a list", Position(2, 1, 3, 4)),
        ('- "a\u2028b"\n- c\n', "a list", Position(2, 1, 3, 4)),
        ("just text\n", "a single value", Position(2, 1, 2, 10)),
        ("42\n", "a single value", Position(2, 1, 2, 3)),
    ],
)
def test_frontmatter_that_is_no_mapping_is_named_by_its_shape_over_its_whole_span(
    yaml_text: str, shape: str, position: Position
) -> None:
    source = split_text(Path("x.md"), f"---\n{yaml_text}---\n")
    assert (source.readable, source.data) == (False, {})
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            f"frontmatter must be a mapping of keys to values, not {shape}",
            position,
        )
    ]


def test_a_flow_value_over_two_lines_ends_where_its_bracket_closes() -> None:
    source = split_text(Path("x.md"), "---\nnote: {a: 1,\n  b: 22}\nid: X\n---\n")
    _, value = find_node(source.root, ("note",))
    assert value is not None
    assert source.node_position(value) == Position(2, 7, 3, 9)


# -- split_frontmatter, every field: offsets and lines worked out by hand ------------------------
# (bom, has_frontmatter, closed, yaml_start, yaml_end, fence_end, body_start, fence_line,
# body_line, newline)

SPLITS = {
    "empty": ("", (False, False, False, 0, 0, 0, 0, 1, 1, "")),
    "no frontmatter, BOM": ("\ufeffbody\n", (True, False, False, 1, 1, 1, 1, 1, 1, "")),
    "four dashes": ("----\n---\n", (False, False, False, 0, 0, 0, 0, 1, 1, "")),
    "text after the fence": ("--- x\na\n---\n", (False, False, False, 0, 0, 0, 0, 1, 1, "")),
    "only an opening fence": ("---", (False, True, False, 3, 3, 3, 3, 1, 2, "")),
    "BOM, only an opening fence": ("\ufeff--- ", (True, True, False, 5, 5, 5, 5, 1, 2, "")),
    "unclosed, LF": ("---\nid: X\n", (False, True, False, 4, 10, 10, 10, 3, 4, "\n")),
    "unclosed, CRLF": ("---\r\nid: X\r\nbody", (False, True, False, 5, 16, 16, 16, 3, 4, "\r\n")),
    "unclosed, CR": ("---\ra\rb", (False, True, False, 4, 7, 7, 7, 3, 4, "\r")),
    "unclosed, mixed": ("---\r\na\rb\nc", (False, True, False, 5, 10, 10, 10, 4, 5, "\r\n")),
    "empty frontmatter": ("---\n---\n", (False, True, True, 4, 4, 7, 8, 2, 3, "\n")),
    "empty frontmatter, CRLF": ("---\r\n---\r\nb", (False, True, True, 5, 5, 8, 10, 2, 3, "\r\n")),
    "empty frontmatter, CR": ("---\r---", (False, True, True, 4, 4, 7, 7, 2, 3, "\r")),
    "closed by the last line": ("---\nid: X\n---", (False, True, True, 4, 10, 13, 13, 3, 4, "\n")),
    "closed, body after": (
        "---\nid: X\n---\nbody\nmore\n",
        (False, True, True, 4, 10, 13, 14, 3, 4, "\n"),
    ),
    "BOM, CRLF, dots": (
        "\ufeff--- \r\nid: X\r\n... \r\n# B\r\n",
        (True, True, True, 7, 14, 18, 20, 3, 4, "\r\n"),
    ),
    "CR, closed": ("---\rid: X\r---\rbody\r", (False, True, True, 4, 10, 13, 14, 3, 4, "\r")),
    "dots and a tab": ("---\na: 1\n...\t\nx", (False, True, True, 4, 9, 13, 14, 3, 4, "\n")),
    "mixed line ends before the fence": (
        "---\na\r\nb\rc\n---\r\nbody\n",
        (False, True, True, 4, 11, 14, 16, 5, 6, "\n"),
    ),
    "near misses before the fence": (
        "---\na\n--- x\n----\n ---\n---\n",
        (False, True, True, 4, 22, 25, 26, 6, 7, "\n"),
    ),
}


@pytest.mark.parametrize(("text", "fields"), SPLITS.values(), ids=SPLITS.keys())
def test_split_frontmatter_finds_every_offset_and_line(
    text: str, fields: tuple[bool, bool, bool, int, int, int, int, int, int, str]
) -> None:
    assert split_frontmatter(text) == Split(*fields)


def _state(source: SourceFile) -> tuple[object, ...]:
    return (
        source.has_frontmatter,
        source.readable,
        source.data,
        source.yaml_text,
        source.yaml_line,
        source.body_start,
        source.body_line,
        source.body,
        source.entry_lines,
        list(source.problems),
    )


def test_without_frontmatter_the_whole_text_is_the_body() -> None:
    source = split_text(Path("x.md"), "# Title\n---\nid: X-1\n---\n")
    assert _state(source) == (False, True, None, "", 2, 0, 1, source.text, {}, [])


def test_an_unclosed_fence_leaves_no_body_and_names_the_opening_fence() -> None:
    text = "---\nid: X-1\n# Body\n"
    source = split_text(Path("x.md"), text)
    never_closed = Problem(
        "invalid-frontmatter",
        "frontmatter opened with '---' on line 1 is never closed "
        "(add a line with '---' after the last key)",
        Position(1, 1, 1, 4),
    )
    assert _state(source) == (True, False, {}, "", 2, 19, 5, "", {}, [never_closed])


def test_a_closed_fence_keeps_the_yaml_and_starts_the_body_after_it() -> None:
    source = split_text(Path("x.md"), "---\nid: X-1\n---\n# Body\n")
    assert _state(source) == (
        True,
        True,
        {"id": "X-1"},
        "id: X-1\n",
        2,
        16,
        4,
        "# Body\n",
        {},
        [],
    )


def test_empty_frontmatter_is_read_as_no_keys() -> None:
    source = split_text(Path("x.md"), "---\n---\nbody\n")
    assert _state(source) == (True, True, {}, "", 2, 8, 3, "body\n", {}, [])


def test_the_line_of_each_mapping_in_a_top_level_list_is_noted() -> None:
    text = (
        "---\nid: X-1\ntags: [a, b]\nrisks:\n  - id: R1\n    x: 1\n  - plain\n  - id: R2\n"
        "nested:\n  deeper:\n    - id: R3\n---\n"
    )
    source = split_text(Path("x.md"), text)
    assert list(source.problems) == []
    assert source.entry_lines == {("risks", 0): 5, ("risks", 2): 8}


def test_a_problem_inside_the_yaml_is_placed_on_the_file_lines() -> None:
    deep = "[" * 101 + "]" * 101
    source = split_text(Path("x.md"), f"---\nid: X-1\na: {deep}\n---\n")
    assert source.readable is True
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            "frontmatter is nested more than 100 levels deep",
            Position(3, 103, 3, 107),
        )
    ]


def test_a_list_under_a_key_that_is_no_plain_text_notes_no_lines() -> None:
    source = split_text(Path("x.md"), "---\nid: X-1\n? [a]\n: [{b: 1}]\nnote: text\n---\n")
    assert list(source.problems) == [
        Problem("invalid-frontmatter", "a mapping key must be plain text", Position(3, 3, 3, 6))
    ]
    assert source.entry_lines == {}


def test_a_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    read: list[SourceFile] = []
    # Opened without O_NONBLOCK, a FIFO with no writer blocks for ever: the thread says so.
    reader = threading.Thread(target=lambda: read.append(read_source(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert read, "reading a FIFO blocked"
    assert read[0].readable is False
    assert read[0].problems == _skipped("not a regular file; not read")
    assert read_source(Path(os.devnull)).problems == _skipped("not a regular file; not read")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_reading_a_file_leaves_no_descriptor_open(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: X-1\n---\n", "utf-8")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        assert list(read_source(path).problems) == []
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_file_that_grows_after_its_size_was_taken_is_read_no_further_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.md"
    path.write_bytes(b"x" * 3 * 1048576)
    # The size os.fstat saw, before the file grew: 0 bytes.
    small = os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, 0, 0, 0, 0, 0, 0))
    monkeypatch.setattr(os, "fstat", lambda descriptor: small)
    # 52,428 bytes (the limit and one) show as 0.0 MiB; 52,429 would round to 0.1.
    assert read_source(path, max_bytes=52427).problems == _skipped(
        "file is 0.0 MiB, above the 0.0499983 MiB limit; not checked"
    )


def test_bytes_from_a_revision_split_as_a_file_does() -> None:
    raw = b"\xef\xbb\xbf---\r\nid: X-1\r\n---\r\n# Body\r\n"
    source = source_from_bytes(Path("old/x.md"), raw, max_bytes=len(raw))
    assert source.path == Path("old/x.md")
    assert (source.readable, source.data, source.body, source.problems) == (
        True,
        {"id": "X-1"},
        "# Body\n",
        (),
    )
    too_large = source_from_bytes(Path("old/x.md"), raw, max_bytes=len(raw) - 1)
    assert too_large.path == Path("old/x.md")
    assert (too_large.readable, too_large.data) == (False, None)
    assert too_large.problems == _skipped(
        "file is 0.0 MiB, above the 2.76566e-05 MiB limit; not checked"
    )


# -- yaml_tree: syntax errors, construction, lookups --------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        # No context: the problem alone.
        ("a: b: c", "mapping values are not allowed in this context", 0, 4),
        # A context that is no flow or quote: placed where the parser stopped, not where
        # the block mapping started.
        ("x: 1\n- a", "did not find expected key (while parsing a block mapping)", 1, 0),
        # An unclosed quote: placed where it opened.
        (
            'a: 1\nb: "abc\nc: 1',
            "found unexpected end of stream (while scanning a quoted scalar that starts here)",
            1,
            3,
        ),
        # A reader error carries no marks: its first line, at the start.
        ("a: \x07", "unacceptable character #x0007: control characters are not allowed", 0, 0),
    ],
)
def test_a_yaml_error_is_named_and_placed(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load(text)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        message,
        line,
        column,
    )


def test_depth_is_counted_back_down_after_each_child() -> None:
    # The root mapping, the list, then 99 levels: the innermost is nested too deep, though an
    # empty list came first.
    deep = "[" * 99 + "]" * 99
    tree = load(f"a: [[], {deep}]")
    assert tree.problems == [
        YamlProblem(
            "invalid-frontmatter",
            "frontmatter is nested more than 100 levels deep",
            0,
            106,
            0,
            108,
        )
    ]


def test_a_value_under_a_refused_tag_is_dropped() -> None:
    tree = load("a: !foo [1, 2]\nb: !foo {x: 1}\nc: 1\n")
    assert tree.value == {"a": None, "b": None, "c": 1}
    assert [problem.message for problem in tree.problems] == [
        "YAML tag !foo is not allowed; handbook reads plain YAML only",
        "YAML tag !foo is not allowed; handbook reads plain YAML only",
    ]


def test_keys_after_a_key_that_is_no_plain_text_are_read() -> None:
    tree = load("? [a]\n: 1\nb: 2\n")
    assert tree.value == {"b": 2}
    assert tree.problems == [
        YamlProblem("invalid-frontmatter", "a mapping key must be plain text", 0, 2, 0, 5)
    ]


def test_a_duplicate_key_is_named_at_its_second_place_and_the_last_wins() -> None:
    tree = load("a: 1\nb: 0\na: 2\n")
    assert tree.value == {"a": 2, "b": 0}
    assert tree.problems == [
        YamlProblem(
            "duplicate-key",
            "key 'a' appears more than once in this mapping; the last one wins",
            2,
            0,
            2,
            1,
        )
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"1.5"', "1.5"),
        ("'7'", "7"),
        ("07", 7),
        ("1__000", 1000),
        ("10_", 10),
        ("1__0.5", 10.5),
        ("1.5_", 1.5),
        ("0o17", "0o17"),  # YAML 1.2's octal is a string in YAML 1.1
        ("2026-01-02", "2026-01-02"),
    ],
)
def test_scalars_keep_their_yaml_1_1_type(written: str, value: object) -> None:
    read = load(f"a: {written}").value["a"]
    assert (type(read), read) == (type(value), value)


def test_merge_keys_take_a_list_of_mappings_earlier_ones_first() -> None:
    text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n"
    assert load(text).value["c"] == {"x": 1, "y": 2, "z": 3}


def _scalar(node: object) -> object:
    assert isinstance(node, yaml.ScalarNode)
    return node.value


def test_find_node_returns_the_deepest_pair_that_exists() -> None:
    root = load("a: 1\nlist: [x, {y: 2}]\nm:\n  k: v\n").root
    assert root is not None
    pairs = {key.value: (key, value) for key, value in root.value}

    def found(*path: str | int) -> tuple[object, object]:
        key, value = find_node(root, path)
        return (None if key is None else _scalar(key), value)

    assert found() == (None, root)
    assert found("missing") == (None, root)
    assert found(0) == (None, root)
    assert found("m") == ("m", pairs["m"][1])
    assert found("m", "missing") == ("m", pairs["m"][1])
    key, value = find_node(root, ("m", "k"))
    assert (_scalar(key), _scalar(value)) == ("k", "v")
    listed = pairs["list"][1]
    assert found("list", 0) == (None, listed.value[0])
    assert found("list", 1) == (None, listed.value[1])
    for outside in (2, -1, "y"):
        assert found("list", outside) == ("list", listed)
    key, value = find_node(root, ("list", 1, "y"))
    assert (_scalar(key), _scalar(value)) == ("y", "2")
    assert found("a", 0) == ("a", pairs["a"][1])


def _merge_chain(length: int) -> str:
    """m0 holds k0; each later m<i> merges m<i-1>, so k0 is ``length`` merges from the top."""
    lines = ["m0: &m0 {k0: 0}"]
    lines += [f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, length + 1)]
    return "\n".join(lines) + "\n"


def test_find_node_follows_merged_mappings_up_to_the_depth_limit() -> None:
    # A fresh tree for each top: a mapping's index is kept from its first lookup.
    top = find_node(load(_merge_chain(100)).root, ("m100",))[1]
    key, value = find_node(top, ("k0",))  # 100 merges down: found
    assert (_scalar(key), _scalar(value)) == ("k0", "0")
    top = find_node(load(_merge_chain(101)).root, ("m101",))[1]
    assert find_node(top, ("k0",)) == (None, top)  # 101 merges down: not followed
    key, value = find_node(top, ("k1",))
    assert (_scalar(key), _scalar(value)) == ("k1", "1")


def test_an_explicit_key_wins_over_a_merged_one_and_earlier_merges_over_later() -> None:
    root = load("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n").root
    c = find_node(root, ("c",))[1]
    assert [_scalar(find_node(c, (name,))[1]) for name in ("x", "y")] == ["1", "3"]


def test_find_node_walks_a_merge_graph_once_per_mapping() -> None:
    # Each level merges the one below twice: 2**60 paths, 61 mappings.
    lines = ["l0: &l0 {bottom: 1}"]
    lines += [f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}], k{i}: {i}}}" for i in range(1, 61)]
    root = compose("\n".join(lines) + "\n")
    looked_up: list[object] = []
    top = find_node(root, ("l60",))[1]
    finder = threading.Thread(
        target=lambda: looked_up.append(find_node(top, ("bottom",))), daemon=True
    )
    finder.start()
    finder.join(timeout=10)
    assert looked_up, "looking a key up walked every path of the merge graph"
    key, value = looked_up[0]  # type: ignore[misc]
    assert (_scalar(key), _scalar(value)) == ("bottom", "1")


# -- headings: the line-level helpers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("# x", (1, "x")),
        ("   # x", (1, "x")),
        ("    # x", None),
        ("\t# x", None),
        ("X# x", None),
        ("#X x", None),
        ("#x", None),
        ("###### x", (6, "x")),
        ("####### x", None),
        ("# aX", (1, "aX")),
        ("# a X#", (1, "a X#")),
        ("# a #", (1, "a")),
        ("# a\t#", (1, "a")),
        ("#", (1, "")),
    ],
)
def test_an_atx_heading_is_read_as_commonmark_reads_it(
    line: str, heading: tuple[int, str] | None
) -> None:
    assert atx_heading(line) == heading


@pytest.mark.parametrize(
    ("line", "columns"),
    [("x", 0), (" x", 1), ("   x", 3), (" \tx", 4), ("\t\tx", 8), ("     \tx", 8), ("", 0)],
)
def test_indentation_counts_a_tab_to_the_next_stop_of_four(line: str, columns: int) -> None:
    assert headings._indent(line) == columns


@pytest.mark.parametrize(
    ("stripped", "is_break"),
    [
        ("***", True),
        ("___", True),
        ("---", True),
        ("- - -", True),
        ("-\t-\t-", True),
        ("**", False),
        ("*-*", False),
        ("+++", False),
        ("", False),
    ],
)
def test_a_thematic_break_is_three_of_one_character_blanks_between(
    stripped: str, is_break: bool
) -> None:
    assert headings._thematic_break(stripped) is is_break


def test_content_of_comments_across_lines_is_blank() -> None:
    assert is_blank(" <!-- a\nb -->\n\t\n") is True
    assert is_blank("<!-- a -->x") is False


def test_an_underline_after_a_blank_line_makes_no_heading() -> None:
    assert scan_sections("para\n\n===\n", 1) == []
    assert [section.title for section in scan_sections("para\n===\n", 1)] == ["para"]


@pytest.mark.parametrize(
    ("stripped", "marker"),
    [
        (">", (1, True)),
        ("> x", (1, True)),
        ("- x", (1, True)),
        ("+ x", (1, True)),
        ("* x", (1, True)),
        ("-\tx", (1, True)),
        ("- X", (1, True)),
        ("- \x0b", (1, True)),
        ("-", (1, False)),
        ("- \t ", (1, False)),
        ("-x", None),
        ("x", None),
        ("1. x", (2, True)),
        ("1) x", (2, True)),
        ("1.\tx", (2, True)),
        ("1.", (2, False)),
        ("2. x", (2, False)),
        ("01. x", (3, True)),
        ("10. x", (3, False)),
        ("123456789. x", (10, False)),
        ("1234567890. x", None),
        ("1.x", None),
        ("1: x", None),
        (". x", None),
    ],
)
def test_a_container_marker_has_its_width_and_may_interrupt_a_paragraph(
    stripped: str, marker: tuple[int, bool] | None
) -> None:
    assert headings._container_marker(stripped) == marker


# -- headings: whole bodies, each answer taken from markdown-it-py ---------------------------------

_COMMONMARK = MarkdownIt("commonmark")


def _markdown_it_headings(body: str) -> list[tuple[int, str, int]]:
    """(level, title, line) of each top-level heading as markdown-it-py reads ``body``."""
    tokens = _COMMONMARK.parse(body)
    return [
        (
            int(token.tag[1]),
            " ".join(p.strip() for p in tokens[i + 1].content.split("\n")),
            token.map[0] + 1,
        )
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.map is not None
    ]


# Each expected list is markdown-it-py's answer; the test checks it still is.
AS_MARKDOWN_IT_READS = {
    # What a line above an underline is to the paragraph (_classify).
    "a line starting X# is text": ("Title\nX# y\n---\n", [(2, "Title X# y", 1)]),
    "an indented list item ends the paragraph": ("Title\n - x\n---\n", []),
    "a thematic break ends the paragraph": ("Title\n***\n---\n", []),
    "a list item that may interrupt ends it": ("Title\n- x\n---\n", []),
    "a vertical tab line is text": ("A\n\x0b\nB\n---\n", [(2, "A  B", 1)]),
    "a vertical tab last line is stripped off the title": ("Title\n\x0b\n---\n", [(2, "Title", 1)]),
    "a line of X is text": ("A\nXX\n---\n", [(2, "A XX", 1)]),
    "a no-break space before # is text": ("Title\n\u00a0# x\n---\n", [(2, "Title # x", 1)]),
    "a < line that opens nothing is text": ("Text\n<3 x\n---\n", [(2, "Text <3 x", 1)]),
    "text over a blank line is no part of the title": ("A\n\nB\n---\n", [(2, "B", 3)]),
    "blanks inside a title stay": (
        "Title  with   spaces\n---\n",
        [(2, "Title  with   spaces", 1)],
    ),
    # What the first line of a quote or item leaves (_container_state).
    "a heading in a quote takes no lazy line": ("> # x\ntext\n---\n", [(2, "text", 2)]),
    "a tab after > is partly the optional space": (">\tx\ntext\n---\n", []),
    "four blanks after > are one and three": (">    x\ntext\n---\n", []),
    "> without a blank": (">x\ntext\n---\n", []),
    "five blanks after > are code": (">     x\ntext\n---\n", [(2, "text", 2)]),
    "five blanks after - are code": ("-     x\ntext\n---\n", [(2, "text", 2)]),
    "a tab after - reaches column 4": ("-\tx\ntext\n---\n", []),
    "a tab and a blank after - reach column 5 from column 1": ("-\t x\ntext\n---\n", []),
    "a no-break space in an item is text": ("- \u00a0# x\ntext\n---\n", []),
    "a heading in an item takes no lazy line": ("- # x\ntext\n---\n", [(2, "text", 2)]),
    "X# in an item is text": ("- X# y\ntext\n---\n", []),
    "an item not at 1 takes lazy lines": ("2. item\ntext\n---\n", []),
    "an empty item takes no lazy line": ("2.\ntext\n---\n", [(2, "text", 2)]),
    # Tabs after container markers move to the next stop of 4 from where they stand.
    "a tab after > and two blanks": (">  \tx\ntext\n---\n", []),
    "a tab after > and a blank": ("> \tx\ntext\n---\n", []),
    "a tab after 1. and two blanks is code": ("1.  \tx\ntext\n---\n", [(2, "text", 2)]),
    "a tab in a quote in a quote is code": ("> > \tx\ntext\n---\n", [(2, "text", 2)]),
    "a tab and a blank after >": (">\t x\ntext\n---\n", []),
    "a heading after a tab after >": (">\t# x\ntext\n---\n", [(2, "text", 2)]),
    "two tabs after > are code": (">\t\tx\ntext\n---\n", [(2, "text", 2)]),
    "a tab after > in a list item is code": ("- > \tx\ntext\n---\n", [(2, "text", 2)]),
    "a quote after a tab in a list item": ("-\t>\t  x\ntext\n---\n", [(2, "text", 2)]),
    "a quote without a blank": ("># x\ntext\n---\n", [(2, "text", 2)]),
    # Where reading back stops (the floor).
    "text right after an ATX heading": ("# A\nB\n---\n", [(1, "A", 1), (2, "B", 2)]),
    "text right after a one-character underline": ("A\n=\nB\n=\n", [(1, "A", 1), (1, "B", 3)]),
    "text right after an underline": ("A\n===\nB\n===\n", [(1, "A", 1), (1, "B", 3)]),
    "text right after a fence": ("```\n```\nTitle\n---\n", [(2, "Title", 3)]),
    "text right after a comment": ("<!--\n-->\nTitle\n---\n", [(2, "Title", 3)]),
    # Lines themselves.
    "an underline with blanks after it": ("Title\n---  \n", [(2, "Title", 1)]),
    "an ATX heading on a last line without a line break": ("# Title", [(1, "Title", 1)]),
    "a vertical tab after closing hashes keeps them": ("# a #\x0b\n", [(1, "a #", 1)]),
    # HTML blocks (_html_block and what ends them).
    "a < line that opens nothing is skipped": ("<3 is love\n\n# Heading\n", [(1, "Heading", 3)]),
    "a tag alone as a lazy line of a quote": ("> quote\n<span>\n# H\n", [(1, "H", 3)]),
    "a div runs to the end without a blank line": ("<div>\n# hidden\n", []),
    "a div runs to the end of a body without a line break": ("<div>\n# hidden", []),
    "a div hides a one-character line before its blank line": (
        "<div>\n#\n\n# Shown\n",
        [(1, "Shown", 4)],
    ),
    "an unclosed comment runs to the end": ("<!--\n# hidden\n", []),
    "an unclosed pre runs to the end": ("<pre>\n# hidden\n", []),
    "pre ends at its own end tag": (
        "<pre>\n</b>\n# hidden\n</pre>\n# Shown\n",
        [(1, "Shown", 5)],
    ),
    "pre ends at an end tag after it": (
        "Text </pre>\n\n<pre>\n# hidden\n</pre>\n# Shown\n",
        [(1, "Shown", 6)],
    ),
    "pre ends at its end tag": ("<pre>\n</pre>\n# Shown\n", [(1, "Shown", 3)]),
    "a comment ends at a --> after it": (
        "a --> b\n\n<!--\n# hidden\n-->\n# Shown\n",
        [(1, "Shown", 6)],
    ),
    "a comment ends at its first -->": (
        "<!--\n# hidden\n-->\n# Shown\n<!-- x -->\n",
        [(1, "Shown", 4)],
    ),
    "<! and a letter that is not ASCII opens nothing": ("<!é\n# H\n", [(1, "H", 2)]),
    "a declaration runs to >": ("<!A B\n# hidden\n>\n# Shown\n", [(1, "Shown", 4)]),
    "a declaration's first letter decides": ("<!Aé\n# hidden\n>\n# Shown\n", [(1, "Shown", 4)]),
    "a declaration ends at >": ("<!A\n>\n# Shown\n", [(1, "Shown", 3)]),
    "a declaration interrupts a paragraph": (
        "Text\n<!A\n# hidden\n>\n# Shown\n",
        [(1, "Shown", 5)],
    ),
    "a div interrupts a paragraph": ("Text\n<div>\n# hidden\n\n# Shown\n", [(1, "Shown", 5)]),
    "pre interrupts a paragraph": ("Text\n<pre>\n# hidden\n</pre>\n# Shown\n", [(1, "Shown", 5)]),
    "a comment interrupts a paragraph": (
        "Text\n<!--\n# hidden\n-->\n# Shown\n",
        [(1, "Shown", 5)],
    ),
    "an instruction interrupts a paragraph": (
        "Text\n<?\n# hidden\n?>\n# Shown\n",
        [(1, "Shown", 5)],
    ),
    "CDATA runs to ]]>": ("<![CDATA[\n# hidden\n]]>\n# Shown\n", [(1, "Shown", 4)]),
}


@pytest.mark.parametrize(
    ("body", "expected"), AS_MARKDOWN_IT_READS.values(), ids=AS_MARKDOWN_IT_READS.keys()
)
def test_headings_are_found_as_markdown_it_finds_them(
    body: str, expected: list[tuple[int, str, int]]
) -> None:
    assert _markdown_it_headings(body) == expected
    assert [(s.level, s.title, s.line) for s in scan_sections(body, 1)] == expected


_SECTIONED = "intro\n# One\ntext\n## Two\n\nTwo's text\n\nThree\n---\nlast\n# Four\n"


def test_each_section_has_its_content_line_column_and_subsections() -> None:
    assert scan_sections(_SECTIONED, 10) == [
        headings.Section(1, "One", 11, 1, "text\n", True),
        headings.Section(2, "Two", 13, 1, "\nTwo's text\n\n", False),
        headings.Section(2, "Three", 17, 1, "last\n", False),
        headings.Section(1, "Four", 20, 1, "", False),
    ]
    assert [s.column for s in scan_sections(_SECTIONED, 10)] == [1, 1, 1, 1]


def test_sections_within_a_file_are_spans_of_its_text_alike() -> None:
    whole = "---\nid: X-1\n---\n" + _SECTIONED
    offset = whole.index("intro")
    within = scan_sections(_SECTIONED, 4, within=(whole, offset))
    assert within == scan_sections(_SECTIONED, 4)
    assert [(s.level, s.title, s.line, s.column, s.content, s.has_subsections) for s in within] == [
        (1, "One", 5, 1, "text\n", True),
        (2, "Two", 7, 1, "\nTwo's text\n\n", False),
        (2, "Three", 11, 1, "last\n", False),
        (1, "Four", 14, 1, "", False),
    ]


def test_a_section_compares_hashes_and_prints_as_the_dataclass_it_was() -> None:
    section = headings.Section(2, "T", 3, 1, "body\n", False)
    assert (section.content, section.column) == ("body\n", 1)
    assert section == headings.Section(2, "T", 3, 1, "body\n", False)
    assert section != headings.Section(2, "T", 3, 1, "other\n", False)
    assert section.__eq__("T") is NotImplemented
    assert hash(section) == hash((2, "T", 3, 1, "body\n", False))
    assert repr(section) == (
        "Section(level=2, title='T', line=3, column=1, content='body\\n', has_subsections=False)"
    )
    with pytest.raises(AttributeError, match=r"^cannot delete field 'title'$"):
        del section.title
    with pytest.raises(AttributeError, match=r"^cannot assign to field 'title'$"):
        section.title = "U"  # type: ignore[misc]


# -- decision records: metadata read from the body ---------------------------------------------

_MADR = (
    "# Use X\n\n* Status: accepted\n* Decision  Makers: [Alice, Bob, ]\n"
    "* **Date:** 2024-01-05\n* Tags: x\n* Status: rejected\n\n## Context\n\n* Status: proposed\n"
)
_NYGARD = (
    "# 1. T\n\nDate: 13/09/2023\n\n## Status\n\nProposed\n\n---\nAccepted <!-- c -->\n\n"
    "## Context\n\nDate: 2020-01-01\nRejected\n"
)
_MADR_READ = (
    {"status": "accepted", "decision-makers": ["Alice", "Bob"], "date": "2024-01-05"},
    {"status": 5, "decision-makers": 6, "date": 7},
)
_NYGARD_READ = ({"status": "accepted", "date": "2023-09-13"}, {"status": 14, "date": 7})

BODIES = {
    "names keep their X": (
        "# T\n* Deciders: Xavier, BoX\n",
        "madr",
        "0001-x.md",
        1,
        ({"decision-makers": ["Xavier", "BoX"]}, {"decision-makers": 2}),
    ),
    "a list item on the first line": (
        "* Status: accepted\n",
        "auto",
        "0001-x.md",
        1,
        ({"status": "accepted"}, {"status": 1}),
    ),
    "a date line that is a heading is no header": (
        "Date: 2024-01-05\n---\n",
        "nygard",
        "0001-x.md",
        1,
        ({}, {}),
    ),
    "a date line that is the title is no header": (
        "Date: 2024-01-05\n===\n",
        "nygard",
        "0001-x.md",
        1,
        ({}, {}),
    ),
    "the header ends at the first section": (
        "# T\n\n## Context\n\n* Status: accepted\n",
        "madr",
        "0001-x.md",
        1,
        ({}, {}),
    ),
    "the header starts right under the title": (
        "# T\n* Status: accepted\n",
        "madr",
        "0001-x.md",
        1,
        ({"status": "accepted"}, {"status": 2}),
    ),
    "a link that leads nowhere skips to the next": (
        "# T\n\n## Status\n\nSuperseded by [x](x.md) and [ADR-0020](0020-x.md)\n",
        "nygard",
        "0001-x.md",
        1,
        (
            {"superseded-by": ["ADR-0020"], "status": "superseded"},
            {"superseded-by": 5, "status": 5},
        ),
    ),
    "a date item wins over a date with the status": (
        "# T\n* Date: 2024-01-05\n* Status: Accepted on 2019-03-01\n",
        "madr",
        "0001-x.md",
        1,
        ({"date": "2024-01-05", "status": "accepted"}, {"date": 2, "status": 3}),
    ),
    "madr": (_MADR, "madr", "0001-x.md", 3, _MADR_READ),
    "madr as log4brains": (_MADR, "log4brains", "0001-x.md", 3, _MADR_READ),
    "madr as auto": (_MADR, "auto", "0001-x.md", 3, _MADR_READ),
    "madr as nygard": (_MADR, "nygard", "0001-x.md", 3, ({}, {})),
    "log4brains dates by name": (
        "# T\n\n* Status: accepted\n",
        "log4brains",
        "20201028-use-lunr.md",
        1,
        ({"status": "accepted", "date": "2020-10-28"}, {"status": 3}),
    ),
    "auto dates by name": (
        "# T\n\n* Status: accepted\n",
        "auto",
        "20201028-use-lunr.md",
        1,
        ({"status": "accepted", "date": "2020-10-28"}, {"status": 3}),
    ),
    "madr does not date by name": (
        "# T\n\n* Status: accepted\n",
        "madr",
        "20201028-use-lunr.md",
        1,
        ({"status": "accepted"}, {"status": 3}),
    ),
    "a written date wins over the name's": (
        "# T\n\n* Date: 2024-01-05\n",
        "log4brains",
        "20201028-use-lunr.md",
        1,
        ({"date": "2024-01-05"}, {"date": 3}),
    ),
    "nygard": (_NYGARD, "nygard", "0001-x.md", 5, _NYGARD_READ),
    "nygard as auto": (_NYGARD, "auto", "0001-x.md", 5, _NYGARD_READ),
    "nygard as madr": (_NYGARD, "madr", "0001-x.md", 5, ({}, {})),
    "nygard as log4brains": (_NYGARD, "log4brains", "0001-x.md", 5, ({}, {})),
    "superseded stays superseded": (
        "# T\n\n## Status\n\nSuperseded by [ADR-0020](0020-x.md) and [x](x.md)\nAccepted\n",
        "nygard",
        "0001-x.md",
        1,
        (
            {"superseded-by": ["ADR-0020"], "status": "superseded"},
            {"superseded-by": 5, "status": 5},
        ),
    ),
    "a date with the status": (
        "# T\n\n## Status\n\nAccepted on 2019-03-01\n",
        "nygard",
        "0001-x.md",
        1,
        ({"status": "accepted", "date": "2019-03-01"}, {"status": 5, "date": 5}),
    ),
    "a date with the status wins over the date line": (
        "# T\nDate: 2020-02-02\n## Status\nAccepted on 2019-03-01\n",
        "nygard",
        "0001-x.md",
        1,
        ({"status": "accepted", "date": "2019-03-01"}, {"status": 4, "date": 4}),
    ),
    "partly superseded stays accepted": (
        "# T\n\n## Status\n\nPartly superseded by [ADR-0003](0003-x.md)\n",
        "nygard",
        "0001-x.md",
        1,
        ({"amended-by": ["ADR-0003"], "status": "accepted"}, {"amended-by": 5, "status": 5}),
    ),
    "words that name no status are kept as written, the first": (
        "# T\n\n## Status\n\nIn limbo\nAlso limbo\n",
        "nygard",
        "0001-x.md",
        1,
        ({"status": "In limbo"}, {"status": 5}),
    ),
    "a date that is no date is kept as written": (
        "# T\n\nDate:  soon \n\n## Status\n\nAccepted\n",
        "nygard",
        "0001-x.md",
        1,
        ({"status": "accepted", "date": "soon"}, {"status": 7, "date": 3}),
    ),
    "a header status wins over the section": (
        "Intro\n* Status: accepted\n## Status\n\nRejected\n",
        "auto",
        "0001-x.md",
        1,
        ({"status": "accepted"}, {"status": 2}),
    ),
    "only a level-2 Status section counts": (
        "# T\n### Status\nRejected\n## STATUS\nAccepted\n",
        "nygard",
        "0001-x.md",
        1,
        ({"status": "accepted"}, {"status": 5}),
    ),
}


@pytest.mark.parametrize(
    ("body", "style", "name", "first_line", "expected"), BODIES.values(), ids=BODIES.keys()
)
def test_a_records_body_gives_its_metadata_and_lines(
    body: str,
    style: str,
    name: str,
    first_line: int,
    expected: tuple[dict[str, object], dict[str, int]],
) -> None:
    found = read_body(body, first_line, scan_sections(body, first_line), style, "ADR", name)
    assert (found.values, found.lines) == expected


def test_links_are_resolved_by_the_run_then_by_their_names_once_each() -> None:
    body = (
        "# T\n\n* Status: Supplemented by [A](0002-a.md), [B](0002-a.md), [C](0003-c.md)\n"
        "* Date: 2024-01-05\n"
    )
    found = read_body(
        body,
        1,
        scan_sections(body, 1),
        "madr",
        "ADR",
        "0001-x.md",
        lambda target: "ADR-0009" if target.startswith("0002") else None,
    )
    assert (found.values, found.lines) == (
        {"supplemented-by": ["ADR-0009", "ADR-0003"], "date": "2024-01-05"},
        {"supplemented-by": 3, "date": 4},
    )


@pytest.mark.parametrize(
    ("target", "prefix", "found"),
    [
        ("0002-use-kafka.md#x", "ADR", "ADR-0002"),
        ("ADR-0002#x#y", "ADR", "ADR-0002"),
        ("ADR-2X", "ADR", None),
        ("a/b/0003-x.md", "ADR", "ADR-0003"),
        ("a/b/0007-x/index.md", "ADR", "ADR-0007"),
        ("ADR-2/", "ADR", "ADR-2"),
        ("ADR-1234567", "ADR", None),
        ("a/0007-b/index.md", "ADR", "ADR-0007"),
        ("a/0003-b/README.md", "ADR", "ADR-0003"),
        ("index.md", "ADR", None),
        ("a/b/x.md", "ADR", None),
        ("adr-12.md", "P", "P-0012"),
    ],
)
def test_a_link_target_is_read_as_an_id(target: str, prefix: str, found: str | None) -> None:
    assert link_id(target, prefix) == found


# -- decision records: the words, dates and names they are written in --------------------------

_AMBIGUOUS = (
    "'12-09-2023' is ambiguous: 12 September 2023 or 9 December 2023; write it YYYY-MM-DD "
    "(2023-09-12 or 2023-12-09)"
)
DATES_AT_START = [
    (
        "05-12-2023",
        None,
        0,
        (
            "'05-12-2023' is ambiguous: 5 December 2023 or 12 May 2023; write it YYYY-MM-DD "
            "(2023-12-05 or 2023-05-12)"
        ),
    ),
    ("12-13-2023", "2023-12-13", 10, None),
    ("2019-05-13 x", "2019-05-13", 10, None),
    ("2019/5/3", "2019-05-03", 8, None),
    ("2019.05.13", "2019-05-13", 10, None),
    ("2019-02-30", None, 0, "'2019-02-30' is not a calendar date"),
    ("2019-05-13-", "2019-05-13", 10, None),
    ("20190-05-13", None, 0, None),
    ("13/09/2023", "2023-09-13", 10, None),
    ("09/13/2023", "2023-09-13", 10, None),
    (
        "12-09-2023",
        None,
        0,
        _AMBIGUOUS,
    ),
    ("05-05-2023", "2023-05-05", 10, None),
    ("31-02-2023", None, 0, "'31-02-2023' is not a calendar date"),
    ("13.9.2023", "2023-09-13", 9, None),
    ("Jan 3, 2024", "2024-01-03", 11, None),
    ("Sept. 3rd 2024", "2024-09-03", 14, None),
    ("January 31st, 2024 later", "2024-01-31", 18, None),
    ("Foo 3, 2024", None, 0, None),
    ("3 January 2024", "2024-01-03", 14, None),
    ("3rd Jan. 2024", "2024-01-03", 13, None),
    ("31 Feb 2024", None, 0, "'31 Feb 2024' is not a calendar date"),
    ("May 1 2024", "2024-05-01", 10, None),
    ("1 May 2024", "2024-05-01", 10, None),
    ("May  1,  2024", "2024-05-01", 13, None),
    ("x", None, 0, None),
    ("", None, 0, None),
    ("2024-01-0512", None, 0, None),
]

STATUS_LINES = [
    (
        "Nothing here, superseded by ADR-2",
        (
            None,
            "",
            None,
            [("superseded-by", "ADR-2", "superseded by ADR-2")],
            "Nothing here",
            [],
            False,
        ),
    ),
    ("2026-02-01: accepted", ("accepted", "accepted", "2026-02-01", [], "", [], False)),
    ("2026-02-01 Xaccepted", (None, "", "2026-02-01", [], "Xaccepted", [], False)),
    ("on 2019-03-01", (None, "", None, [], "on 2019-03-01", [], False)),
    (
        "2019-01-01 accepted 2020-02-02",
        ("accepted", "accepted", "2019-01-01", [], "2020-02-02", [], False),
    ),
    ("Accepted, 12-09-2023", ("accepted", "Accepted", None, [], "12-09-2023", [_AMBIGUOUS], False)),
    (
        "Accepted, 1-2-2023",
        (
            "accepted",
            "Accepted",
            None,
            [],
            "1-2-2023",
            [
                (
                    "'1-2-2023' is ambiguous: 1 February 2023 or 2 January 2023; write it "
                    "YYYY-MM-DD (2023-02-01 or 2023-01-02)"
                )
            ],
            False,
        ),
    ),
    ("- nothing", (None, "", None, [], "- nothing", [], False)),
    ("AcceptedX", (None, "", None, [], "AcceptedX", [], False)),
    ("XAccepted", (None, "", None, [], "XAccepted", [], False)),
    ("Accepted! mostly", ("accepted", "Accepted", None, [], "! mostly", [], False)),
    (
        "Supersedes ADR-1, amends ADR-2, reverts ADR-3",
        (
            None,
            "",
            None,
            [
                ("supersedes", "ADR-1", "Supersedes ADR-1"),
                ("amends", "ADR-2", "amends ADR-2"),
                ("reverts", "ADR-3", "reverts ADR-3"),
            ],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by (ADR-0002)",
        (
            "superseded",
            "superseded",
            None,
            [("superseded-by", "ADR-0002", "Superseded by (ADR-0002)")],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by ADR-0002X",
        (
            "superseded",
            "superseded",
            None,
            [("superseded-by", "ADR-0002X", "Superseded by ADR-0002X")],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by the new one!",
        (
            "superseded",
            "superseded",
            None,
            [],
            "",
            ["'Superseded by the new one!' names no record"],
            False,
        ),
    ),
    ("Accepted X2019-03-01", ("accepted", "Accepted", None, [], "X2019-03-01", [], False)),
    ("Accepted since 2019-03-01", ("accepted", "Accepted", "2019-03-01", [], "", [], False)),
    ("Accepted on  2019-03-01", ("accepted", "Accepted", "2019-03-01", [], "", [], False)),
    (
        "Accepted (2019-03-01) mostly",
        ("accepted", "Accepted", "2019-03-01", [], "mostly", [], False),
    ),
    ("Accepted on 2019-03-01 Xmas", ("accepted", "Accepted", "2019-03-01", [], "Xmas", [], False)),
    ("Accepted", ("accepted", "Accepted", None, [], "", [], False)),
    ("(Accepted) since then", ("accepted", "Accepted", None, [], ") since then", [], False)),
    ("Work in progress, still", ("draft", "Work in progress", None, [], "still", [], False)),
    ("Under review.", ("proposed", "Under review", None, [], "", [], False)),
    ("Nothing here", (None, "", None, [], "Nothing here", [], False)),
    ("accepted, supplemented", ("accepted", "accepted", None, [], "supplemented", [], False)),
    ("Accepted on 2019-03-01", ("accepted", "Accepted", "2019-03-01", [], "", [], False)),
    ("2026-02-01 accepted", ("accepted", "accepted", "2026-02-01", [], "", [], False)),
    (
        "Accepted, supplemented by [ADR-0034](0034-x.md)",
        (
            "accepted",
            "Accepted",
            None,
            [("supplemented-by", "0034-x.md", "supplemented by [ADR-0034](0034-x.md)")],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by [ADR-0020](0020-a.md) and [ADR-0021](0021-b.md)",
        (
            "superseded",
            "superseded",
            None,
            [
                (
                    "superseded-by",
                    "0020-a.md",
                    "Superseded by [ADR-0020](0020-a.md) and [ADR-0021](0021-b.md)",
                ),
                (
                    "superseded-by",
                    "0021-b.md",
                    "Superseded by [ADR-0020](0020-a.md) and [ADR-0021](0021-b.md)",
                ),
            ],
            "",
            [],
            False,
        ),
    ),
    (
        "Partly superseded by ADR-0003",
        (
            None,
            "",
            None,
            [("amended-by", "ADR-0003", "Partly superseded by ADR-0003")],
            "",
            [],
            True,
        ),
    ),
    (
        "Partially replaced by 3",
        (None, "", None, [("amended-by", "3", "Partially replaced by 3")], "", [], True),
    ),
    (
        "Reverted by [r](0009-r.md)",
        (
            "deprecated",
            "reverted",
            None,
            [("reverted-by", "0009-r.md", "Reverted by [r](0009-r.md)")],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by",
        ("superseded", "superseded", None, [], "", ["'Superseded by' names no record"], False),
    ),
    (
        "Supersedes ADR-0001; amends ADR-0002 and 7",
        (
            None,
            "",
            None,
            [
                ("supersedes", "ADR-0001", "Supersedes ADR-0001"),
                ("amends", "ADR-0002", "amends ADR-0002 and 7"),
                ("amends", "7", "amends ADR-0002 and 7"),
            ],
            "",
            [],
            False,
        ),
    ),
    ("Accepted (2019-03-01)", ("accepted", "Accepted", "2019-03-01", [], "", [], False)),
    (
        "Accepted since 2019-02-30",
        ("accepted", "Accepted", None, [], "since 2019-02-30", [], False),
    ),
    (
        "Accepted as of Jan 3, 2024 mostly",
        ("accepted", "Accepted", "2024-01-03", [], "mostly", [], False),
    ),
    (
        "Accepted 12-09-2023",
        (
            "accepted",
            "Accepted",
            None,
            [],
            "12-09-2023",
            [_AMBIGUOUS],
            False,
        ),
    ),
    ("Accepted, long ago", ("accepted", "Accepted", None, [], "long ago", [], False)),
    ("Deprecated – 2020-01-01", ("deprecated", "Deprecated", "2020-01-01", [], "", [], False)),
    (
        'Extended by [x](<0004-y.md> "t")',
        (
            None,
            "",
            None,
            [("relates-to", "0004-y.md", 'Extended by [x](<0004-y.md> "t")')],
            "",
            [],
            False,
        ),
    ),
    (
        "Superseded by ADR-0002, Reverted by ADR-0003",
        (
            "superseded",
            "superseded",
            None,
            [
                ("superseded-by", "ADR-0002", "Superseded by ADR-0002"),
                ("reverted-by", "ADR-0003", "Reverted by ADR-0003"),
            ],
            "",
            [],
            False,
        ),
    ),
    ("Amended by [a]()", (None, "", None, [], "", ["'Amended by [a]()' names no record"], False)),
    ("accepted: see below.", ("accepted", "accepted", None, [], "see below", [], False)),
    ("Proposed 12 May 2024: later", ("proposed", "Proposed", "2024-05-12", [], "later", [], False)),
    ("**Approved.**", ("accepted", "Approved", None, [], "", [], False)),
    (
        "Replaces ADR-1, ADR-2",
        (
            None,
            "",
            None,
            [
                ("supersedes", "ADR-1", "Replaces ADR-1, ADR-2"),
                ("supersedes", "ADR-2", "Replaces ADR-1, ADR-2"),
            ],
            "",
            [],
            False,
        ),
    ),
    (
        "Supplements  [b](0002-b.md)",
        (
            None,
            "",
            None,
            [("supplements", "0002-b.md", "Supplements  [b](0002-b.md)")],
            "",
            [],
            False,
        ),
    ),
    (
        "Partly amended by ADR-4",
        (None, "", None, [("amended-by", "ADR-4", "Partly amended by ADR-4")], "", [], False),
    ),
]

NAMES = [
    ("123456-x.md", None, (123456, 6, "")),
    ("20201028-use-lunr.md", "2020-10-28", None),
    ("2020-10-28-x.md", "2020-10-28", None),
    ("2020-13-28-x.md", None, (2020, 4, "")),
    ("202010281-x.md", None, None),
    ("0007-x.md", None, (7, 4, "")),
    ("ADR015-x", None, (15, 3, "ADR")),
    ("adr-001-x", None, (1, 3, "ADR")),
    ("adr_001_x", None, (1, 3, "ADR")),
    ("ADR-0001-x", None, (1, 4, "ADR")),
    ("1234567-x", None, None),
    ("x-0001", None, (1, 4, "X")),
    ("0007", None, (7, 4, "")),
    ("0007x", None, None),
    ("abcdefghijklm-1", None, None),
    ("ADR 12 x", None, (12, 2, "ADR")),
]

CONVENTIONS = [
    (["01-a.md", "02-b.md"], {"01-a.md": 1, "02-b.md": 2}),
    (["adr-1-a.md", "3-x.md", "adr-2-b.md"], {"adr-1-a.md": 1, "adr-2-b.md": 2}),
    (["01-a.md", "02-b.md", "3-c.md"], {"01-a.md": 1, "02-b.md": 2}),
    (["0001-a.md", "0002-b.md", "4-day.md"], {"0001-a.md": 1, "0002-b.md": 2}),
    (["4-day.md", "notes.md"], {}),
    (["4-day.md"], {"4-day.md": 4}),
    (["004-day.md", "notes.md"], {"004-day.md": 4}),
    (["adr-1-a.md", "adr-2-b.md", "3-x.md"], {"adr-1-a.md": 1, "adr-2-b.md": 2}),
    (["adr-1-a.md", "333-x.md"], {"adr-1-a.md": 1, "333-x.md": 333}),
    (["1-a.md", "2-b.md"], {"1-a.md": 1, "2-b.md": 2}),
    (["0001-a.md", "02-b.md", "adr-3.md"], {"0001-a.md": 1, "adr-3.md": 3}),
    (["01-a.md", "002-b.md", "0003-c.md"], {"002-b.md": 2, "0003-c.md": 3}),
    (
        ["adr-01-a.md", "adr-0002-b.md", "adr-003-c.md", "0004-d.md"],
        {"adr-01-a.md": 1, "adr-0002-b.md": 2, "adr-003-c.md": 3, "0004-d.md": 4},
    ),
]


@pytest.mark.parametrize(("text", "date", "end", "problem"), DATES_AT_START)
def test_a_date_is_read_from_the_start_of_a_text(
    text: str, date: str | None, end: int, problem: str | None
) -> None:
    assert decision_text.date_at_start(text) == decision_text.DateReading(date, end, problem)


def test_a_date_field_is_read_whole_or_says_why_not() -> None:
    read = decision_text.read_date
    assert read("  2019-05-13, updated 2023-02-05 ") == decision_text.DateReading("2019-05-13", 10)
    assert read(" soon ") == decision_text.DateReading(
        None, problem="'soon' is not a date (write it YYYY-MM-DD)"
    )
    assert read("2019-02-30") == decision_text.DateReading(
        None, problem="'2019-02-30' is not a calendar date"
    )
    assert [decision_text.is_iso(t) for t in ("2019-05-13", "2019-5-13", "2019-05-131")] == [
        True, False, False,
    ]  # fmt: skip


def test_status_words_are_cleaned_of_emphasis_and_full_stops() -> None:
    assert [decision_text.clean(t) for t in ("**Accepted.**", "_x_", " `a` ", "a. ")] == [
        "Accepted", "x", "a", "a",
    ]  # fmt: skip
    assert [decision_text.status_of(t) for t in ("Work  in progress", "*approved*", "on hold")] == [
        "draft", "accepted", None,
    ]  # fmt: skip
    assert [decision_text.is_rule(t) for t in ("---", " * * * ", "-*-", "--", "- x -")] == [
        True, True, True, False, False,
    ]  # fmt: skip


@pytest.mark.parametrize(("text", "read"), STATUS_LINES)
def test_a_status_line_is_read_whole(text: str, read: tuple[object, ...]) -> None:
    line = decision_text.read_status_line(text)
    links = [(link.relation, link.target, link.wording) for link in line.links]
    assert (
        line.status, line.word, line.date, links, line.rest, list(line.problems), line.partly
    ) == read  # fmt: skip


@pytest.mark.parametrize(("name", "dated", "number"), NAMES)
def test_a_records_name_gives_its_date_or_number(
    name: str, dated: str | None, number: tuple[int, int, str] | None
) -> None:
    assert decision_text.dated_name(name) == dated
    found = decision_text.number_in_name(name)
    assert (None if found is None else (found.number, found.width, found.prefix)) == number


@pytest.mark.parametrize(("names", "numbers"), CONVENTIONS)
def test_a_folder_numbers_its_names_by_its_own_convention(
    names: list[str], numbers: dict[str, int]
) -> None:
    assert decision_text.numbers_by_convention(names) == numbers


def test_record_names_dates_and_templates() -> None:
    assert [
        decision_text.record_name(parts)
        for parts in (
            ("a", "0001-x", "index.md"),
            ("0001-x", "README.md"),
            ("index.md",),
            ("b.md",),
        )
    ] == ["0001-x", "0001-x", "index.md", "b.md"]
    assert decision_text.numbers_by_date(
        ["20201017-b.md", "20201016-z.md", "20201016-a.md", "0001-x.md"]
    ) == {"20201016-a.md": 1, "20201016-z.md": 2, "20201017-b.md": 3}
    names = [
        "template.md", "0000-template.md", "template-x.md", "adr-template-minimal.md",
        "madr-template.md", "Template.MD", "0004-copied-template.md", "my-templates.md",
        "x-template.md",
    ]  # fmt: skip
    assert [decision_text.is_template_name(name) for name in names] == [
        True, True, True, True, True, True, False, False, True,
    ]  # fmt: skip


# -- What a run that lets its texts go keeps: packs, entry lines, strings interned again --


def _released(yaml_text: str) -> SourceFile:
    return SourceFile("x.md", yaml_kept=yaml_text, released=1)


def test_a_pack_gives_back_each_text_it_was_given_lone_surrogates_too() -> None:
    texts = ["a: 1\n", "b: \udc80 é\n", "", "c: 3\n"]
    pack = frontmatter.YamlPack(texts)
    assert [pack.text(index) for index in range(len(texts))] == texts


def test_a_pack_is_unpacked_once_while_it_is_among_the_last_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frontmatter, "_UNPACKED_PACKS", OrderedDict())
    calls: list[bytes] = []
    decompress = zlib.decompress

    def counted(data: bytes) -> bytes:
        calls.append(data)
        return decompress(data)

    monkeypatch.setattr(zlib, "decompress", counted)
    packs = [frontmatter.YamlPack([f"n: {n}\n", "m: x\n"]) for n in range(6)]
    kept = frontmatter.PACKS_KEPT
    assert kept == 4
    assert packs[0].text(0) == "n: 0\n" and packs[0].text(1) == "m: x\n"
    assert len(calls) == 1  # the second text came from the pack unpacked for the first
    for pack in packs[1:kept]:
        pack.text(0)
    assert packs[0].text(1) == "m: x\n" and len(calls) == kept  # four kept: still there
    packs[kept].text(0)  # a fifth: the least recently read (packs[1]) goes, not the newest
    assert len(calls) == kept + 1
    packs[kept].text(1)
    packs[0].text(0)
    assert len(calls) == kept + 1
    packs[1].text(0)
    assert len(calls) == kept + 2


def test_short_frontmatters_are_packed_up_to_pack_chars_and_one_left_alone() -> None:
    half = frontmatter.PACK_CHARS // 2
    texts = [f"{n}" * half for n in range(4)] + ["z: 1\n"]
    sources = [_released(text) for text in texts]
    frontmatter.pack_together(sources)
    first, second = sources[0].yaml_packed, sources[2].yaml_packed
    assert isinstance(first, frontmatter.YamlPack) and isinstance(second, frontmatter.YamlPack)
    # Two halves fill a pack exactly; the next two fill another; the last is alone, kept.
    assert sources[1].yaml_packed is first and sources[3].yaml_packed is second
    assert first is not second
    assert [s.yaml_index for s in sources[:4]] == [0, 1, 0, 1]
    assert sources[4].yaml_kept == "z: 1\n" and sources[4].yaml_packed == b""
    assert [s.yaml_text for s in sources] == texts


def test_a_frontmatter_is_compressed_alone_only_above_packed_above() -> None:
    at, above = "a" * frontmatter.PACKED_ABOVE, "\udc80" * (frontmatter.PACKED_ABOVE + 1)
    kept, packed = _released(at), _released(above)
    kept.pack_yaml()
    packed.pack_yaml()
    assert kept.yaml_kept == at and kept.yaml_packed == b""
    assert packed.yaml_kept == "" and isinstance(packed.yaml_packed, bytes)
    assert packed.yaml_text == above


def test_entry_lines_raise_key_error_for_the_key_asked_and_count_and_show_theirs() -> None:
    text = "---\nrisks:\n  - id: R1\n  - plain\n  - id: R2\n---\n"
    lines = split_text(Path("x.md"), text).entry_lines
    assert len(lines) == 2 and repr(lines) == "{('risks', 0): 3, ('risks', 2): 5}"
    for path in [("risks",), ("risks", 1), ("risks", 5), ("other", 0), (["risks"], 0)]:
        with pytest.raises(KeyError) as raised:
            lines[path]  # type: ignore[index]
        assert raised.value.args == (path,)


def test_a_string_as_long_as_interned_length_is_interned_again() -> None:
    text = "".join(["k"] * yaml_tree._INTERNED_LENGTH)  # equal to an interned one, not it
    interned = sys.intern("k" * yaml_tree._INTERNED_LENGTH)
    data = {"a": text, "b": [text]}
    assert data["a"] is not interned
    yaml_tree.intern_again(data)
    assert data["a"] is interned and data["b"][0] is interned


def test_each_plain_scalar_is_resolved_once_and_short_ones_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The forked mutant runs start with the tags every other test resolved: start empty.
    monkeypatch.setattr(yaml_tree, "_PLAIN_TAGS", {})
    resolved: list[str] = []
    resolve = yaml_tree._resolve

    def counted(loader: object, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        resolved.append(value)
        return resolve(loader, kind, value, implicit)  # type: ignore[no-any-return]

    monkeypatch.setattr(yaml_tree, "_resolve", counted)
    at = "t" * yaml_tree._INTERNED_LENGTH
    over = at + "u"
    text = f"a: same\nb: same\nc: 1\nd: true\ne: ~\nf: 1.5\ng: 2024-01-02\nh: {at}\ni: {over}\n"
    assert load(text).value == {
        "a": "same", "b": "same", "c": 1, "d": True, "e": None, "f": 1.5,
        "g": "2024-01-02", "h": at, "i": over,
    }  # fmt: skip
    assert resolved.count("same") == 1
    assert yaml_tree._PLAIN_TAGS["same"] == "tag:yaml.org,2002:str"
    assert yaml_tree._PLAIN_TAGS["1"] == "tag:yaml.org,2002:int"
    assert (
        yaml_tree._PLAIN_TAGS[at] == "tag:yaml.org,2002:str" and over not in yaml_tree._PLAIN_TAGS
    )
    # A full table keeps what it holds and takes no more.
    monkeypatch.setattr(yaml_tree, "_PLAIN_TAGS", {})
    monkeypatch.setattr(yaml_tree, "_PLAIN_TAGS_KEPT", 2)
    assert load("x: y\nz: w\n").value == {"x": "y", "z": "w"}
    assert list(yaml_tree._PLAIN_TAGS) == ["x", "y"]


def test_a_scalar_list_keeps_each_value_s_type_and_a_tagged_collection_is_refused() -> None:
    assert load("a: [1, true, null, 1.5, 2024-01-02, x]\n").value == {
        "a": [1, True, None, 1.5, "2024-01-02", "x"]
    }
    refused = "YAML tag !!str is not allowed; handbook reads plain YAML only"
    for text, value, columns in [
        ("a: [!!str [x]]\n", {"a": [None]}, (4, 13)),
        ("a: !!str [x]\n", {"a": None}, (3, 12)),
        ("a: !!str {x: 1}\n", {"a": None}, (3, 15)),
    ]:
        tree = load(text)
        assert tree.value == value
        assert tree.problems == [
            YamlProblem("invalid-frontmatter", refused, 0, columns[0], 0, columns[1])
        ]


@pytest.mark.parametrize(
    ("text", "value", "where"),
    [
        ("a: x\nb: y\nc: z\nd: w\n", {"a": "x", "b": "y", "c": "z", "d": "w"}, None),
        (
            "a: x\nb: y\nc: z\nd: w\ne: v\n",
            {"a": "x", "b": "y", "c": "z", "d": "w", "e": None},
            (4, 3, 4, 4),
        ),
        # The fifth value built the long way (an integer) spends the last of the budget.
        ("a: x\nb: y\nc: z\nd: 1\n", {"a": "x", "b": "y", "c": "z", "d": 1}, None),
        ("a: [x, y, z]\n", {"a": ["x", "y", "z"]}, None),
        ("a: [x, y, z, w]\n", {"a": ["x", "y", "z", None]}, (0, 13, 0, 14)),
    ],
)
def test_the_value_budget_counts_every_string_the_short_way_too(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    value: dict[str, object],
    where: tuple[int, int, int, int] | None,
) -> None:
    # Five values: the root mapping, then four strings (or a list and three).
    monkeypatch.setattr(yaml_tree, "MAX_VALUES", 5)
    tree = load(text)
    assert tree.value == value
    message = (
        "frontmatter expands to more than 5 values (aliases used as a YAML bomb?); "
        "the rest is ignored"
    )
    expected = [] if where is None else [YamlProblem("invalid-frontmatter", message, *where)]
    assert tree.problems == expected


def test_strings_up_to_interned_length_are_one_object_across_documents() -> None:
    def fresh(text: str) -> str:
        return "".join(list(text))

    at = fresh("s" * yaml_tree._INTERNED_LENGTH)
    over = fresh("o" * (yaml_tree._INTERNED_LENGTH + 1))
    text = f"k: {at}\nl: [{at}]\nm: {over}\nn: [{over}]\n"
    first, second = load(text).value, load(fresh(text)).value
    assert first["k"] is second["k"] is first["l"][0] is second["l"][0]
    assert first["m"] is not second["m"] and first["n"][0] is not second["n"][0]
    assert load(at).value is load(fresh(at)).value  # a document that is one string
    assert load(over).value is not load(fresh(over)).value


def test_positions_of_a_released_file_are_read_from_its_yaml_alone() -> None:
    text = "---\nid: X-1\nrisks:\n  - a\n  - bb\nowners:\n  lead: ccc\n---\nbody\n"
    kept = split_text(Path("x.md"), text)
    released = split_text(Path("x.md"), text)
    released.text, released.released = "", 1
    root = kept.root
    assert isinstance(root, yaml.MappingNode)
    nodes = [value for _, value in root.value]
    expected = [Position(2, 5, 2, 8), Position(4, 3, 5, 7), Position(7, 3, 7, 12)]
    assert [kept.node_position(node) for node in nodes] == expected
    assert [released.node_position(node) for node in nodes] == expected


def test_the_root_of_a_released_one_line_frontmatter_ends_on_its_line() -> None:
    released = split_text(Path("x.md"), "---\na: 1\n---\n")
    released.text, released.released = "", 1
    assert released.root is not None
    assert released.node_position(released.root) == Position(2, 1, 2, 5)


def test_a_frontmatter_that_is_a_list_is_placed_by_the_file_s_own_lines() -> None:
    # Its YAML is not kept (it is no mapping): the last line is read from the text.
    source = split_text(Path("x.md"), "---\n- a\n- bb\n---\na much longer body line\n")
    assert source.yaml_text == ""
    assert list(source.problems) == [
        Problem(
            "invalid-frontmatter",
            "frontmatter must be a mapping of keys to values, not a list",
            Position(2, 1, 3, 5),
        )
    ]
