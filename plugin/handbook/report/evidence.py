"""``handbook evidence`` output: each experiment's thresholds with the measured value, the
verdict and where it came from, as text for a terminal, as JSON (a versioned contract,
docs/commands/evidence.md) and as Markdown for a pull-request comment."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from handbook.evidence import FAIL, NO_DATA, PASS, Check, ExperimentEvidence, SloEvidence
from handbook.evidence.book import EvidenceFile, combined
from handbook.model import Item
from handbook.settings import days_past_window

JSON_VERSION = 1

_MARK = {PASS: "pass", FAIL: "FAIL", NO_DATA: "no-data"}
"""A threshold's state as the text format marks it (a threshold always has one of the three)."""


@dataclass(frozen=True)
class Release:
    """A release plan and the evidence of each of its stages that lists evidence files."""

    item: Item
    stages: Sequence[ExperimentEvidence]

    @property
    def state(self) -> str:
        return combined(s.state for s in self.stages)


@dataclass(frozen=True)
class EvidenceReport:
    """What the command shows: the experiments asked for, the SLOs they bear on, and the
    release plans whose stages list evidence files."""

    experiments: Sequence[ExperimentEvidence]
    slos: Sequence[SloEvidence]
    today: dt.date
    window_days: int
    releases: Sequence[Release] = ()

    def stale(self, evidence: ExperimentEvidence) -> bool:
        return days_past_window(evidence.date, self.today, self.window_days) is not None

    @property
    def failed(self) -> bool:
        stages = (s for r in self.releases for s in r.stages)
        return any(e.state == FAIL for e in (*self.experiments, *stages))


def _source(check: Check) -> str:
    if check.file is None:
        return ""
    return f"{check.file}, {check.where}" if check.where else check.file


def _limit(check: Check) -> str:
    origin = f" (from {check.threshold.origin})" if check.threshold.origin else ""
    return f"{check.threshold.limit}{origin}"


def _file_line(file: EvidenceFile) -> str:
    when = f", {file.date}" if file.date else ""
    problem = f": {file.why}" if file.problem else ""
    return f"{file.written} ({file.format}{when}){problem}"


def _full_block(evidence: ExperimentEvidence, heading: str, indent: str) -> list[str]:
    lines = [f"{indent}{heading}"]
    for file in evidence.files:
        lines.append(f"{indent}  file  {_file_line(file)}")
    for check in evidence.checks:
        measured = check.measured_text or "-"
        lines.append(
            f"{indent}  {_MARK[check.state]:7} {check.name}  "
            f"limit {_limit(check)}  measured {measured}"
        )
        detail = _source(check) or check.why
        if check.state == NO_DATA or check.problem:
            detail = check.why
        if detail:
            lines.append(f"{indent}          {detail}")
    if not evidence.checks:
        lines.append(f"{indent}  no thresholds")
    return lines


def _verdict(evidence: ExperimentEvidence, report: EvidenceReport) -> str:
    when = f", evidence of {evidence.date}" if evidence.date else ""
    stale = " (stale)" if report.stale(evidence) else ""
    return f"[{evidence.state}{when}{stale}]"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def full(report: EvidenceReport) -> str:
    lines = []
    for evidence in report.experiments:
        item = evidence.item
        heading = f"{item.label}  {item.title}  {_verdict(evidence, report)}"
        lines += _full_block(evidence, heading, "")
        lines.append("")
    for release in report.releases:
        item = release.item
        lines.append(f"{item.label}  {item.title}  [{release.state}]")
        for stage in release.stages:
            lines += _full_block(stage, f"{stage.stage}  {_verdict(stage, report)}", "  ")
        lines.append("")
    counts = {s: 0 for s in (PASS, FAIL, NO_DATA)}
    stages = [s for r in report.releases for s in r.stages]
    for evidence in (*report.experiments, *stages):
        for check in evidence.checks:
            counts[check.state] += 1
    count = len(report.experiments)
    what = _plural(count, "experiment")
    if report.releases:
        plans = _plural(len(report.releases), "release plan")
        what = f"{what} and {plans}" if count else plans
    lines.append(
        f"{what} with evidence: "
        f"{counts[PASS]} threshold{' passes' if counts[PASS] == 1 else 's pass'}, "
        f"{counts[FAIL]} fail{'s' if counts[FAIL] == 1 else ''}, {counts[NO_DATA]} without data."
    )
    return "\n".join(lines) + "\n"


