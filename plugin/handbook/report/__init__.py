"""Output formats: each renders a :class:`~handbook.lint.LintResult` from its findings alone."""

from __future__ import annotations

from collections.abc import Callable

from handbook.lint import LintResult
from handbook.report import concise, full, github, gitlab, json_format, junit, sarif

Renderer = Callable[[LintResult], str]

FORMATS: dict[str, Renderer] = {
    "full": full.render,
    "concise": concise.render,
    "json": json_format.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
"""Every output format by the name ``--format`` takes."""

__all__ = ["FORMATS", "Renderer"]
