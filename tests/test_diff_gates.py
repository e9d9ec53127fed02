"""``handbook diff`` evaluates the gates on the side it reads second only where their inputs
differ from the first side's (``gates.Shared``): the outcomes are the ones a fresh
evaluation gives, and most are taken, not evaluated again."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from handbook import lint, settings_for_docs
from handbook.cli import main
from handbook.gates import Runway, Shared, evaluate

EXPERIMENT = "docs/harden/experiments/exp-001-load-test-order-placement-at-twice-the-peak.md"
RUNBOOK = "docs/operate/runbooks/rb-001-payment-provider-outage.md"


def outcomes(
    runway: Runway,
) -> list[tuple[str, str, bool, tuple[tuple[str | None, int, str], ...]]]:
    return [
        (
            gate.phase,
            condition.spec.id,
            condition.passed,
            tuple((f.item, f.line, f.why) for f in condition.faults),
        )
        for gate in runway.gates
        for condition in gate.conditions
    ]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_second_side_takes_only_outcomes_whose_inputs_are_the_same(tmp_path: Path) -> None:
    base = tmp_path / "base"
    assert CliRunner().invoke(main, ["init", str(base), "--today", "2026-06-01"]).exit_code == 0
    head = tmp_path / "head"
    shutil.copytree(base, head)
    # Only a related item changes for SLO-002: its experiment is no load test any more, so
    # SLO-002 fails latency-slos-load-tested on the head side and passes on the base side.
    edit(head / EXPERIMENT, "experiment-type: load", "experiment-type: chaos")
    # The item itself changes: a runbook loses its owner.
    edit(head / RUNBOOK, "\nowner: ", "\nx-owner: ")
    # A file moves: the items in it are read from another path.
    moved = head / "docs/understand/risks"
    moved.rename(head / "docs/understand/threats-and-risks")

    head_settings, base_settings = (
        settings_for_docs(head / "docs"),
        settings_for_docs(base / "docs"),
    )
    head_result, base_result = lint(head_settings), lint(base_settings)
    shared = Shared()
    head_runway = evaluate(head_result, head_settings, shared=shared)
    base_runway = evaluate(base_result, base_settings, shared=shared)

    assert outcomes(head_runway) == outcomes(evaluate(head_result, head_settings))
    assert outcomes(base_runway) == outcomes(evaluate(base_result, base_settings))
    assert outcomes(base_runway) != outcomes(head_runway)
    assert shared.reused > 2 * shared.evaluated > 0
