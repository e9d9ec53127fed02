"""Property test of the frontmatter splices behind ``status``, ``supersede`` and ``import``
(issue 9).

Generated frontmatter mixes anchors and aliases, merge keys, flow and block lists and
maps, empty values, quoted and plain scalars, comments and CRLF/LF/CR/mixed line ends.
Each edit either refuses (and then nothing is written) or gives a file that the project's
own reader reads as the old data with only the target changed, every comment kept and
every byte outside the one edited place as it was.

``HANDBOOK_FUZZ_EXAMPLES`` sets the number of examples (CI: the default, derandomized).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.authoring.frontmatter_edit import EditError
from handbook.authoring.importers.rewrite import _ImportEditor
from handbook.parse.frontmatter import split_text

EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "200"))

STATUS_FORMS = [
    None,  # no status key at all
    "status: proposed",
    "status:   'proposed'",
    'status: "proposed"',
    "status:",
    "status: ",
    "status: ~",
    "status: null",
    "status: &st proposed",
    "status: *base",
    "status: !!str proposed",
    "status: |\n  proposed",
    "status: >-\n  proposed",
    "status: pro\n  posed",
    "status: [proposed]",
    "status: &shared proposed\nx-echo: *shared",
    "<<: {status: proposed}",
    "<<: *merged",
]

LIST_FORMS = [
    None,
    "supersedes:",
    "supersedes: ~",
    "supersedes: []",
    "supersedes: [ADR-0001]",
    "supersedes: [ADR-0001, ]",
    "supersedes: [ ADR-0001 ,ADR-0002 ]",
    "supersedes:\n  - ADR-0001",
    "supersedes:\n- ADR-0001\n- ADR-0002",
    "supersedes: &list [ADR-0001]\nx-again: *list",
    "supersedes: *baselist",
    "supersedes: ADR-0001",
    "<<: {supersedes: [ADR-0001]}",
]

OTHER_VALUES = [
    "plain words",
    "'single ''quoted'''",
    '"double \\"quoted\\""',
    "[a, b]",
    "[]",
    "{a: 1, b: [x, y]}",
    "",
    "~",
    "\n  - one\n  - two",
    "\n  nested: value\n  other: [1, 2]",
    "|\n  block text\n  # not a comment",
    "2026-01-05",
    "&anchor{i} anchored",
]


@st.composite
def frontmatter(draw: st.DrawFn) -> tuple[bytes, str]:
    """A document's bytes and the edit to make (``status``, ``supersede``, both, or the
    two splices of ``import``: a key added first, a value replaced)."""
    edit = draw(st.sampled_from(["status", "supersede", "both", "import-add", "import-status"]))
    lines = ["id: ADR-0009", "title: 'A decision'"]
    lines.append("x-base: &base proposed")
    lines.append("x-merged: &merged {status: accepted}")
    lines.append("x-baselist: &baselist [ADR-0003]")
    others = draw(st.lists(st.sampled_from(OTHER_VALUES), max_size=4))
    for index, value in enumerate(others):
        comment = draw(st.sampled_from(["", "  # a comment", " #c"]))
        written = value.replace("{i}", str(index))
        if written.startswith("\n") or written.startswith("|"):
            comment = ""
        lines.append(f"x-k{index}: {written}{comment}".rstrip(" ") if written else f"x-k{index}:")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "# a comment line")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    status = draw(st.sampled_from(STATUS_FORMS))
    listed = draw(st.sampled_from(LIST_FORMS))
    for form in (status, listed):
        if form is not None:
            lines.insert(draw(st.integers(5, len(lines))), form)
    if draw(st.booleans()) and status is not None and "\n" not in status and "<<" not in status:
        lines.append("# closing comment")
    text_lines = "\n".join(lines).split("\n")
    style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    ends = [
        draw(st.sampled_from(["\n", "\r\n", "\r"])) if style == "mixed" else style
        for _ in range(len(text_lines) + 2)
    ]
    yaml_text = "".join(line + ends[i + 1] for i, line in enumerate(text_lines))
    body_end = draw(st.sampled_from(["\n", "\r\n"]))
    body = f"# A decision{body_end}{body_end}## Context{body_end}Text.{body_end}"
    bom = "\ufeff" if draw(st.booleans()) else ""
    document = f"{bom}---{ends[0]}{yaml_text}---{ends[-1]}{body}"
    return document.encode("utf-8"), edit


def read(data: bytes) -> dict[str, Any] | None:
    """The frontmatter as ``handbook lint`` reads it; None when it does not parse."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    source = split_text(Path("x.md"), text.replace("\r\n", "\n").replace("\r", "\n"))
    if any(p.rule == "invalid-frontmatter" for p in source.problems) or source.data is None:
        return None
    return source.data


def edited_span(old: bytes, new: bytes) -> tuple[bytes, bytes]:
    """What was taken out of ``old`` and what was put in, between the common ends."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    return old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 200,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=frontmatter())
def test_status_and_supersede_splice_exactly_or_refuse(case: tuple[bytes, str]) -> None:
    document, edit = case
    if read(document) is None:
        return  # not a document the commands would touch (lint reports it)
    if edit in ("supersede", "both"):
        document = one_edit(document, "supersede")
    if edit in ("status", "both") and document:
        one_edit(document, "status")
    if edit.startswith("import"):
        one_edit(document, edit)


def one_edit(original: bytes, edit: str) -> bytes:
    """Make one edit; check it; the new bytes, or empty ones after a refusal."""
    before = read(original)
    assert before is not None
    expected = dict(before)
    try:
        editor = _ImportEditor(original)
        if edit == "import-add":  # what import fills in that the record did not say
            editor.add_key("decision-makers", "[ana]", first=True)
            expected["decision-makers"] = ["ana"]
        elif edit == "import-status":  # a status word read from prose, written plainly
            editor.replace_value("status", "accepted")
            expected["status"] = "accepted"
        elif edit == "supersede":
            if editor.add_to_list((), "supersedes", "ADR-0042"):
                expected["supersedes"] = [*(before.get("supersedes") or []), "ADR-0042"]
        else:
            editor.set_scalar((), "status", "accepted")
            expected["status"] = "accepted"
        editor.check()
        result = editor.result()
    except EditError as error:
        assert str(error) and "\n" not in str(error)
        return b""  # a refusal: the commands write nothing (tests/test_writers.py)
    after = read(result)
    assert after == expected, result
    removed, added = edited_span(original, result)
    continued = removed.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")[1:]
    assert all(line.startswith(b" ") for line in continued), ("lines beyond the value", removed)
    assert b"#" not in removed, "a comment was touched"
    assert result.count(b"#") == original.count(b"#")
    added_text = added.decode("utf-8", errors="replace")
    assert all(key not in added_text for key in ("x-", "id:", "title:")), added_text
    return result
