"""Where lint's time goes, stage by stage and rule by rule, without a profiler's overhead.

cProfile inflates code made of many small Python calls (difflib, the YAML builder) several
times over, so its percentages mislead. This script replays :func:`handbook.lint.lint` step
by step with a stopwatch around each stage and each rule, best of ``--repeat`` runs, and
checks that it found the same findings as ``lint()`` itself. It mirrors ``lint.py``: when the
pipeline changes, update :func:`stages` (the findings check fails loudly when they drift).

Usage: ``python bench/stages.py [DOCS_DIR] [--repeat N] [--no-gc]``
(default: the 10k corpus that ``bench/run.py`` generated).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import defaultdict
from pathlib import Path

from handbook import lint, settings_for_docs
from handbook.lint import _with_severity
from handbook.load import load_corpus
from handbook.rules import ALL_RULES, RULES_BY_KEY, LintContext
from handbook.validate import validate_corpus
from handbook.waivers import apply_waivers

DEFAULT = Path(__file__).resolve().parent / "out" / "corpus-10000" / "docs"


def stages(docs_dir: Path) -> tuple[dict[str, float], int]:
    times: dict[str, float] = {}
    clock = time.process_time  # CPU time: a loaded machine disturbs it far less
    start = clock()
    settings = settings_for_docs(docs_dir)
    times["settings"] = clock() - start
    mark = clock()
    corpus = load_corpus(settings)
    times["load (discover, read, YAML, items)"] = clock() - mark
    mark = clock()
    validate_corpus(corpus, settings.kinds.validator)
    times["validate (jsonschema-rs)"] = clock() - mark
    mark = clock()
    context = LintContext(settings, corpus, RULES_BY_KEY.keys())
    _ = context.references
    times["context (ids, references)"] = clock() - mark
    findings = []
    for rule in ALL_RULES:
        mark = clock()
        findings.extend(rule.check(rule, context))
        times[f"rule {rule.code} {rule.name}"] = clock() - mark
    mark = clock()
    rule_keys = {key: rule.id for key, rule in RULES_BY_KEY.items()}
    findings = apply_waivers(findings, corpus.items, settings.today, rule_keys)
    findings = [_with_severity(f, settings) for f in findings]
    findings = sorted(set(findings), key=lambda f: f.sort_key)
    times["waivers, severities, sort"] = clock() - mark
    times["TOTAL"] = clock() - start
    return times, len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs_dir", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC while timing")
    args = parser.parse_args()
    expected = len(lint(settings_for_docs(args.docs_dir)).findings)  # also the warm-up
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    for _ in range(args.repeat):
        gc.collect()
        if args.no_gc:
            gc.disable()
        times, found = stages(args.docs_dir)
        gc.enable()
        if found != expected:
            raise SystemExit(f"stages found {found} findings, lint() {expected}: update stages()")
        for name, seconds in times.items():
            best[name] = min(best[name], seconds)
    total = best.pop("TOTAL")
    print(f"{args.docs_dir}: best of {args.repeat}{' (GC off)' if args.no_gc else ''}")
    for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.0005:
            print(f"  {seconds:8.3f} s  {100 * seconds / total:5.1f} %  {name}")
    print(f"  {total:8.3f} s  total (sum of stage minimums: {sum(best.values()):.3f} s)")


if __name__ == "__main__":
    main()
