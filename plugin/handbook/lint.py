"""The pipeline: discover → parse → validate → references → rules → findings.

:func:`lint` prints nothing and logs nothing; the CLI and the MkDocs plugin adapt its result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from handbook.finding import Finding, Severity
from handbook.settings import Settings

if TYPE_CHECKING:
    import mmap
    import pickle
    from collections.abc import Callable

    from handbook.discover import Discovered
    from handbook.graph import ItemGraph
    from handbook.load import Corpus, Issue
    from handbook.model import Document
    from handbook.parse.frontmatter import SourceFile
    from handbook.rules import LintContext, Rule

# The stages (load, validate, the rules, the graph) are imported where they run, not here:
# a run answered from the cache (handbook.cache) needs only LintResult, and importing every
# rule costs a warm run more than reading its cache.


@dataclass(slots=True)
class LintResult:
    """The findings of one run, with what was read to produce them."""

    findings: list[Finding]
    files: int
    items: int
    corpus: Corpus = field(repr=False)
    context: LintContext | None = field(default=None, repr=False)
    fail_on: Severity = Severity.ERROR
    """The lowest severity that fails the run (warnings too under ``--strict``)."""

    @property
    def graph(self) -> ItemGraph:
        """The run's item graph (built by the rules that needed it, or now)."""
        if self.context is None:
            raise ValueError("this result carries no lint context")
        return self.context.graph

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


def lint(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    *,
    overrides: Mapping[Path, str] | None = None,
    sources: Mapping[str, bytes] | None = None,
    links_lock: str | None = None,
    reuse: Mapping[str, SourceFile] | None = None,
    previous: Mapping[Path, SourceFile] | None = None,
    release_texts: bool = False,
) -> LintResult:
    """Lint every document under ``settings.docs_dir``.

    The whole docs directory is always read, so that references resolve; ``paths`` (files or
    folders) only narrows which files' findings are reported. ``select`` and ``ignore`` take
    rule codes, names, or code prefixes such as ``HB3``. ``overrides`` lints some files as
    they would be with another text (see :func:`handbook.load.load_corpus`): how an edit
    would lint before it is written. ``sources`` lints those documents instead of the
    docs directory's files, by path under ``docs_dir``, with ``links_lock`` the text of the
    suspect links' lock file (see :func:`handbook.load.load_sources`, which also says what
    ``reuse`` is): a git revision. ``previous`` gives the files of an earlier run by path:
    those whose text is the same are not parsed again (see :func:`handbook.load.load_corpus`).

    ``release_texts`` lets each file's text and sections go once the rules on its body have
    run on it (see :func:`handbook.load.release_texts`), for a caller that reads only the
    findings and the values (the CLI): a run then never holds every text at once. The text
    of a document whose item the links lock names is kept (a suspect link compares it);
    :func:`handbook.load.excerpt_text` reads the others again for a report's excerpts.
    """
    # The run allocates many small objects that live until it ends; the cycle collector
    # would rescan them again and again (a quarter of the time at 10,000 documents).
    from handbook.load import load_sources

    collecting = gc.isenabled()
    gc.disable()
    try:
        if sources is not None:
            corpus = load_sources(settings, sources, links_lock, reuse)
            return _lint(settings, paths, list(select), list(ignore), corpus=corpus)
        return _lint(
            settings,
            paths,
            list(select),
            list(ignore),
            overrides,
            previous=previous,
            release_texts=release_texts,
        )
    finally:
        if collecting:
            gc.enable()


