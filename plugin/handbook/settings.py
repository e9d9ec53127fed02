"""The settings of one run: what ``lint()`` and everything below it need to know.

A frozen value that knows nothing of MkDocs or of the rule registry: the ``handbook`` block of
``mkdocs.yml`` is read and checked by :mod:`handbook.config`, which produces one of these.
Code that needs a variation (another ``docs_dir``, another date) makes a new value with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handbook.domain import risk_levels
from handbook.finding import Severity
from handbook.gate_specs import GateSpec
from handbook.kinds import KindCatalog
from handbook.relations import RelationRegistry

RISK_LEVELS = risk_levels()
"""The levels of a risk, lowest first, as the risk schema bands them (``coverage.risk_level``
takes one of them)."""


DRAFT_DAYS = 90
"""Default of ``freshness.draft_days``: how long a draft or proposal may stay open."""

SLO_REVIEW_DAYS = 180
"""Default of ``freshness.slo_review_days``: how long an active SLO may go unrevisited."""

EVIDENCE_DAYS = 90
"""Default of ``freshness.evidence_days``: how old an experiment's evidence may be."""


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: object) -> dt.date | None:
    """A value written ``YYYY-MM-DD`` (the schemas' ``date``) as a date; None for anything
    else. Python's ``date.fromisoformat`` also takes ``20250601`` and ``2025-W23-1``, which
    the schema rejects: a rule must not count as a date what validation reports."""
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def days_past_window(since: dt.date | None, today: dt.date, window: int) -> int | None:
    """How many days old ``since`` is on ``today`` when that is more than ``window`` (the
    freshness windows: a date exactly ``window`` days old is still inside); None when it
    is inside the window or there is no date."""
    if since is None:
        return None
    age = (today - since).days
    return age if age > window else None


@dataclass(frozen=True, slots=True, eq=False)
class Settings:
    """Everything one lint run needs to know, resolved from the config and the command line."""

    project_root: Path
    docs_dir: Path
    kinds: KindCatalog
    relations: RelationRegistry
    kind_folders: Mapping[str, str] = field(default_factory=dict)
    """Folder (relative to ``docs_dir``) → the kind its documents take without ``kind:``."""
    configured_folders: Mapping[str, str] = field(default_factory=dict)
    """The folder mappings the project wrote itself (``handbook new`` prefers these)."""
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    """Per rule code: its severity, or None when ignored (keys resolved by the config)."""
    exclude: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.ERROR
    today: dt.date = field(default_factory=dt.date.today)
    config_file: Path | None = None
    warnings: tuple[str, ...] = ()
    """Problems in the config that do not stop a run (an unknown option, say)."""
    templates_dir: Path | None = None
    risk_level: str = "high"
    failure_mode_severity: int = 8
    failure_mode_rpn: int = 200
    draft_days: int = DRAFT_DAYS
    """Drafts and proposals open longer than this (from ``created``) are reported (HB404)."""
    slo_review_days: int = SLO_REVIEW_DAYS
    """Active SLOs last revisited longer ago than this are reported (HB407)."""
    runbook_rehearsal_days: int | None = None
    """Runbooks last rehearsed longer ago than this are reported (HB403); None: the runbook
    schema's ``rehearsal-age.gap-after-days``."""
    evidence_days: int = EVIDENCE_DAYS
    """Evidence files older than this (their run's day) are reported as stale (HB408)."""
    gates: tuple[GateSpec, ...] = ()
    """The phase gates, defaults and the project's overrides, in phase order."""
    runway_phase: str | None = None
    """The phase the project declares it is in (``runway: {phase: …}``); None: not declared,
    every gate must pass."""
    runway_fail_build: bool = False
    """Whether ``mkdocs build`` logs failing gates as warnings (so ``--strict`` stops)."""
    adr_style: str | None = None
    """How existing ADRs keep their metadata in the body (``nygard``, ``madr``,
    ``log4brains``, ``auto``); None: lint reads it there only in folders mapped to adr."""
    default_status: str | None = None
    """The status ``handbook import`` gives a record that writes none."""
    folder_prefixes: Mapping[str, str] = field(default_factory=dict)
    """Id prefix per folder (relative to ``docs_dir``), for logs each numbered from 1."""
    extra_frontmatter: frozenset[str] = frozenset()
    """Frontmatter keys the project allows besides the schemas' and site generators'."""

    def folder_prefix(self, docs_path: str) -> str | None:
        """The id prefix configured for the folder of ``docs_path`` (the deepest that
        holds it), or None."""
        best: tuple[int, str] | None = None
        for folder, prefix in self.folder_prefixes.items():
            if docs_path.startswith(folder + "/") and (best is None or len(folder) > best[0]):
                best = (len(folder), prefix)
        return best[1] if best else None
