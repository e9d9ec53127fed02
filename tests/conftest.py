"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built once with ``mkdocs build --strict``: the built site folder."""
    project = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(SITE_FIXTURE, project)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"