def _lint(
    settings: Settings,
    paths: Sequence[Path] | None,
    select: list[str],
    ignore: list[str],
    overrides: Mapping[Path, str] | None = None,
    corpus: Corpus | None = None,
    only: Callable[[Rule], bool] | None = None,
    previous: Mapping[Path, SourceFile] | None = None,
    release_texts: bool = False,
) -> LintResult:
    from handbook.load import load_corpus
    from handbook.rules import ALL_RULES, RULES_BY_KEY, LintContext
    from handbook.waivers import apply_waivers

    rules = [
        rule
        for rule in ALL_RULES
        if _enabled(rule, settings, select, ignore) and (only is None or only(rule))
    ]
    findings: list[Finding] = []
    if corpus is None:
        settle = None
        if release_texts:
            body = {rule.code for rule in body_rules()}
            settle = _settler(settings, [r for r in rules if r.code in body], findings)
            rules = [rule for rule in rules if rule.code not in body]
        if release_texts and overrides is None and previous is None:
            corpus = _load_validated(settings, settle, findings)
            if corpus.files >= TRIM_FROM:
                _give_back_free_heap()
        else:
            corpus = load_corpus(settings, overrides, previous, settle=settle)
            _validate(settings, corpus)
    else:
        _validate(settings, corpus)
    context = LintContext(settings, corpus, RULES_BY_KEY.keys())
    for rule in rules:
        findings.extend(rule.check(rule, context))
    rule_keys = {key: rule.id for key, rule in RULES_BY_KEY.items()}
    findings = apply_waivers(findings, corpus.items, settings.today, rule_keys)
    findings = [_with_severity(f, settings) for f in findings]
    if paths:
        wanted = [_project_relative(p, settings) for p in paths]
        findings = [f for f in findings if any(_under(f.path, w) for w in wanted)]
    findings = sorted(set(findings), key=lambda f: f.sort_key)
    return LintResult(findings, corpus.files, len(corpus.items), corpus, context)


def _validate(settings: Settings, corpus: Corpus) -> None:
    from handbook.validate import validate_corpus

    validate_corpus(
        corpus, settings.kinds.validator, settings.relations.keys, settings.extra_frontmatter
    )


TRIM_FROM = 1_000
"""The fewest files after whose reading a run gives the free pages of its heap back to the
system (:func:`_give_back_free_heap`)."""


def _give_back_free_heap() -> None:
    """Give the pages the C heap holds free back to the system, where ``malloc_trim`` is
    (glibc). Reading leaves holes there (each file's text, its YAML, its node tree, made and
    let go between the dicts the run keeps), which the rules and the graph do not fill:
    about 45 MB at 50,000 container documents, all counted in the run's peak."""
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (ImportError, OSError, AttributeError, TypeError):
        return
    trim(0)


TWO_PROCESSES_FROM = 1_000
"""The fewest files a run reads in two processes (see :func:`_load_validated`): below it,
forking and handing the documents back cost about what the second core saves."""

CHILD_SHARE = 0.45
"""The share of the files the second process reads (by count, from the end of the list):
a little less than half, since it also pickles what it read, and the first one unpickles
it once done with its own files (at half, the first waited about twice the time it
unpickles)."""


def _load_validated(
    settings: Settings, settle: Callable[[list[Document]], None] | None, findings: list[Finding]
) -> Corpus:
    """The corpus :func:`handbook.load.load_corpus` reads, validated, as the CLI's run
    wants it (``settle`` lets the texts go): read in two processes when two CPUs are ours
    and the corpus is large enough for it to pay (:func:`_two_processes`).

    A forked process reads, parses and validates the last files of the listing and runs the
    body rules (``settle``) on them, while this one does the same with the first files;
    it hands back, a batch at a time as it goes (:data:`HANDOFF_FILES`), its documents
    (with their items), the problems found while reading them and while validating them,
    and the body rules' findings, pickled, the run's shared objects (the kinds) by
    reference. Each list is put after this process' own, so
    the corpus, its issues and the findings are in the order one process makes them: the
    output is the same, byte for byte. When the second process fails in any way, this one
    reads its files as well.
    """
    from handbook.load import listing

    files, numbers = listing(settings)
    cut = len(files) - int(len(files) * CHILD_SHARE)
    child = (
        _fork_part(settings, files[cut:], numbers, settle, findings)
        if _two_processes(len(files))
        else None
    )
    try:
        corpus, read_issues = _read_part(
            settings, files[:cut] if child is not None else files, numbers, settle
        )
    except BaseException:
        if child is not None:  # the second process is not left waiting on its pipe
            _abandon(child)
        raise
    if child is None:
        corpus.issues[:0] = read_issues
        return corpus
    part = _join(child, _shared(settings))
    if part is None:  # the second process failed: read its files here
        rest, rest_read = _read_part(settings, files[cut:], numbers, settle)
        part = _Part(rest.documents, rest.files, rest_read, rest.issues, [])
    else:
        findings.extend(part.findings)
    corpus.issues = [*read_issues, *part.read_issues, *corpus.issues, *part.validation_issues]
    corpus.documents.extend(part.documents)
    corpus.items.extend(item for document in part.documents for item in document.items)
    corpus.files += part.files
    return corpus


