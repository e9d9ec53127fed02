"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"


def once_per_session(fixture_name: str, config: pytest.Config) -> str:
    """Session scope, except under mutation testing (mutmut sets ``MUTANT_UNDER_TEST``).

    mutmut maps each function to the tests that call it, and credits what a shared fixture
    runs to the first test that requests it; rebuilt per test, every test that reads the
    built site is run against the mutants of the code that built it.
    """
    return "function" if "MUTANT_UNDER_TEST" in os.environ else "session"


@pytest.fixture(scope=once_per_session)
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
