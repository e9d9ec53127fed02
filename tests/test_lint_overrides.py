"""``lint(settings, overrides=...)``: how the handbook would lint with some files' text
replaced, before anything is written (``handbook import`` judges its plan this way)."""

from __future__ import annotations

from pathlib import Path

from handbook import lint, settings_for_docs

ADR = (
    "---\nid: ADR-0001\ntitle: Use Postgres\nstatus: {status}\ndate: 2024-01-05\n---\n"
    "# Use Postgres\n\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n"
)


def test_overrides_are_linted_instead_of_the_files_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    record = docs / "decisions" / "0001-use-postgres.md"
    record.parent.mkdir(parents=True)
    record.write_text(ADR.format(status="accepted"), encoding="utf-8")
    settings = settings_for_docs(docs)
    assert lint(settings).findings == []
    bad = ADR.format(status="on hold")
    result = lint(settings, overrides={record.resolve(): bad})
    assert [(f.path, f.line, f.code) for f in result.findings] == [
        ("docs/decisions/0001-use-postgres.md", 4, "HB102")
    ]
    assert record.read_text(encoding="utf-8") == ADR.format(status="accepted")


def test_a_file_on_disk_is_judged_by_its_override(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    record = docs / "decisions" / "0001-use-postgres.md"
    record.parent.mkdir(parents=True)
    record.write_text(ADR.format(status="on hold"), encoding="utf-8")
    settings = settings_for_docs(docs)
    assert [f.code for f in lint(settings).findings] == ["HB102"]
    fixed = {record.resolve(): ADR.format(status="accepted")}
    assert lint(settings, overrides=fixed).findings == []
