"""The benchmark of ``handbook diff``: a pull request's diff within 3 × one lint of the corpus.

It generates the benchmark corpus (``bench/corpus.py``, the same generator and seed as
``bench/run.py``) of ``--size`` documents, commits it to a fresh git repository on ``main``,
then changes ``--changed`` files in the working tree as a pull request would (most get a
new paragraph, every fifth a new status, every tenth is renamed). It then times, interleaved
round by round, the best of ``--repeat`` wall-clock runs (after one warm-up) of:

- lint: ``lint(settings_for_docs(docs_dir))`` in this process, as ``bench/run.py`` times it;
- diff: what ``handbook diff main`` does in this process: both sides linted (the base read
  from git objects), the gates evaluated on each, renames detected, and the comparison;
- and, for reference, ``handbook diff main --format json`` and ``handbook lint`` as
  subprocesses (interpreter start-up included).

It prints the figures and the ratio diff / lint against the budget (3.0), and writes them to
``bench/out/diff.json``.

Usage: ``.venv/bin/python bench/diff.py [--size 10000] [--changed 50] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from handbook import lint, settings_for_docs
from handbook.diff import git
from handbook.diff.compare import compare, read_side, resolve_revisions

BUDGET = 3.0
OUT = Path(__file__).resolve().parent / "out"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def run_git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def prepare(size: int, changed: int, root: Path) -> list[str]:
    """The corpus committed on ``main``, then ``changed`` files edited in the work tree."""
    if root.exists():
        shutil.rmtree(root)
    corpus.generate(size, root)
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "-m", "The corpus")
    docs = root / "docs"
    files = sorted(p for p in docs.rglob("*.md") if p.name not in ("index.md", "README.md"))
    step = max(1, len(files) // changed)
    touched = []
    for number, path in enumerate(files[::step][:changed]):
        text = path.read_text(encoding="utf-8")
        if number % 5 == 0 and "\nstatus: " in text:
            head, _, rest = text.partition("\nstatus: ")
            value, _, tail = rest.partition("\n")
            text = f"{head}\nstatus: {'open' if value != 'open' else 'closed'}\n{tail}"
        else:
            text += "\nA paragraph added in the pull request, to be reviewed.\n"
        path.write_text(text, encoding="utf-8")
        if number % 10 == 5:
            run_git(root, "mv", str(path), str(path.with_name("moved-" + path.name)))
            path = path.with_name("moved-" + path.name)
            path.write_text(text, encoding="utf-8")
        touched.append(path.relative_to(root).as_posix())
    return touched


def lint_once(docs: Path) -> int:
    return len(lint(settings_for_docs(docs)).findings)


STAGES: dict[str, float] = {}
"""Seconds per stage of the last diff: both sides (lint and gates), renames, comparison."""


def diff_once(docs: Path) -> int:
    clock = time.perf_counter
    start = clock()
    settings = settings_for_docs(docs)
    revisions = resolve_revisions(settings, "main", None)
    after = read_side(settings, revisions, None, revisions.head_label)
    STAGES["head side (lint + gates)"] = clock() - start
    mark = clock()
    before = read_side(settings, revisions, revisions.base, revisions.base_label, after)
    STAGES["base side (git read + lint + gates)"] = clock() - mark
    mark = clock()
    moved = git.renames(revisions.repo, revisions.base, None, [revisions.docs_prefix])
    comparison = compare(before, after, moved, settings)
    STAGES["renames + comparison"] = clock() - mark
    return len(comparison.items_changed)


def timed(action: Callable[[], int], repeat: int) -> tuple[float, int]:
    action()  # warm-up
    best, result = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def subprocess_time(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=OUT / "diff-corpus")
    args = parser.parse_args()
    touched = prepare(args.size, args.changed, args.root)
    docs = args.root / "docs"
    lint_times, diff_times = [], []
    changed_items = 0
    lint_once(docs)
    diff_once(docs)
    for _ in range(args.repeat):  # interleaved, so a busy moment hits both alike
        lint_times.append(timed(lambda: lint_once(docs), 1)[0])
        seconds, changed_items = timed(lambda: diff_once(docs), 1)
        diff_times.append(seconds)
    handbook = str(Path(sys.executable).with_name("handbook"))
    cli_diff = subprocess_time([handbook, "diff", "main", "--format", "json"], args.root)
    cli_lint = subprocess_time([handbook, "lint", "--format", "json", "--exit-zero"], args.root)
    figures = {
        "size": args.size,
        "changed_files": len(touched),
        "changed_items_reported": changed_items,
        "lint_best_s": round(min(lint_times), 3),
        "diff_best_s": round(min(diff_times), 3),
        "ratio": round(min(diff_times) / min(lint_times), 2),
        "budget": BUDGET,
        "cli_lint_s": round(cli_lint, 3),
        "cli_diff_s": round(cli_diff, 3),
        "last_diff_stages_s": {k: round(v, 3) for k, v in STAGES.items()},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "diff.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    verdict = "ok" if figures["ratio"] <= BUDGET else "OVER BUDGET"
    print(
        f"{args.size} documents, {len(touched)} changed: lint {figures['lint_best_s']} s, "
        f"diff {figures['diff_best_s']} s, ratio {figures['ratio']} (budget {BUDGET}: "
        f"{verdict}); CLI lint {figures['cli_lint_s']} s, CLI diff {figures['cli_diff_s']} s"
    )
    print("last diff by stage: " + ", ".join(f"{k} {v:.2f} s" for k, v in STAGES.items()))


if __name__ == "__main__":
    main()