def _read_part(
    settings: Settings,
    files: Sequence[Discovered],
    numbers: Mapping[str, int],
    settle: Callable[[list[Document]], None] | None,
) -> tuple[Corpus, list[Issue]]:
    """``files`` read and validated: the corpus, holding the validation's issues, and the
    problems found while reading, kept apart (one process' order puts every part's reading
    problems before the validation's)."""
    from handbook.load import load_part

    corpus = load_part(settings, files, numbers, settle)
    read_issues, corpus.issues = corpus.issues, []
    _validate(settings, corpus)
    return corpus, read_issues


@dataclass(slots=True)
class _Part:
    """What the second process hands back (see :func:`_load_validated`)."""

    documents: list[Document]
    files: int
    read_issues: list[Issue]
    validation_issues: list[Issue]
    findings: list[Finding]


def _two_processes(files: int) -> bool:
    """Whether a run of ``files`` files reads them in two processes: two CPUs are this
    process' to use, it runs no other thread (a fork copies only the calling thread, and
    a lock another thread held would stay held in the copy), and there are enough files."""
    if files < TWO_PROCESSES_FROM or threading.active_count() != 1:
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2 and hasattr(os, "fork")


HANDOFF_FILES = 512
HANDOFF_BYTES = 1_500_000
"""The second process reads, validates and hands back its files in batches of at most
:data:`HANDOFF_FILES` files or, once they hold that many bytes, :data:`HANDOFF_BYTES`
(ten registers of 500 risks): it lets each batch go once it is written, and this process
drains the pipe while it reads its own part, so the documents are never held twice, as
objects in one process and as a pickle in the other. Each batch is its own pickle, and a
string shared by a batch's documents (a key, an id, a status) is shared again only within
it: larger batches leave this process fewer copies of the same words."""


def _batches(files: Sequence[Discovered]) -> Iterator[Sequence[Discovered]]:
    """``files`` in the second process' batches (see :data:`HANDOFF_FILES`)."""
    start, size = 0, 0
    for end, found in enumerate(files, 1):
        if not found.special:
            with contextlib.suppress(OSError):
                size += os.stat(found.path).st_size
        if end - start >= HANDOFF_FILES or size >= HANDOFF_BYTES:
            yield files[start:end]
            start, size = end, 0
    if start < len(files):
        yield files[start:]


@dataclass(slots=True)
class _Child:
    """The second process, seen from the first: its pid, and the thread that drains its pipe
    into ``frames`` (each a pickled :class:`_Part`; an empty one ends a whole answer)."""

    pid: int
    drain: threading.Thread
    frames: list[mmap.mmap | bytes]


def _fork_part(
    settings: Settings,
    files: Sequence[Discovered],
    numbers: Mapping[str, int],
    settle: Callable[[list[Document]], None] | None,
    findings: list[Finding],
) -> _Child | None:
    """Fork a process that reads ``files`` in batches (:func:`_batches`) and writes a
    :class:`_Part` for each to a pipe that a thread of this process drains (None when it
    could not be started)."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid:
        os.close(writing)
        frames: list[mmap.mmap | bytes] = []
        drain = threading.Thread(target=_drain, args=(reading, frames), daemon=True)
        drain.start()
        return _Child(pid, drain, frames)
    # The second process: whatever happens, it ends here, without the parent's exit
    # handlers or buffered output.
    status = 1
    try:
        os.close(reading)
        shared = _shared(settings)
        with open(writing, "wb", closefd=True) as stream:
            for batch in _batches(files):
                before = len(findings)
                part, read_issues = _read_part(settings, batch, numbers, settle)
                answer = _Part(
                    part.documents, part.files, read_issues, part.issues, findings[before:]
                )
                del findings[before:]
                _write_frame(stream, answer, shared)
                # The run keeps the cycle collector off (see lint), and a document and
                # its items refer to each other: only a collection lets the batch go. The
                # youngest generation holds no more than what was made since the last one.
                del part, read_issues, answer
                gc.collect(0)
            stream.write(_FRAME_END)
        status = 0
    finally:
        os._exit(status)


_FRAME_LENGTH = 8
_FRAME_END = bytes(_FRAME_LENGTH)


def _write_frame(stream: BinaryIO, answer: _Part, shared: list[object]) -> None:
    """One batch's :class:`_Part`, pickled, after its length."""
    import io

    buffer = io.BytesIO()
    _pickler(buffer, shared).dump(answer)
    frame = buffer.getbuffer()
    stream.write(len(frame).to_bytes(_FRAME_LENGTH, "little"))
    stream.write(frame)


