"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built once as ``mkdocs build --strict`` does: the built site folder.

    Built in this process (``mkdocs.commands.build``), so that mutation testing sees the site
    code the build runs; a strict build still fails on any warning.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(SITE_FIXTURE, project)
    build(load_config(str(project / "mkdocs.yml"), strict=True))
    return project / "site"
