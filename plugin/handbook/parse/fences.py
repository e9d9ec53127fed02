"""Fenced code blocks, as CommonMark reads them: the one place that knows the rules.

A fence is a line of at most three spaces and then three or more backticks or tildes. A
backtick fence's info string (``` ```python ```) may not hold a backtick; a tilde fence's may
hold anything. The block is closed by a line of at most three spaces and a run of the same
character at least as long as the opening one, followed by nothing but spaces or tabs; a
fence that is never closed runs to the end of the document. Everything in between, other
fences included, is code.

The heading scanner (:mod:`handbook.parse.headings`) and the placeholder rule use it.
"""

from __future__ import annotations


def opening(line: str) -> str | None:
    """The run of backticks or tildes that ``line`` opens a fenced code block with, if any."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped:
        return None
    char = stripped[0]
    if char != "`" and char != "~":
        return None
    rest = stripped.lstrip(char)
    length = len(stripped) - len(rest)
    if length < 3 or (char == "`" and "`" in rest):
        return None
    return stripped[:length]


def closes(fence: str, line: str) -> bool:
    """True when ``line`` closes the block that ``fence`` opened."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(fence):
        return False
    # Only more of the same character, then blanks: "```" does not close "~~~", and
    # "```python" closes nothing.
    return not stripped.lstrip(fence[0]).strip(" \t")


class Fences:
    """Follows fenced code blocks line by line.

    Feed it lines in order (the lines in between may be skipped if none of them can be a
    fence); :meth:`step` tells whether a line belongs to a fenced block, fences included.
    """

    __slots__ = ("fence",)

    def __init__(self) -> None:
        self.fence: str | None = None
        """The opening fence of the block the last line was in, or None outside code."""

    def step(self, line: str) -> bool:
        """Take ``line``; True when it opens, closes or is inside a fenced code block."""
        if self.fence is not None:
            if closes(self.fence, line):
                self.fence = None
            return True
        self.fence = opening(line)
        return self.fence is not None
