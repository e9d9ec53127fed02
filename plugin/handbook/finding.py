"""The one diagnostic type: a finding, with 1-based positions, read by every output format."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from handbook.rule_ids import RuleId


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that ``max()`` picks the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read ``error``, ``warning`` (or ``warn``) or ``info``, case-insensitively."""
        try:
            return _SEVERITY_NAMES[text.strip().lower()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


_SEVERITY_NAMES = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "info": Severity.INFO,
}


@dataclass(frozen=True, slots=True)
class Position:
    """A span in a file: 1-based line and column, end inclusive of the last line."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def at(cls, line: int, column: int = 1) -> Position:
        return cls(line, column, line, column)


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic: where, which rule, how bad, what is wrong, and which item it is about."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    item: str | None = None

    @property
    def rule_id(self) -> RuleId:
        """The identity of the rule that reported it."""
        return RuleId(self.code, self.rule)

    @property
    def one_line_message(self) -> str:
        """The message with line breaks and other control characters escaped, for formats
        that give a finding one line (a terminal must never receive an escape sequence)."""
        return escape_controls(self.message)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, int, int, str]:
        """Where, then which rule and what; the rest only breaks ties, so that findings come
        in one order whatever order the rules (or a set) gave them in."""
        return (
            self.path,
            self.line,
            self.column,
            self.code,
            self.message,
            self.end_line,
            self.end_column,
            self.item or "",
        )


# C0 controls but tab, DEL, C1 controls, and the bidirectional overrides and isolates that
# reorder what a terminal or a review shows ("Trojan Source"); and lone surrogates, which is
# how a file name that is not UTF-8 arrives (os.fsdecode), and which no stream can encode.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``), for text
    that reaches a terminal or an XML file: a file name or a message never drives them."""
    return _CONTROLS.sub(_escape_one, text.replace("\n", "\\n").replace("\r", "\\r"))


def picture_controls(text: str) -> str:
    """``text`` with each control character shown as one visible character (U+2400's
    control pictures, or U+FFFD), so a source excerpt keeps its columns."""
    return _CONTROLS.sub(_picture_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # the byte a surrogate escape stands for
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _picture_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"
