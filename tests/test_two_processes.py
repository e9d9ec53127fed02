"""A cold run of the CLI reads half of a large corpus in a second process when two CPUs are
its own: the result is the one process' result, in the same order, and with one CPU, another
thread running or a small corpus the run stays one process."""

from __future__ import annotations

import mmap
import os
import sys
import threading
from pathlib import Path

import pytest

from handbook import settings_for_docs
from handbook.lint import lint
from handbook.report import FORMATS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus as corpus_generator

lint_module = sys.modules["handbook.lint"]


@pytest.fixture(scope="module")
def findings_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("findings")
    corpus_generator.generate(60, root, 17, "findings")
    # Problems found while reading, in the second process' half (the last files).
    extra = root / "docs" / "zz"
    extra.mkdir()
    (extra / "a.md").write_text("---\nkind: nosuch\ntitle: A\n---\n# A\n", encoding="utf-8")
    (extra / "b.md").write_text("---\ntitle: B\ntitle: C\n---\n# B\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    corpus_generator.generate(8, root, 19, "findings")
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two CPUs, no other thread (pytest-xdist runs some) and no size too small: the run
    forks; the list counts the forks."""
    monkeypatch.setattr(lint_module, "TWO_PROCESSES_FROM", 1)
    monkeypatch.setattr(lint_module, "HANDOFF_FILES", 4)  # several batches, the last short
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forked


def _issues(result: object) -> list[tuple[object, ...]]:
    corpus = result.corpus  # type: ignore[attr-defined]
    return [(i.rule, i.document.docs_path, i.position, i.message, i.item) for i in corpus.issues]


def test_two_processes_give_one_process_result(findings_corpus: Path, forks: list[int]) -> None:
    settings = settings_for_docs(findings_corpus / "docs")
    two = lint(settings, release_texts=True)
    assert len(forks) == 1
    lint_module.TWO_PROCESSES_FROM = 10**9  # restored by monkeypatch
    one = lint(settings, release_texts=True)
    assert len(forks) == 1
    assert two.findings == one.findings
    assert {f.code for f in one.findings} >= {"HB101", "HB103", "HB202", "HB304"}
    assert FORMATS["full"](two) == FORMATS["full"](one)
    assert FORMATS["json"](two) == FORMATS["json"](one)
    assert (two.files, two.items) == (one.files, one.items)
    assert [d.docs_path for d in two.corpus.documents] == [
        d.docs_path for d in one.corpus.documents
    ]
    assert [(i.id, i.kind.name) for i in two.corpus.items] == [
        (i.id, i.kind.name) for i in one.corpus.items
    ]
    assert _issues(two) == _issues(one)
    assert {"HB104", "HB106"} <= {f.code for f in two.findings}, "problems found reading"
    # The second process' documents refer to this process' own kinds.
    kinds = {id(settings.kinds[name]) for name in settings.kinds.names()}
    assert all(id(item.kind) in kinds for item in two.corpus.items)
    assert not any(d.source.text for d in two.corpus.documents)


def test_a_failed_second_process_leaves_its_files_to_the_first(
    findings_corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for_docs(findings_corpus / "docs")
    one = lint(settings)

    def broken(*_args: object) -> None:
        raise RuntimeError("the second process fails")

    monkeypatch.setattr(lint_module, "_pickler", broken)
    two = lint(settings, release_texts=True)
    assert len(forks) == 1
    assert two.findings == one.findings
    assert FORMATS["json"](two) == FORMATS["json"](one)
    assert _issues(two) == _issues(one)


def test_a_second_process_that_stops_between_batches_leaves_its_files_to_the_first(
    findings_corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for_docs(findings_corpus / "docs")
    one = lint(settings)
    real, written = lint_module._write_frame, []

    def fails_at_the_third(*args: object) -> None:
        written.append(1)
        if len(written) == 3:
            raise RuntimeError("the second process stops")
        real(*args)

    monkeypatch.setattr(lint_module, "_write_frame", fails_at_the_third)
    two = lint(settings, release_texts=True)
    assert len(forks) == 1
    assert written == [], "the batches were written by the second process, not this one"
    assert two.findings == one.findings
    assert FORMATS["json"](two) == FORMATS["json"](one)
    assert _issues(two) == _issues(one)


def test_batches_end_at_a_count_of_files_or_of_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handbook.discover import Discovered

    # Exactly HANDOFF_BYTES at c ends a batch.
    sizes = {"a": 500_000, "b": 500_000, "c": 500_000, "d": 10, "e": 10, "f": 10}
    files = []
    for name, size in sizes.items():
        (tmp_path / f"{name}.md").write_bytes(b"x" * size)
        files.append(Discovered(tmp_path / f"{name}.md", f"{name}.md"))
    files.insert(3, Discovered(tmp_path / "gone.md", "gone.md"))  # no file: no bytes

    def names(batches: object) -> list[str]:
        return ["".join(f.docs_path[0] for f in batch) for batch in batches]  # type: ignore[attr-defined]

    assert names(lint_module._batches(files)) == ["abc", "gdef"]
    monkeypatch.setattr(lint_module, "HANDOFF_FILES", 2)
    assert names(lint_module._batches(files)) == ["ab", "cg", "de", "f"]


@pytest.mark.parametrize("why", ["one CPU", "another thread", "few files", "no release"])
def test_the_run_stays_one_process(
    why: str, small_corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    if why == "one CPU":
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    elif why == "another thread":
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    elif why == "few files":
        monkeypatch.setattr(lint_module, "TWO_PROCESSES_FROM", 9)
    settings = settings_for_docs(small_corpus / "docs")
    result = lint(settings, release_texts=why != "no release")  # the plugin's run keeps texts
    assert forks == []
    assert result.files == 8


def test_a_failure_in_the_first_process_ends_the_second(
    findings_corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    load = sys.modules["handbook.load"]
    real, first = load.load_part, os.getpid()

    def failing(*args: object, **kwargs: object) -> object:
        if os.getpid() == first:
            raise RuntimeError("the first process fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "load_part", failing)
    with pytest.raises(RuntimeError, match="first process fails"):
        lint(settings_for_docs(findings_corpus / "docs"), release_texts=True)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # reaped: not left waiting on its pipe
        os.waitpid(forks[0], os.WNOHANG)


def test_the_second_process_frames_are_maps_given_back_once_read(
    findings_corpus: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Frames held as bytes left holes in this process' heap as large as they were.
    settings = settings_for_docs(findings_corpus / "docs")
    real_join, seen = lint_module._join, []

    def join(child: object, shared: list[object]) -> object:
        child.drain.join()  # type: ignore[attr-defined]
        seen.extend(child.frames)  # type: ignore[attr-defined]
        return real_join(child, shared)

    monkeypatch.setattr(lint_module, "_join", join)
    two = lint(settings, release_texts=True)
    assert len(forks) == 1 and len(two.corpus.documents) == two.files
    *batches, end = seen
    assert end == b"" and len(batches) > 2
    assert all(isinstance(frame, mmap.mmap) and frame.closed for frame in batches)


def test_a_frame_cut_short_is_not_kept() -> None:
    reading, writing = os.pipe()
    with open(writing, "wb") as stream:
        stream.write((5).to_bytes(8, "little") + b"whole")
        stream.write((100).to_bytes(8, "little") + b"cut short")
    frames: list[object] = []
    lint_module._drain(reading, frames)
    assert [bytes(frame) for frame in frames] == [b"whole"]  # type: ignore[call-overload]


def test_the_second_process_short_strings_are_the_run_s_own(
    findings_corpus: Path, forks: list[int]
) -> None:
    # Unpickled, each batch held its own copy of every status, owner and id a reference names.
    settings = settings_for_docs(findings_corpus / "docs")
    two = lint(settings, release_texts=True)
    assert len(forks) == 1
    short: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) <= 32:
            short.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    half = two.corpus.documents[len(two.corpus.documents) // 2 :]
    for document in half:
        walk(document.source.data)
        for item in document.items:
            walk(item.data)
    assert len(short) > 100
    assert all(value is sys.intern(value) for value in short)


def test_a_large_run_gives_its_free_heap_back_and_a_small_one_does_not(
    findings_corpus: Path, small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[int] = []
    monkeypatch.setattr(lint_module, "_give_back_free_heap", lambda: given.append(1))
    monkeypatch.setattr(lint_module, "TRIM_FROM", 20)
    lint(settings_for_docs(small_corpus / "docs"), release_texts=True)
    assert given == []
    lint(settings_for_docs(findings_corpus / "docs"), release_texts=True)
    assert given == [1]


def test_no_malloc_trim_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    class NoTrim:
        def __init__(self, _name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    lint_module._give_back_free_heap()  # a C library without malloc_trim (musl, macOS)

    def no_library(_name: object) -> None:
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    lint_module._give_back_free_heap()
