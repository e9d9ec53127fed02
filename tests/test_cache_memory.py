"""What a lint run holds: node trees for positions are bounded, however many files have
findings; a run that lets each text go once its body rules ran finds and reports the same."""

from __future__ import annotations

import json
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from handbook import settings_for_docs
from handbook.cli import main
from handbook.finding import Finding, Severity
from handbook.lint import LintResult, lint
from handbook.load import Corpus
from handbook.model import Document, Item, shared_keys
from handbook.parse import frontmatter
from handbook.report import FORMATS, json_format

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


@pytest.fixture(scope="module")
def findings_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("findings")
    corpus_generator.generate(200, root, 13, "findings")
    return root


def test_a_run_that_lets_texts_go_finds_and_reports_the_same(findings_corpus: Path) -> None:
    settings = settings_for_docs(findings_corpus / "docs")
    kept = lint(settings)
    released = lint(settings, release_texts=True)
    assert released.findings == kept.findings
    assert {f.code for f in kept.findings} >= {"HB101", "HB103", "HB202", "HB304"}
    assert FORMATS["full"](released) == FORMATS["full"](kept)
    assert FORMATS["json"](released) == FORMATS["json"](kept)
    # Nothing of a body is held once its rules ran: not the text, not the sections.
    held = [d for d in released.corpus.documents if d.source.text or d.source.sections]
    assert held == []
    assert all(d.source.yaml_text for d in released.corpus.documents if d.items)


def test_an_excerpt_of_a_file_changed_since_it_was_linted_is_not_shown(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    path = docs / "decisions" / "0001-use-postgres.md"
    path.parent.mkdir(parents=True)
    text = "---\nid: ADR-0001\ntitle: Use Postgres\nstatus: accepted\ncolour: red\n---\n# Use it\n"
    path.write_text(text, encoding="utf-8")
    result = lint(settings_for_docs(docs), release_texts=True)
    assert "   5 | colour: red" in FORMATS["full"](result)
    path.write_text(text.replace("colour: red", "colour: blue"), encoding="utf-8")
    report = FORMATS["full"](result)
    assert "HB103" in report
    assert " | " not in report  # not the line now in the file, which was never linted


def test_the_body_of_a_document_the_links_lock_names_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A suspect link (HB215) compares its target's body with the one confirmed.
    root = tmp_path / "orders"
    risk = root / "docs" / "risks" / "risk-001.md"
    adr = root / "docs" / "decisions" / "0001-pool-connections.md"
    risk.parent.mkdir(parents=True)
    adr.parent.mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - handbook\n", "utf-8")
    risk.write_text(
        "---\nid: RISK-001\ntitle: Capacity\nstatus: open\nowner: a\ncategory: capacity-cost\n"
        "likelihood: likely\nimpact: moderate\nscore: 12\ntreatment: mitigate\n"
        "identified: 2025-11-01\n---\n# Capacity\n\n## Statement\n\nSale days are busy.\n",
        encoding="utf-8",
    )
    adr.write_text(
        "---\nid: ADR-0001\ntitle: Pool connections\nstatus: accepted\ndate: 2025-11-02\n"
        "mitigates: [RISK-001]\n---\n# Pool connections\n\n## Context\n\nBusy.\n\n"
        "## Decision\n\nWe pool.\n\n## Consequences\n\nOne more thing to run.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["review", "--all"]).exit_code == 0
    settings = settings_for_docs(root / "docs")
    for _ in range(2):
        released = lint(settings, release_texts=True)
        assert released.findings == lint(settings).findings
        by_path = {d.docs_path: d for d in released.corpus.documents}
        assert by_path["risks/risk-001.md"].source.text
        risk.write_text(risk.read_text("utf-8") + "\nNow on a network volume.\n", "utf-8")
    assert "HB215" in [f.code for f in released.findings]


def test_positions_need_no_text_once_it_is_let_go(tmp_path: Path) -> None:
    # A block value ends at the start of the next line: its end is the end of its last
    # line, read from the frontmatter's YAML (the file's text is gone when it is validated).
    path = tmp_path / "docs" / "decisions" / "0001-use-postgres.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "---\nid: ADR-0001\ntitle: Use Postgres\nstatus: accepted\n"
        "date:\n  - 2025-01-01\n  - 2026-01-01\n---\n# Use Postgres\n",
        encoding="utf-8",
    )
    result = lint(settings_for_docs(tmp_path / "docs"), release_texts=True, select=["HB102"])
    assert [(f.line, f.column, f.end_line, f.end_column) for f in result.findings] == [
        (6, 3, 7, 15)
    ]


def _contract_json(result: LintResult) -> str:
    """The JSON report as ``json.dumps`` writes the contract's document."""
    summary = {
        "files": result.files,
        "items": result.items,
        **{
            f"{s.label}s": result.count(s)
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        },
    }
    diagnostics = [json_format.diagnostic(f) for f in result.findings]
    document = {"version": 1, "summary": summary, "diagnostics": diagnostics}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)


