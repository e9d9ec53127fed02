"""One frontmatter split: reading (lint), editing (``status``, ``supersede``) and importing find
the same fences in the same file.

Before they shared :func:`handbook.parse.frontmatter.split_frontmatter`, the three disagreed on
the inputs below: the editor refused an opening fence with trailing blanks and files with
lone-CR line ends, and rewrote the line ends of the whole file (fences and body included)
when it saw one CRLF anywhere; the importer's safety net saw no body at all in a lone-CR file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.authoring.frontmatter_edit import EditError, FrontmatterEditor
from handbook.authoring.importers.rewrite import body_after_frontmatter
from handbook.authoring.importers.source import Unreadable, read_document
from handbook.parse.frontmatter import read_source, split_frontmatter


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _through_all_three(tmp_path: Path, raw: bytes) -> None:
    """Read, edit and import ``raw``; all three must find the same YAML and the same body."""
    path = tmp_path / "0001-x.md"
    path.write_bytes(raw)
    read = read_source(path)
    try:
        editor: FrontmatterEditor | None = FrontmatterEditor(raw)
    except EditError:
        editor = None
    try:
        imported = read_document(path, raw)
    except Unreadable:
        imported = None

    if not read.has_frontmatter:
        assert editor is None
        assert imported is not None and imported.frontmatter is None
        assert "\n".join(imported.lines) == read.body
        return
    if not read.readable:  # unclosed (the YAML of these inputs always parses)
        assert editor is None and imported is None
        return
    assert editor is not None and imported is not None
    # The same YAML and the same values ...
    assert editor.yaml_text == read.yaml_text
    assert imported.frontmatter == read.data
    # ... the same body, starting on the same line ...
    assert imported.first_line == read.body_line
    assert "\n".join(imported.lines) == read.body
    assert _lf(body_after_frontmatter(raw).decode("utf-8")) == read.body
    # ... and an editor that changed nothing gives the file back byte for byte.
    assert editor.result() == raw


DISAGREED = {
    "blanks after the opening fence": b"---  \nid: X-1\n---\n# Body\n",
    "tab after the opening fence, CRLF": b"---\t\r\nid: X-1\r\n---\r\n# Body\r\n",
    "lone CR line ends": b"---\rid: X-1\r---\r# Body\rtext\r",
    "CRLF frontmatter, LF body": b"---\r\nid: X-1\r\n---\n# Body\nmore\r\n",
    "LF frontmatter, CRLF body": b"---\nid: X-1\n---\r\n# Body\r\n",
}
AGREED = {
    "BOM, dots with blanks, no last newline": b"\xef\xbb\xbf---\nid: X-1\n...  \n# Body",
    "plain": b"---\nid: X-1\n---\n# Body\n",
    "closing fence is the last line": b"---\nid: X-1\n---",
    "empty frontmatter": b"---\n---\n# Body\n",
    "never closed": b"---\nid: X-1\n# Body\n",
    "only an opening fence": b"---",
    "four dashes open nothing": b"----\nid: X-1\n---\n",
    "an indented fence opens nothing": b" ---\nid: X-1\n---\n",
    "a thematic break in the body stays in the body": b"---\nid: X-1\n---\ntext\n\n---\n",
}


@pytest.mark.parametrize("raw", [*DISAGREED.values(), *AGREED.values()], ids=[*DISAGREED, *AGREED])
def test_read_edit_and_import_split_alike(tmp_path: Path, raw: bytes) -> None:
    _through_all_three(tmp_path, raw)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_an_edit_changes_the_yaml_only_and_keeps_its_line_ends(newline: str) -> None:
    text = "---  \nid: X-1\nstatus: proposed\n...\n# Body\n\n---\nend\n".replace("\n", newline)
    raw = "\ufeff".encode() + text.encode()
    editor = FrontmatterEditor(raw)
    editor.set_scalar((), "status", "accepted")
    editor.add_to_list((), "tags", "db")

    expected = text.replace("proposed", "accepted").replace(
        f"accepted{newline}", f"accepted{newline}tags: [db]{newline}"
    )
    assert editor.result() == "\ufeff".encode() + expected.encode()
    assert body_after_frontmatter(editor.result()) == body_after_frontmatter(raw)


def test_split_offsets_and_lines() -> None:
    text = "\ufeff--- \r\nid: X-1\r\nn: 2\r\n... \r\n# Body\r\n"
    split = split_frontmatter(text)
    assert split.bom and split.has_frontmatter and split.closed
    assert split.newline == "\r\n"
    assert text[split.yaml_start : split.yaml_end] == "id: X-1\r\nn: 2\r\n"
    assert text[split.yaml_end : split.fence_end] == "... "
    assert text[split.body_start :] == "# Body\r\n"
    assert (split.yaml_line, split.fence_line, split.body_line) == (2, 4, 5)


# -- any mix of fences, blanks, line ends and a byte-order mark ---------------------------------

_NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
_BLANKS = st.sampled_from(["", " ", "\t", " \t "])
_LINES = st.lists(
    st.sampled_from(["key", "---", "...", "----", " ---", "--- x", "# Body", "", "a: b c"]),
    max_size=6,
)


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    bom = draw(st.sampled_from(["", "\ufeff"]))
    opening = draw(st.sampled_from(["---", "--", "----", " ---", "id: X-1"])) + draw(_BLANKS)
    lines = [opening, "id: X-1", *draw(_LINES)]
    if draw(st.booleans()):
        lines.insert(2, draw(st.sampled_from(["---", "..."])) + draw(_BLANKS))
    text = ""
    for number, line in enumerate(lines):
        text += (f"k{number}: v" if line == "key" else line) + draw(_NEWLINES)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return (bom + text).encode("utf-8")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=_documents())
def test_any_file_splits_alike_everywhere(tmp_path: Path, raw: bytes) -> None:
    _through_all_three(tmp_path, raw)
    # The split of the file as written and of its LF-normalised text agree on every line.
    text = raw.decode("utf-8")
    as_written, normalised = split_frontmatter(text), split_frontmatter(_lf(text))
    assert (as_written.has_frontmatter, as_written.closed) == (
        normalised.has_frontmatter,
        normalised.closed,
    )
    assert (as_written.fence_line, as_written.body_line) == (
        normalised.fence_line,
        normalised.body_line,
    )
    assert _lf(text[as_written.body_start :]) == _lf(text)[normalised.body_start :]


# PyYAML (YAML 1.1) also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR; an
# editor, CommonMark and the linter do not. Edits are judged on the text, not on the marks.


def test_an_entry_holding_a_line_separator_is_still_one_line() -> None:
    raw = "---\nid: ADR-0003\nrelates-to:\n  - 'ADR\u2028-0001'\n---\n# T\n".encode()
    editor = FrontmatterEditor(raw)
    assert editor.add_to_list((), "relates-to", "ADR-0002")
    editor.check()
    assert editor.result().decode() == (
        "---\nid: ADR-0003\nrelates-to:\n  - 'ADR\u2028-0001'\n  - ADR-0002\n---\n# T\n"
    )
