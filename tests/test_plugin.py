"""End-to-end builds of real sites with the plugin, on tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

VALID_ADR = """\
---
id: ADR-0001
title: Keep decisions in the repository
status: accepted
date: 2026-01-05
---
# Keep decisions in the repository

## Context

Decisions were lost in chat threads.

## Decision

We write them as Markdown next to the code.

## Consequences

Reviews see them in pull requests.
"""


def make_site(
    tmp_path: Path, adr: str = VALID_ADR, plugin: str = "handbook", theme: str = "material"
) -> Path:
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (tmp_path / "docs" / "decisions" / "0001-keep-decisions.md").write_text(adr, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test handbook\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - {plugin}\n",
        encoding="utf-8",
    )
    return tmp_path


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_clean_site_builds_strict_and_publishes_rules_reference(tmp_path: Path) -> None:
    project = make_site(tmp_path)
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))

    done = build(project)

    assert done.returncode == 0, done.stderr
    site = project / "site"
    index = (site / "reference" / "rules" / "index.html").read_text(encoding="utf-8")
    assert "HB101" in index and "missing-field" in index
    assert (site / "reference" / "rules" / "HB303-placeholder-text" / "index.html").is_file()
    # Generated pages are virtual: nothing is written into docs/.
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before


def test_strict_build_fails_on_an_invalid_document_with_path_and_line(tmp_path: Path) -> None:
    project = make_site(tmp_path, VALID_ADR.replace("status: accepted", "status: aproved"))

    done = build(project)

    assert done.returncode == 1
    assert "docs/decisions/0001-keep-decisions.md:4:9: HB102" in done.stderr
    assert "Aborted with 1 errors in strict mode" in done.stdout + done.stderr


def test_quiet_strict_build_fails_on_an_error_finding(tmp_path: Path) -> None:
    # -q drops warnings before --strict counts them; error findings are logged as errors.
    project = make_site(tmp_path, VALID_ADR.replace("status: accepted", "status: aproved"))

    done = build(project, "-q")

    assert done.returncode == 1
    assert "HB102" in done.stderr


def test_fail_on_never_logs_findings_as_info_and_builds(tmp_path: Path) -> None:
    project = make_site(tmp_path, VALID_ADR.replace("status: accepted", "status: aproved"))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - handbook", "  - handbook:\n      fail_on: never"
        ),
        encoding="utf-8",
    )

    done = build(project, "--verbose")

    assert done.returncode == 0, done.stderr
    assert "HB102" in done.stderr


def test_warning_severity_does_not_fail_unless_fail_on_warning(tmp_path: Path) -> None:
    adr = VALID_ADR.replace("Reviews see them in pull requests.", "TODO")
    project = make_site(tmp_path, adr)
    assert build(project).returncode == 0

    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - handbook", "  - handbook:\n      fail_on: warning"
        ),
        encoding="utf-8",
    )
    done = build(project)
    assert done.returncode == 1
    assert "HB303" in done.stderr


def test_builds_with_another_theme(tmp_path: Path) -> None:
    project = make_site(tmp_path, theme="mkdocs")

    done = build(project)

    assert done.returncode == 0, done.stderr
    assert (project / "site" / "reference" / "rules" / "index.html").is_file()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("rules: {HB999: error}", "unknown rule 'HB999'"),
        ("kind_folders: {decisions: nonsense}", "unknown kind 'nonsense'"),
        ("fail_on: sometimes", "fail_on"),
    ],
)
def test_bad_plugin_options_abort_with_one_clear_line(
    tmp_path: Path, options: str, message: str
) -> None:
    project = make_site(tmp_path, plugin=f"handbook:\n      {options}")

    done = build(project)

    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_properdocs_builds_with_the_plugin_and_strict_fails_on_an_error(tmp_path: Path) -> None:
    project = make_site(tmp_path)
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]

    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "site" / "handbook" / "decisions" / "index.html").is_file()
    adr = project / "docs" / "decisions" / "0001-keep-decisions.md"
    adr.write_text(VALID_ADR.replace("status: accepted", "status: aproved"), encoding="utf-8")
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "docs/decisions/0001-keep-decisions.md:4:9: HB102" in done.stdout + done.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        text: str = response.read().decode("utf-8")
        return text


def test_serve_rebuilds_pick_up_edits(tmp_path: Path) -> None:
    import time

    project = make_site(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/handbook/decisions/"
    try:
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline:
            try:
                page = _get(url)
                break
            except OSError:
                time.sleep(0.3)
        assert 'hb-status--active" title="status: accepted"' in page
        adr = project / "docs" / "decisions" / "0001-keep-decisions.md"
        adr.write_text(VALID_ADR.replace("status: accepted", "status: rejected"), encoding="utf-8")
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                page = _get(url)
            except OSError:  # busy rebuilding on a loaded machine: ask again
                continue
            if "status: rejected" in page:
                break
        assert 'hb-status--inactive" title="status: rejected"' in page
    finally:
        server.terminate()
        server.wait(timeout=10)
