"""The pipeline: discover → parse → validate → references → rules → findings.

:func:`lint` prints nothing and logs nothing; the CLI and the MkDocs plugin adapt its result.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.finding import Finding, Severity
from handbook.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from handbook.graph import ItemGraph
    from handbook.load import Corpus
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
    run on it (see :func:`handbook.load.release_text`), for a caller that reads only the
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
    from handbook.validate import validate_corpus
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
        corpus = load_corpus(settings, overrides, previous, settle=settle)
    validate_corpus(
        corpus, settings.kinds.validator, settings.relations.keys, settings.extra_frontmatter
    )
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
    from handbook.load import Corpus, release_text
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
        for document in documents:
            if not names_an_item(lock, document.items):
                release_text(document)

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
