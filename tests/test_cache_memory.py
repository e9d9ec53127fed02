"""What a lint run holds: node trees for positions are bounded, however many files have findings."""

from __future__ import annotations

import sys
from pathlib import Path

from handbook import settings_for_docs
from handbook.lint import lint
from handbook.parse import frontmatter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus as corpus_generator


def test_positions_keep_a_bounded_number_of_frontmatter_trees(tmp_path: Path) -> None:
    corpus_generator.generate(300, tmp_path, 11, "findings")
    result = lint(settings_for_docs(tmp_path / "docs"))
    with_findings = {finding.path for finding in result.findings}
    assert len(with_findings) > 2 * frontmatter.COMPOSED_KEPT
    held = [d for d in result.corpus.documents if getattr(d.source, "composed", None)]
    assert len(held) + len(frontmatter._COMPOSED) <= frontmatter.COMPOSED_KEPT


def test_a_body_is_read_from_its_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\n---\n# A\n\nBody.\n", encoding="utf-8")
    source = frontmatter.read_source(path)
    assert source.body == "# A\n\nBody.\n"
    assert "body" not in frontmatter.SourceFile.__slots__  # an offset, not a second copy
    assert source.text[source.body_start :] == source.body
