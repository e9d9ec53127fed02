"""Cold lint's hot paths stay linear and lean, and give exactly what they gave before they
were tuned.

Each tuned function is compared with the plain version it replaced (kept here as the
reference) on generated inputs, and its work is checked to grow linearly: eight runs on a
small input must take at least a quarter of one run on an input eight times larger (linear
work gives about 1, quadratic about 8), a ratio within one run, so the machine's speed
cancels out. What a run holds is checked where it was cut: sections keep spans of their
file's text, and repeated keys and short values are one object.
"""

from __future__ import annotations

import dataclasses
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook import settings_for_docs
from handbook.load import load_corpus, sections_of
from handbook.parse import decision_text, frontmatter, headings


def _numbers_by_convention_reference(names: list[str]) -> dict[str, int]:
    """``numbers_by_convention`` as it was written first: a pass over the others per name."""
    read = {name: decision_text.number_in_name(name) for name in names}
    numbered = {name: found for name, found in read.items() if found is not None}
    result: dict[str, int] = {}
    for name, found in numbered.items():
        others = [other for key, other in numbered.items() if key != name]
        if not others:
            if len(names) > 1 and not found.prefix and found.width < 3:
                continue
            result[name] = found.number
            continue
        widths = [other.width for other in others if other.prefix == found.prefix]
        if not widths:
            if not found.prefix and found.width < 3:
                continue
            result[name] = found.number
            continue
        padded = min(widths)
        if padded > 1 and found.width < padded and not found.prefix:
            continue
        result[name] = found.number
    return result


_NAME = st.builds(
    lambda prefix, digits, rest: f"{prefix}{digits}{rest}.md",
    st.sampled_from(["", "adr-", "ADR", "adr_", "ADR-", "rfc-"]),
    st.text("0123456789", min_size=0, max_size=5),
    st.sampled_from(["-use-x", "-y", "_z", "", "x", "-day-week"]),
)


@given(st.lists(_NAME, max_size=12, unique=True))
def test_record_numbers_are_read_as_before(names: list[str]) -> None:
    assert decision_text.numbers_by_convention(names) == _numbers_by_convention_reference(names)


def _best(work: Callable[[], object]) -> float:
    """The least CPU time of three runs (as tests/test_bounded_work.py times): a parallel test
    worker or a busy machine adds to the wall clock, not to this process's own time."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def test_record_numbers_of_a_large_folder_take_linear_time() -> None:
    def folder(size: int) -> list[str]:
        return [f"{n:04d}-record-{n}.md" for n in range(1, size + 1)]

    small, big = folder(500), folder(4_000)
    small_time = _best(lambda: [decision_text.numbers_by_convention(small) for _ in range(8)])
    big_time = _best(lambda: decision_text.numbers_by_convention(big))
    assert big_time <= 4 * small_time, (big_time, small_time)


def _document_corpus(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    return load_corpus(settings_for_docs(docs))


_BODY_LINE = st.sampled_from(
    [
        *("# Title", "## Context", "Text.", "", "```", "~~~", "Setext", "===", "---"),
        *("    code", "<div>", "> ## Quoted"),
    ]
)


@given(st.lists(_BODY_LINE, max_size=30), st.booleans())
def test_sections_kept_as_spans_equal_the_scanned_copies(lines: list[str], fence: bool) -> None:
    text = ("---\nkind: adr\n---\n" if fence else "") + "\n".join(lines) + "\n"
    source = frontmatter.split_text(Path("a.md"), text)
    spans = headings.scan_sections(
        source.body, source.body_line, within=(source.text, source.body_start)
    )
    copies = headings.scan_sections(source.body, source.body_line)
    assert spans == copies
    assert [repr(s) for s in spans] == [repr(s) for s in copies]
    assert [hash(s) for s in spans] == [hash(s) for s in copies]


def test_a_section_still_reads_and_prints_like_the_dataclass_it_was() -> None:
    section = headings.Section(2, "Context", 5, 1, "Text.\n", False)
    assert repr(section) == (
        "Section(level=2, title='Context', line=5, column=1, content='Text.\\n', "
        "has_subsections=False)"
    )
    assert section == headings.Section(2, "Context", 5, 1, "Text.\n", False)
    assert section != headings.Section(2, "Context", 5, 1, "Other.\n", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        section.title = "x"  # type: ignore[misc]


def test_sections_hold_no_second_copy_of_the_body(tmp_path: Path) -> None:
    body = "".join(f"## Part {n}\n\n{'Words of the part. ' * 50}\n\n" for n in range(200))
    corpus = _document_corpus(tmp_path, {"a.md": f"---\ntitle: A\n---\n# A\n\n{body}"})
    document = corpus.documents[0]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        sections = sections_of(document)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(sections) == 201
    assert held < len(body) / 2, (held, len(body))  # copies would hold more than the body


def test_repeated_keys_and_short_values_are_held_once(tmp_path: Path) -> None:
    text = "---\nowner: platform-team-{n}\nstatus: accepted\ntitle: {title}\n---\n"
    corpus = _document_corpus(
        tmp_path,
        {
            "a.md": text.format(n=1, title="A" * 40),
            "b.md": text.format(n=1, title="A" * 40),
        },
    )
    first, second = (document.source.data for document in corpus.documents)
    assert first is not None and second is not None
    assert first == second
    assert first["owner"] is second["owner"]
    assert next(iter(first)) is next(iter(second))
    assert first["title"] is not second["title"]  # long values are not interned