def _drain(reading: int, frames: list[mmap.mmap | bytes]) -> None:
    """Read the second process' frames as they come, until its pipe closes; the empty end
    frame is kept, so that a whole answer ends with it.

    Each frame is read into its own anonymous map, given back to the system whole once
    :func:`_join` has unpickled it: as ``bytes`` from the heap, the frames of a large corpus
    (70 MB for 50,000 documents) left holes there that the objects unpickled from them
    could not fill, and this process kept about that much more for the rest of the run."""
    import mmap

    with open(reading, "rb", closefd=True) as stream:
        while True:
            head = stream.read(_FRAME_LENGTH)
            if len(head) < _FRAME_LENGTH:
                return
            length = int.from_bytes(head, "little")
            if not length:
                frames.append(b"")
                return
            frame = mmap.mmap(-1, length)
            if stream.readinto(frame) != length:
                frame.close()
                return
            frames.append(frame)


def _abandon(child: _Child) -> None:
    """End the second process, whose answer is no longer wanted."""
    import signal

    try:
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
    except OSError:
        pass
    child.drain.join()


def _join(child: _Child, shared: list[object]) -> _Part | None:
    """The second process' answer, its batches' :class:`_Part` put together in order, once
    it has ended (None when it failed or its answer is not whole), its documents held as
    reading holds them (:func:`handbook.load.compact_unpickled`)."""
    from handbook.load import compact_unpickled

    child.drain.join()
    try:
        _pid, status = os.waitpid(child.pid, 0)
    except ChildProcessError:
        status = 1
    frames = child.frames
    if status != 0 or not frames or frames[-1]:
        return None
    whole = _Part([], 0, [], [], [])
    frames.pop()  # the end frame
    frames.reverse()  # popped from the end, each let go once read
    try:
        while frames:
            frame = frames.pop()
            if isinstance(frame, bytes):  # an end frame before the last: not whole
                return None
            try:
                part = _unpickler(frame, shared).load()
            finally:
                frame.close()
            if not isinstance(part, _Part):
                return None
            # Compacted batch by batch: what each one lets go, the next one fills.
            compact_unpickled(part.documents)
            whole.documents.extend(part.documents)
            whole.files += part.files
            whole.read_issues.extend(part.read_issues)
            whole.validation_issues.extend(part.validation_issues)
            whole.findings.extend(part.findings)
    except Exception:  # anything but a whole answer: this process reads those files
        return None
    return whole


def _shared(settings: Settings) -> list[object]:
    """The run's objects that both processes hold and the documents refer to: the kinds and
    the mapping of an item that reads no body lines. They are handed over by their place in
    this list, so that the parent's documents refer to the parent's own objects (a kind is
    the one the rules compare)."""
    from handbook.model import Item

    shared: list[object] = [settings.kinds[name] for name in settings.kinds.names()]
    no_lines = Item.__dataclass_fields__["body_lines"].default_factory
    if callable(no_lines):
        shared.append(no_lines())
    return shared


def _shared_object(index: int) -> object:
    """Stands, in a pickle, for the object at ``index`` of :func:`_shared` (the unpickler
    of :func:`_join` gives its own lookup for this name)."""
    raise LookupError(index)


