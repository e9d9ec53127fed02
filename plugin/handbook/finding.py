"""The one diagnostic type: a finding, with 1-based positions, read by every output format."""

from __future__ import annotations

import enum
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
        """The message with line breaks escaped, for formats that give a finding one line."""
        return self.message.replace("\r", "\\r").replace("\n", "\\n")

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)
