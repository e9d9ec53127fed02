"""Output formats: each renders a :class:`~handbook.lint.LintResult` from its findings alone."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handbook.lint import LintResult

Renderer = Callable[["LintResult"], str]

_MODULES = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "github": "github",
    "gitlab": "gitlab",
    "sarif": "sarif",
    "junit": "junit",
}


class _Formats(Mapping[str, Renderer]):
    """The renderers by format name, each module imported when its format is asked for (the
    full and SARIF formats read the rule registry; a warm ``lint --format json`` need not)."""

    def __getitem__(self, name: str) -> Renderer:
        module = importlib.import_module(f"handbook.report.{_MODULES[name]}")
        render: Renderer = module.render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, Renderer] = _Formats()
"""Every output format by the name ``--format`` takes."""

__all__ = ["FORMATS", "Renderer"]