def as_json(report: EvidenceReport) -> str:
    """The JSON contract (version 1)."""
    document = {
        "version": JSON_VERSION,
        "today": report.today.isoformat(),
        "window_days": report.window_days,
        "passed": not report.failed,
        "experiments": [_experiment_json(e, report) for e in report.experiments],
        "releases": [_release_json(r, report) for r in report.releases],
        "slos": [
            {
                "id": slo.item.id,
                "path": slo.item.document.rel_path,
                "state": slo.state,
                "date": slo.date.isoformat() if slo.date else None,
                "experiments": [e.item.id for e, _ in slo.entries],
            }
            for slo in report.slos
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _identity_json(item: Item) -> dict[str, object]:
    """The fields that name an experiment or a release plan in the JSON, in their order."""
    return {
        "id": item.id,
        "title": item.title,
        "path": item.document.rel_path,
        "line": item.line,
        "status": item.status,
    }


def _experiment_json(evidence: ExperimentEvidence, report: EvidenceReport) -> dict[str, object]:
    item = evidence.item
    result = item.data.get("result")
    return {
        **_identity_json(item),
        "result": result if isinstance(result, str) else None,
        **_evidence_json(evidence, report),
    }


def _release_json(release: Release, report: EvidenceReport) -> dict[str, object]:
    item = release.item
    return {
        **_identity_json(item),
        "state": release.state,
        "stages": [
            {
                "name": _step_name(item, stage),
                "label": stage.stage,
                "step": stage.at[-1] + 1 if isinstance(stage.at[-1], int) else None,
                "line": item.position(*stage.at).line,
                **_evidence_json(stage, report),
            }
            for stage in release.stages
        ],
    }


def _step_name(item: Item, stage: ExperimentEvidence) -> str | None:
    steps, index = item.data.get("steps"), stage.at[-1]
    step = steps[index] if isinstance(steps, list) and isinstance(index, int) else None
    name = step.get("name") if isinstance(step, dict) else None
    return name if isinstance(name, str) else None


def _evidence_json(evidence: ExperimentEvidence, report: EvidenceReport) -> dict[str, object]:
    item = evidence.item
    return {
        "state": evidence.state,
        "date": evidence.date.isoformat() if evidence.date else None,
        "stale": report.stale(evidence),
        "files": [
            {
                "path": f.written,
                "format": f.format,
                "date": f.date.isoformat() if f.date else None,
                "line": item.position(*f.at).line,
                "problem": f.problem,
                "why": f.why or None,
                "samples": f.reading.samples if f.reading is not None else None,
            }
            for f in evidence.files
        ],
        "thresholds": [
            {
                "metric": c.threshold.metric,
                "statistic": c.threshold.statistic,
                "label": c.threshold.label,
                "limit": str(c.threshold.limit),
                "from": c.threshold.origin,
                "line": item.position(*c.threshold.at).line,
                "state": c.state,
                "measured": c.measured,
                "unit": c.unit or None,
                "bound": c.bound or None,
                "file": c.file,
                "where": c.where,
                "why": c.why,
                "problem": c.problem,
            }
            for c in evidence.checks
        ],
    }


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]|<>" else ch for ch in text)


_BADGE = {PASS: "✅ pass", FAIL: "❌ FAIL", NO_DATA: "⚪ no data"}


def markdown(report: EvidenceReport) -> str:
    lines = []
    for evidence in report.experiments:
        item = evidence.item
        lines.append(f"### {_md(item.label)}: {_md(item.title)}")
        lines.append("")
        lines += _markdown_block(evidence, report)
    for release in report.releases:
        item = release.item
        lines.append(f"### {_md(item.label)}: {_md(item.title)}")
        lines.append("")
        lines.append(_BADGE[release.state])  # a plan has stages, so never "none"
        lines.append("")
        for stage in release.stages:
            lines.append(f"#### {_md(stage.stage or '')}")
            lines.append("")
            lines += _markdown_block(stage, report)
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_block(evidence: ExperimentEvidence, report: EvidenceReport) -> list[str]:
    lines = []
    when = f", evidence of {evidence.date}" if evidence.date else ""
    stale = ", stale" if report.stale(evidence) else ""
    verdict = _BADGE.get(evidence.state, evidence.state)
    lines.append(f"{verdict}{_md(when + stale)}")
    lines.append("")
    if evidence.checks:
        lines.append("| threshold | limit | measured | result | source |")
        lines.append("|---|---|---|---|---|")
        for check in evidence.checks:
            source = _source(check) if check.state != NO_DATA else check.why
            lines.append(
                f"| {_md(check.name)} | {_md(_limit(check))} | "
                f"{_md(check.measured_text or '–')} | {_BADGE[check.state]} "
                f"| {_md(source)} |"
            )
        lines.append("")
    for file in evidence.files:
        if file.problem:
            lines.append(f"- `{file.written}`: {_md(file.why)}")
    if any(f.problem for f in evidence.files):
        lines.append("")
    return lines


FORMATS: dict[str, Callable[[EvidenceReport], str]] = {
    "full": full,
    "json": as_json,
    "markdown": markdown,
}