@hypothesis_settings(
    max_examples=60, deadline=None, derandomize=True, database=None
)  # a shared machine's pauses are no failure
@given(
    st.lists(
        st.tuples(_TEXT, st.integers(1, 10**6), _TEXT, st.sampled_from(list(Severity)), _TEXT),
        max_size=4,
    ),
    st.booleans(),
)
def test_the_json_report_is_what_json_dumps_writes(
    rows: list[tuple[str, int, str, Severity, str]], item: bool
) -> None:
    findings = [
        Finding(path, line, 1, line, 2, "HB101", rule, severity, message, path if item else None)
        for path, line, rule, severity, message in rows
    ]
    result = LintResult(findings, 7, len(findings), Corpus())
    assert json_format.render(result) == _contract_json(result)


def test_the_json_report_holds_little_beside_its_text() -> None:
    # The encoder's pieces (a dict per finding, a string per key, value and indent) held
    # seven times the report's size at once: 100 MB for 50,000 documents' findings.
    findings = [
        Finding(
            f"docs/decisions/{n:05d}-a.md",
            n,
            3,
            n,
            9,
            "HB103",
            "unknown-field",
            Severity.WARNING,
            f"unknown field 'colour' in adr {n}",
            f"ADR-{n:05d}",
        )
        for n in range(3000)
    ]
    result = LintResult(findings, 3000, 3000, Corpus())
    json_format.render(LintResult(findings[:1], 1, 1, Corpus()))
    tracemalloc.start()
    try:
        text = json_format.render(result)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(text)


def test_the_full_report_holds_one_file_s_lines_at_a_time(tmp_path: Path) -> None:
    # Findings come file by file; the lines of every file with findings, split and held
    # to the end, were most of what the report held.
    corpus = Corpus()
    findings = []
    for n in range(400):
        path = tmp_path / f"{n}.md"
        text = "".join(f"line {i} of a long enough body of a document\n" for i in range(100))
        corpus.documents.append(
            Document(frontmatter.SourceFile(str(path), text=text), "", f"{n}.md")
        )
        findings.append(
            Finding(f"{n}.md", 7, 1, 7, 5, "HB103", "unknown-field", Severity.WARNING, "m", None)
        )
    result = LintResult(findings, 400, 400, corpus)
    FORMATS["full"](LintResult(findings[:1], 1, 1, corpus))  # its imports are no report
    tracemalloc.start()
    try:
        report = FORMATS["full"](result)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.count("   7 | line 6 of a long") == 400
    assert peak < 4 * len(report)


