"""The tests our own handbook names as holding a threat, a failure mode or an experiment
exist: a renamed or deleted test must not leave the evidence pointing at nothing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def test_every_test_named_in_the_docs_exists() -> None:
    missing = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for path, name in NAMED.findall(text):
            source = ROOT / path
            if not source.is_file() or f"def {name}(" not in source.read_text(encoding="utf-8"):
                missing.append(f"{page.relative_to(ROOT)}: {path}::{name}")
    assert missing == []
