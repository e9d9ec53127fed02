"""Rebuilds under ``mkdocs serve``: only the changed files are parsed again, and the site
shows the new state (the browser's view of it is tests/browser/test_live_rebuild.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import handbook.load
from handbook.config import load_settings
from handbook.lint import lint

RISK = (
    "---\nid: {id}\ntitle: {title}\nstatus: open\nowner: sre\nlikelihood: 2\nimpact: 3\n---\n"
    "# {title}\n"
)
ADR = (
    "---\nid: ADR-0001\ntitle: Use Postgres\nstatus: accepted\ndate: 2024-01-02\n"
    "mitigates: [{targets}]\n---\n# Use Postgres\n\n## Context\n\nText.\n\n"
    "## Decision\n\nText.\n\n## Consequences\n\nText.\n"
)


def write_project(root: Path) -> Path:
    (root / "docs" / "risks").mkdir(parents=True)
    (root / "docs" / "decisions").mkdir()
    (root / "mkdocs.yml").write_text("site_name: live\nplugins:\n  - handbook\n", "utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    for number, title in (("001", "Disk fills up"), ("002", "Network partitions")):
        text = RISK.format(id=f"RISK-{number}", title=title)
        (root / "docs" / "risks" / f"risk-{number}.md").write_text(text, "utf-8")
    adr = root / "docs" / "decisions" / "0001-use-postgres.md"
    adr.write_text(ADR.format(targets="RISK-001"), "utf-8")
    return adr


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """A project and a function that builds it as each rebuild of ``mkdocs serve`` does
    (the config loaded again, the plugin instance kept); ``on_startup`` as serve calls it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    adr = write_project(tmp_path)
    config_file = str(tmp_path / "mkdocs.yml")
    first = load_config(config_file)
    first.plugins.on_startup(command="serve", dirty=False)

    def rebuild() -> Any:
        config = load_config(config_file)
        build(config)
        return config.plugins["handbook"]

    try:
        yield rebuild, adr
    finally:
        first.plugins.on_shutdown()


def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read and parsed from now on (not those reused from the last build)."""
    parsed: list[Path] = []
    read_source = handbook.load.read_source

    def counting(path: Path, *args: Any) -> Any:
        parsed.append(path)
        return read_source(path, *args)

    monkeypatch.setattr(handbook.load, "read_source", counting)
    return parsed


def test_a_rebuild_parses_again_only_what_changed(
    serving: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rebuild, adr = serving
    plugin = rebuild()
    parsed = parsed_files(monkeypatch)
    for targets in ("RISK-002, RISK-404", "RISK-001", ""):
        adr.write_text(ADR.format(targets=targets), "utf-8")
        parsed.clear()
        assert rebuild() is plugin  # one instance across rebuilds, as under serve
        assert parsed == [adr.resolve()]
        assert plugin.result is not None
        cold = lint(load_settings(tmp_path / "mkdocs.yml"))
        assert plugin.result.findings == cold.findings
        site = tmp_path / "site"
        risk_one = (site / "risks" / "risk-001" / "index.html").read_text("utf-8")
        risk_two = (site / "risks" / "risk-002" / "index.html").read_text("utf-8")
        assert ("ADR-0001" in risk_one) == ("RISK-001" in targets)
        assert ("ADR-0001" in risk_two) == ("RISK-002" in targets)


def test_a_build_outside_serve_keeps_nothing_for_the_next(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_project(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    build(config)
    assert config.plugins["handbook"]._parsed == {}
