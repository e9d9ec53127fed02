"""The runway in the site: the handbook ``handbook init`` writes, at phase ``build``.

The home page says where the project is ("phase 3 of 6"), gives each phase the state the
gate engine (:mod:`handbook.gates`) gives it, with the failing conditions and the items at
fault linked; each phase has a page of its documents and conditions; the outcomes,
constraints, contracts and postmortems have registers (postmortems with open actions).
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook import lint
from handbook.cli import main
from handbook.gates import Runway
from handbook.gates import evaluate as evaluate_gates
from handbook.site.registers import PHASES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Runway]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from handbook.config import settings_from_config

    project = tmp_path_factory.mktemp("runway") / "project"
    result = CliRunner().invoke(main, ["init", str(project), "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace("  - handbook:\n", "  - handbook:\n      runway: {phase: build}\n", 1)
    config_file.write_text(text, encoding="utf-8")
    config = load_config(str(config_file), strict=True)
    build(config)
    plugin = config.plugins["handbook"]
    settings = settings_from_config(project, Path(config.docs_dir), plugin.config, config_file)
    return project / "site", evaluate_gates(lint(settings), settings)


def _card(home: str, phase: str) -> str:
    match = re.search(
        rf'<li class="hb-phase-card[^"]*"[^>]*><div class="hb-phase-card__step"[^>]*>\d</div>'
        rf'<h2 class="hb-phase-card__title" id="phase-{phase}">'
        r'.*?</li>\s*(?=<li class="hb-phase|</ol>)',
        home,
        re.S,
    )
    assert match is not None, phase
    return match.group(0)


def test_the_home_page_shows_each_phase_gate_as_the_engine_judges_it(
    built: tuple[Path, Runway],
) -> None:
    site, gates = built
    home = (site / "handbook" / "index.html").read_text(encoding="utf-8")
    assert "Phase 3 of 6: <strong>Build</strong>" in home
    assert 'aria-current="step"' in _card(home, "build")
    labels = {"met": "gate met", "not-met": "gate not met", "upcoming": "upcoming"}
    for gate in gates.gates:
        card = _card(home, gate.phase)
        assert f"hb-phase-card--{gate.state}" in card
        assert f'<span class="hb-gate__state">{labels[gate.state]}</span>' in card
        passed = sum(c.passed for c in gate.conditions)
        assert f"{passed} of {len(gate.conditions)} conditions pass" in card
        failing = [c for c in gate.conditions if not c.passed]
        shown = re.findall(r'<span class="hb-condition__id">([^<]+)</span>', card)
        # The failing conditions of a gate that must pass, with the items at fault linked.
        assert shown == ([c.spec.id for c in failing] if gate.state == "not-met" else [])
        for condition in failing if gate.state == "not-met" else []:
            for fault in condition.faults[:10]:
                assert html_lib.escape(fault.why, quote=True) in card
                if fault.item:
                    assert re.search(
                        rf'<a class="hb-ref" href="[^"]+"[^>]*>'
                        rf'<span class="hb-id">{fault.item}</span>',
                        card,
                    )
        # The phase's name links to its page.
        assert f'href="../phases/{gate.phase}/"' in card or f'href="phases/{gate.phase}/"' in card
    assert any(g.state == "upcoming" for g in gates.gates)


def test_each_phase_has_a_page_with_its_documents_and_every_condition(
    built: tuple[Path, Runway],
) -> None:
    site, gates = built
    for gate in gates.gates:
        page = (site / "handbook" / "phases" / gate.phase / "index.html").read_text("utf-8")
        number = PHASES.index(gate.phase) + 1
        assert f"Phase {number} of 6" in page
        shown = re.findall(r'<span class="hb-condition__id">([^<]+)</span>', page)
        assert shown == [c.spec.id for c in gate.conditions]
        # The conditions that judge result files, not the documents' words, say so.
        marked = re.findall(
            r'<span class="hb-condition__id">([^<]+)</span>[^<]*'
            r'<span class="hb-condition__evidence">rests on evidence files</span>',
            page,
        )
        assert marked == [c.spec.id for c in gate.conditions if c.spec.rests_on_evidence]
        assert 'href="../../"' in page  # back to the runway
    harden = [c.spec for c in gates.gates[3].conditions if c.spec.rests_on_evidence]
    assert [spec.id for spec in harden] == [
        "latency-slos-have-passing-evidence",
        "experiments-agree-with-evidence",
    ]
    design = (site / "handbook" / "phases" / "design" / "index.html").read_text("utf-8")
    assert '<table class="hb-table" data-filterable="true">' in design
    assert "ADR-0001" in design and "THR-004" in design


def test_registers_of_the_new_kinds(built: tuple[Path, Runway]) -> None:
    site, _ = built
    pages = {
        name: (site / "handbook" / name / "index.html").read_text(encoding="utf-8")
        for name in ("outcomes", "constraints", "contracts", "postmortems")
    }
    assert "OUT-001" in pages["outcomes"] and "SLO-001" in pages["outcomes"]
    assert "CONS-001" in pages["constraints"] and "compliance" in pages["constraints"]
    assert "<td>hard</td>" in pages["constraints"]
    assert "CTR-001" in pages["contracts"] and "EXP-001" in pages["contracts"]
    postmortems = pages["postmortems"]
    assert "1 postmortem, 1 open action item." in postmortems
    assert "Open action items (1)" in postmortems
    assert "Recycle pooled connections when the primary changes." in postmortems
    assert "Add the pool restart to RB-003." not in postmortems  # done: not open