def _pickler(stream: BinaryIO, shared: list[object]) -> pickle.Pickler:
    import pickle

    places = {id(value): index for index, value in enumerate(shared)}

    class Pickler(pickle.Pickler):
        # Called for the objects that are not of a builtin type only (strings, numbers,
        # lists and dicts are saved without a call to Python): a persistent_id would be
        # called for every one. Any: pickle's boundary (NotImplemented or a reduction).
        def reducer_override(self, obj: object) -> Any:
            index = places.get(id(obj))
            if index is None:
                return NotImplemented
            return _shared_object, (index,)

    return Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickler(stream: BinaryIO | mmap.mmap, shared: list[object]) -> pickle.Unpickler:
    import pickle

    def lookup(index: int) -> object:
        return shared[index]

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            if module == __name__ and name == _shared_object.__name__:
                return lookup
            return super().find_class(module, name)

    return Unpickler(stream)


def body_rules() -> tuple[Rule, ...]:
    """The rules that read a document's body (its text and sections) and nothing of the
    other documents: HB301-HB304."""
    from handbook.rules import empty_section, missing_section, placeholder_text, title_mismatch

    return tuple(m.RULE for m in (missing_section, empty_section, placeholder_text, title_mismatch))


def _settler(
    settings: Settings, rules: list[Rule], findings: list[Finding]
) -> Callable[[list[Document]], None]:
    """What :func:`handbook.load.load_corpus` calls with the documents just read: ``rules``
    (body rules) run on them, their findings go to ``findings``, and each text is let go but
    that of a document whose item the links lock names (a suspect link reads its body)."""
    from handbook.load import Corpus, release_texts
    from handbook.rules import RULES_BY_KEY, LintContext
    from handbook.stamps import LOCK_FILE, names_an_item

    try:
        lock = (settings.project_root / LOCK_FILE).read_bytes().decode("utf-8", "replace")
    except OSError:
        lock = ""

    def settle(documents: list[Document]) -> None:
        if rules:
            some = Corpus(documents, [item for d in documents for item in d.items])
            context = LintContext(settings, some, RULES_BY_KEY.keys())
            for rule in rules:
                findings.extend(rule.check(rule, context))
        release_texts(d for d in documents if not names_an_item(lock, d.items))

    return settle


def _enabled(rule: Rule, settings: Settings, select: list[str], ignore: list[str]) -> bool:
    if settings.severities.get(rule.code, rule.severity) is None:
        return False
    if select and not any(_matches(rule, key) for key in select):
        return False
    return not any(_matches(rule, key) for key in ignore)


def _matches(rule: Rule, key: str) -> bool:
    return key == rule.name or rule.code.startswith(key.upper())


def _with_severity(finding: Finding, settings: Settings) -> Finding:
    severity = settings.severities.get(finding.code)
    if severity is None or severity is finding.severity:
        return finding
    return dataclasses.replace(finding, severity=severity)


def _project_relative(path: Path, settings: Settings) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(settings.project_root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _under(path: str, prefix: str) -> bool:
    return prefix in ("", ".") or path == prefix or path.startswith(prefix.rstrip("/") + "/")


def lint_documents(
    settings: Settings,
    corpus: Corpus,
    paths: Sequence[Path] | None,
    select: Iterable[str],
    ignore: Iterable[str],
    only: Callable[[Rule], bool],
) -> LintResult:
    """The findings of the rules ``only`` keeps, on ``corpus`` as it is (some documents of
    the docs directory, read by :func:`handbook.load.load_files`): what the cache runs
    again for the files that changed, with the rules whose findings a file's own text
    decides."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _lint(settings, paths, list(select), list(ignore), corpus=corpus, only=only)
    finally:
        if collecting:
            gc.enable()


def load_graph(settings: Settings) -> ItemGraph:
    """Read the docs directory and build its item graph (no rules run)."""
    from handbook.graph import ItemGraph
    from handbook.load import load_corpus
    from handbook.references import collect_references

    corpus = load_corpus(settings)
    return ItemGraph.build(
        corpus.items, collect_references(corpus.items, settings.relations), settings.relations
    )


def known_rule(key: str) -> bool:
    """True when ``key`` names a rule, by code, name or code prefix (``HB3``)."""
    from handbook.rules import ALL_RULES, RULES_BY_KEY

    return key in RULES_BY_KEY or any(rule.code.startswith(key.upper()) for rule in ALL_RULES)
