"""Section.is_blank answers as is_blank(section.content) does, without slicing the span."""

from __future__ import annotations

import pytest

from handbook.parse.headings import Section, is_blank

CONTENTS = [
    "",
    "\n\n",
    " \t\u3000\n",
    "text",
    "\n  text\n",
    "<!-- a comment -->\n",
    "\n<!-- a comment -->\n\ntext\n",
    "<!-- unclosed",
    "<!-- one --> <!-- two -->",
    "< not a comment",
    "\u00a0\n<!-- x -->",
]


@pytest.mark.parametrize("content", CONTENTS)
def test_a_span_is_blank_as_its_content_is(content: str) -> None:
    whole = "# Before\n" + content + "# After\n"
    start = len("# Before\n")
    section = Section.spanning(2, "T", 1, 1, whole, start, start + len(content), False)
    assert section.content == content
    assert section.is_blank() is is_blank(content)
    assert Section(2, "T", 1, 1, content, False).is_blank() is is_blank(content)
