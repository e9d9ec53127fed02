"""The package's structure holds: layers point down, no import cycles, Settings stands alone.

``lint-imports`` (run by scripts/test.sh) checks the contracts in pyproject.toml; these tests
check what the contracts rely on and what they cannot say themselves.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import networkx as nx
import pytest

from handbook import rule_ids, settings_for_docs
from handbook.rules import ALL_RULES, RULES_BY_ID

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract_ignores() -> set[tuple[str, str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ignored = set()
    for contract in config["tool"]["importlinter"]["contracts"]:
        for line in contract.get("ignore_imports", []):
            importer, imported = (part.strip() for part in line.split("->"))
            ignored.add((importer, imported))
    return ignored


def test_no_module_imports_itself_back() -> None:
    """No cycle at all between modules, a package's ``__init__`` and its own modules
    included (which the sibling contract, squashing packages, does not see); function-level
    imports count. Only the imports the contracts ignore are left out."""
    graph = grimp.build_graph("handbook", cache_dir=None)
    edges = nx.DiGraph()
    ignored = _contract_ignores()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if (module, imported) not in ignored:
                edges.add_edge(module, imported)
    cycles = list(nx.simple_cycles(edges, length_bound=8))
    assert not cycles, " ; ".join(" -> ".join([*c, c[0]]) for c in cycles[:5])


def _probe_package(tmp_path: Path, upward_in_function: bool) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "high.py").write_text("from probe import low\n")
    body = "def value():\n    from probe import high\n\n    return high\n"
    (package / "low.py").write_text(body if upward_in_function else "VALUE = 1\n")
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_package = "probe"\n\n'
        '[[tool.importlinter.contracts]]\nname = "probe layers"\ntype = "layers"\n'
        'layers = ["probe.high", "probe.low"]\n'
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", "contracts.toml", "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("upward_in_function", [False, True])
def test_an_import_inside_a_function_breaks_the_layers(
    tmp_path: Path, upward_in_function: bool
) -> None:
    """The contract sees an upward import even when it hides inside a function body (the
    kind that made a 36-module cycle); without it, the same package is kept."""
    result = _probe_package(tmp_path, upward_in_function)
    if upward_in_function:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "probe.low -> probe.high (l.2)" in result.stdout
    else:
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_does_not_load_mkdocs() -> None:
    """Settings and the pipeline know nothing of MkDocs; only config, plugin and site do."""
    code = (
        "import sys, handbook.settings, handbook.lint, handbook.report\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs')\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = settings_for_docs(tmp_path / "docs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.docs_dir = tmp_path  # type: ignore[misc]
    moved = dataclasses.replace(settings, docs_dir=tmp_path)
    assert moved.docs_dir == tmp_path and settings.docs_dir == (tmp_path / "docs").resolve()


def test_every_early_rule_id_belongs_to_a_registered_rule() -> None:
    """Reading and validating tag their issues with these ids; an id without its rule in the
    registry would be a problem nobody ever reports."""
    for rule_id in rule_ids.EARLY_RULES:
        assert RULES_BY_ID[rule_id].id == rule_id
    assert all(rule.id == rule_ids.RuleId(rule.code, rule.name) for rule in ALL_RULES)