def test_the_trees_kept_for_positions_are_bounded_by_their_text_too(tmp_path: Path) -> None:
    # A register of 500 risks composes into a tree of megabytes: 64 of them were 140 MB.
    entries = "".join(f"  - id: RISK-{n:04d}\n    title: Risk {n}\n" for n in range(3000))
    sources = []
    for n in range(6):
        path = tmp_path / f"{n}.md"
        path.write_text(f"---\nid: REG-{n}\nrisks:\n{entries}---\n", encoding="utf-8")
        sources.append(frontmatter.read_source(path))
    size = len(sources[0].yaml_text)
    assert 2 * size < frontmatter.COMPOSED_KEPT_CHARS < 3 * size
    for source in sources:
        assert source.root is not None
    kept = sum(len(text) for text in frontmatter._COMPOSED)
    assert kept <= frontmatter.COMPOSED_KEPT_CHARS
    assert sources[-1].yaml_text in frontmatter._COMPOSED


def test_a_released_run_holds_each_yaml_packed_and_no_networkx_graph(
    findings_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for_docs(findings_corpus / "docs")
    kept = lint(settings)
    together = lint(settings, release_texts=True)
    short = [d.source for d in together.corpus.documents if d.items]
    # Short frontmatters are packed with their neighbours, several to a pack, read back alike.
    packs = {id(s.yaml_packed) for s in short if isinstance(s.yaml_packed, frontmatter.YamlPack)}
    assert not any(s.yaml_kept for s in short) and 1 < len(packs) < len(short) / 2
    assert FORMATS["json"](together) == FORMATS["json"](kept)
    assert FORMATS["full"](together) == FORMATS["full"](kept)
    first = {d.rel_path: d.source.yaml_text for d in kept.corpus.documents if d.items}
    assert {d.rel_path: d.source.yaml_text for d in together.corpus.documents if d.items} == first
    assert len(frontmatter._UNPACKED_PACKS) <= frontmatter.PACKS_KEPT
    # Every YAML packed, as a register's is: findings and positions are the same.
    monkeypatch.setattr(frontmatter, "PACKED_ABOVE", 0)
    released = lint(settings, release_texts=True)
    assert FORMATS["json"](released) == FORMATS["json"](kept)
    assert FORMATS["full"](released) == FORMATS["full"](kept)
    # The YAML of a released file is held compressed, and unpacked alike for positions.
    sources = [d.source for d in released.corpus.documents if d.items]
    assert all(not s.yaml_kept and s.yaml_packed for s in sources)
    before = {d.rel_path: d.source.yaml_text for d in kept.corpus.documents if d.items}
    assert {d.rel_path: d.source.yaml_text for d in released.corpus.documents if d.items} == before
    assert len(frontmatter._UNPACKED) <= frontmatter.COMPOSED_KEPT
    # The rules read the compact graph: no networkx MultiDiGraph is built for a lint run,
    # and the one built when asked for has every item and edge.
    graph = released.graph
    assert graph._networkx is None
    assert graph.graph.number_of_nodes() == len(graph.items)
    assert sorted(graph.graph.edges(keys=True)) == [
        (e.source, e.target, e.relation) for e in graph.edges()
    ]


def test_entry_lines_read_as_the_dict_they_replace() -> None:
    text = "---\nid: X-1\nrisks:\n  - id: R1\n  - plain\n  - id: R2\n---\n"
    source = frontmatter.split_text(Path("x.md"), text)
    lines = source.entry_lines
    assert lines == {("risks", 0): 4, ("risks", 2): 6}
    assert lines.get(("risks", 1)) is None
    assert lines.get(("risks", 3)) is None
    assert lines.get(("other", 0)) is None
    assert lines.get(("risks",)) is None  # type: ignore[arg-type]
    assert "_lines" in type(lines).__slots__  # arrays of lines, not a dict of tuples


def test_entry_lines_of_one_key_keep_that_key_s_lines_alone() -> None:
    text = "---\nid: X-1\nrisks:\n  - id: R1\n  - id: R2\nowners:\n  - id: O1\n---\n"
    lines = frontmatter.split_text(Path("x.md"), text).entry_lines
    assert lines == {("risks", 0): 4, ("risks", 1): 5, ("owners", 0): 7}
    assert lines.only("risks") == {("risks", 0): 4, ("risks", 1): 5}
    assert lines.only("owners") == {("owners", 0): 7}
    assert lines.only("missing") == {} and lines.only(None) == {}
    alone = frontmatter.split_text(Path("y.md"), "---\nrisks:\n  - id: R1\n---\n").entry_lines
    assert alone.only("risks") is alone  # nothing to drop: the same lines, not a copy


def _entry(number: int) -> dict[str, object]:
    entry: dict[str, object] = {}  # key by key, as a YAML loader builds a mapping
    for key in ("id", "title", "likelihood", "impact", "owner", "status", "mitigation"):
        entry[key] = number
    return entry


def _held(build: Callable[[int], dict[str, object]]) -> int:
    tracemalloc.start()
    try:
        entries = [build(number) for number in range(1000)]
        return tracemalloc.get_traced_memory()[0] + 0 * len(entries)
    finally:
        tracemalloc.stop()


def test_register_entries_share_their_keys_and_stay_equal_dicts() -> None:
    first = shared_keys("shape-test", {"id": "R-1", "title": "A", "score": 3})
    second = shared_keys("shape-test", {"id": "R-2", "title": "B", "score": 4})
    assert type(first) is dict and first == {"id": "R-1", "title": "A", "score": 3}
    assert list(first) == ["id", "title", "score"] and list(second) == list(first)
    assert _held(lambda i: shared_keys("shape-test", _entry(i))) < 0.7 * _held(_entry)
    second["extra"] = 1  # a key the others lack: still an ordinary dict
    assert second == {"id": "R-2", "title": "B", "score": 4, "extra": 1}
    assert first == {"id": "R-1", "title": "A", "score": 3}
    odd = {"id": "R-3", 1: "one", 2.5: "half"}
    assert shared_keys("shape-test", odd) is odd  # keys YAML may give that are not strings
    special = {"id": "R-4", "__class__": "x", "__dict__": "y"}
    assert shared_keys("shape-test", special) is special


def test_a_register_with_odd_entry_keys_is_judged_not_broken(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "risks.md").write_text(
        "---\nkind: risk-register\nid: RR-001\ntitle: Register\nrisks:\n"
        "  - id: RISK-001\n    title: Odd\n    1: one\n    __class__: x\n"
        "  - id: RISK-002\n    title: Plain\n---\n# Register\n",
        encoding="utf-8",
    )
    result = lint(settings_for_docs(docs))
    entries = [item.data for item in result.graph.items.values() if item.kind.name == "risk"]
    assert entries == [
        {"id": "RISK-001", "title": "Odd", "1": "one", "__class__": "x"},
        {"id": "RISK-002", "title": "Plain"},
    ]
    assert [(f.line, f.message) for f in result.findings if f.code == "HB103"] == [
        (8, "unknown field '1'; custom fields start with 'x-'"),
        (9, "unknown field '__class__'; custom fields start with 'x-'"),
    ]


def test_a_list_read_from_yaml_holds_room_for_its_values_alone() -> None:
    # Grown by append, a list of one reference held room for four.
    text = "---\nid: X-1\nmitigated-by: [ADR-1]\ntags: [a, b, c, d, e]\n---\n"
    data = frontmatter.split_text(Path("x.md"), text).data
    assert data is not None
    assert data["mitigated-by"] == ["ADR-1"] and data["tags"] == ["a", "b", "c", "d", "e"]
    assert sys.getsizeof(data["mitigated-by"]) == sys.getsizeof([None] * 1)
    assert sys.getsizeof(data["tags"]) == sys.getsizeof([None] * 5)


def test_an_item_and_a_reference_fill_the_blocks_they_are_given() -> None:
    # Small objects are handed out in 16-byte steps: an item of nine slots (104 bytes) took
    # 112; of eight, it takes 96. A reference of five slots took 80; of four, 64.
    from handbook.references import Reference

    item = Item("RISK-1", None, {}, None)  # type: ignore[arg-type]
    reference = Reference(item, None, 0, "ADR-1")  # type: ignore[arg-type]
    assert sys.getsizeof(item) == 96 and sys.getsizeof(reference) == 64
    item.title_derived = True
    assert (item.id_derived, item.title_derived) == (False, True)
    item.id_derived = True
    item.title_derived = False
    assert (item.id_derived, item.title_derived) == (True, False)
    item.id_derived = False
    assert (item.id_derived, item.title_derived, item.derived) == (False, False, 0)


def test_interned_again_short_strings_are_the_run_s_own_and_long_ones_kept() -> None:
    from handbook.parse.yaml_tree import intern_again

    def fresh(text: str) -> str:
        return "".join(list(text))  # equal, not the same object

    short, long = fresh("team-ledger-x1"), fresh("x" * 40)
    data = {"owner": short, "risks": [{"mitigated-by": [fresh("ADR-77-z")]}], "note": long}
    assert data["owner"] is not sys.intern("team-ledger-x1")
    intern_again(data)
    assert data["owner"] is sys.intern("team-ledger-x1")
    assert data["risks"][0]["mitigated-by"][0] is sys.intern("ADR-77-z")  # type: ignore[index]
    assert data["note"] is long
    assert data == {
        "owner": "team-ledger-x1",
        "risks": [{"mitigated-by": ["ADR-77-z"]}],
        "note": "x" * 40,
    }


RUNBOOK = (
    "---\nkind: runbook\nid: RB-{n:03d}\ntitle: Restart {n}\nstatus: active\nowner: team-a\n"
    "service: billing\nseverity: sev2\nlast-tested: 2026-01-01\nreview-by: 2027-01-01\n"
    "tags: [ops]\ndescription: Restart the {n} worker.\non-call: team-a\nphase: operate\n"
    "x-note: kept\n---\n# Restart {n}\n"
)


def _runbooks(tmp_path: Path, count: int) -> Path:
    docs = tmp_path / "docs"
    (docs / "runbooks").mkdir(parents=True)
    for n in range(1, count + 1):
        (docs / "runbooks" / f"rb-{n:03d}.md").write_text(RUNBOOK.format(n=n), encoding="utf-8")
    return docs


def test_documents_handed_over_by_the_second_process_are_held_as_read(tmp_path: Path) -> None:
    import io

    from handbook.lint import _pickler, _shared, _unpickler
    from handbook.load import compact_unpickled

    settings = settings_for_docs(_runbooks(tmp_path, 3))
    result = lint(settings, release_texts=True)  # as the CLI's run: no text, no sections
    shared, buffer = _shared(settings), io.BytesIO()
    _pickler(buffer, shared).dump(result.corpus.documents)  # as the second process does
    buffer.seek(0)
    handed: list[Document] = _unpickler(buffer, shared).load()
    first = handed[0].items[0]  # a pickle gives back strings of its own
    assert first.id == "RB-001" and first.id is not sys.intern("RB-001")
    compact_unpickled(handed)
    assert [d.source.data for d in handed] == [d.source.data for d in result.corpus.documents]
    for document in handed:
        item = document.items[0]
        assert item.data is document.source.data
        # The id its values hold, interned again, not a copy of its own: 8 MB at 50,000
        # documents, one string for each of the second process' items.
        assert item.id is sys.intern(item.id or "") and item.id is item.data["id"]


def test_a_document_holds_its_paths_as_text(tmp_path: Path) -> None:
    docs = _runbooks(tmp_path, 2)
    result = lint(settings_for_docs(docs))
    document = next(d for d in result.corpus.documents if d.docs_path == "runbooks/rb-001.md")
    assert document.rel_path == "docs/runbooks/rb-001.md"
    assert document.docs_prefix is result.corpus.documents[1].docs_prefix
    assert "rel_path" not in Document.__slots__  # made from the prefix when asked for
    assert type(document.source.location) is str
    assert document.path == docs.resolve() / "runbooks" / "rb-001.md"
    assert document.source.problems == () and type(document.source.problems) is tuple
