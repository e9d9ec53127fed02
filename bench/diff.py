"""The benchmark of ``handbook diff``: a pull request's diff within 3 × one lint of the corpus.

It generates the benchmark corpus (``bench/corpus.py``, the same generator and seed as
``bench/run.py``) of ``--size`` documents, commits it to a fresh git repository on ``main``,
then changes ``--changed`` files in the working tree as a pull request would (most get a
new paragraph, every fifth a new status, every tenth is renamed). It then times, interleaved
round by round, the best of ``--repeat`` runs (after one warm-up), in CPU time of this
process and the git it runs (the budget's ratio: a loaded machine stretches wall-clock time
unevenly) and in wall-clock time, of:

- lint: ``lint(settings_for_docs(docs_dir))`` in this process, as ``bench/run.py`` times it;
- diff: what ``handbook diff main`` does in this process: both sides linted (the base read
  from git objects), the gates evaluated on each, renames detected, and the comparison;
- and, for reference, ``handbook diff main --format json`` and ``handbook lint`` as
  subprocesses (interpreter start-up included).

It prints the figures and the ratio diff / lint against the budget (3.0), with how many of
the gates' outcomes the base side took from the head side (``gates.Shared``) and how many it
evaluated, and writes them to ``bench/out/diff.json``.

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


def cpu_time() -> float:
    """CPU seconds of this process and of the children it waited for (git reads the base)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def lint_once(docs: Path) -> int:
    return len(lint(settings_for_docs(docs)).findings)


STAGES: dict[str, float] = {}
"""CPU seconds per stage of the last diff: both sides (lint and gates), renames, comparison."""
SHARED: dict[str, int] = {}
"""Of the last diff's base side: gate outcomes taken from the head side, and evaluated."""


def diff_once(docs: Path) -> int:
    clock = cpu_time
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
    if after.shared is not None:
        SHARED.update(reused=after.shared.reused, evaluated=after.shared.evaluated)
    return len(comparison.items_changed)


def timed(action: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    """The best CPU and wall-clock seconds of ``repeat`` runs, and the last one's result."""
    best_cpu, best_wall, result = float("inf"), float("inf"), 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_time()
        result = action()
        best_cpu = min(best_cpu, cpu_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, result


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
    lint_cpu, lint_wall, diff_cpu, diff_wall = [], [], [], []
    changed_items = 0
    lint_once(docs)  # warm-up
    diff_once(docs)
    for _ in range(args.repeat):  # interleaved, so a busy moment hits both alike
        cpu, wall, _ = timed(lambda: lint_once(docs), 1)
        lint_cpu.append(cpu)
        lint_wall.append(wall)
        cpu, wall, changed_items = timed(lambda: diff_once(docs), 1)
        diff_cpu.append(cpu)
        diff_wall.append(wall)
    handbook = str(Path(sys.executable).with_name("handbook"))
    cli_diff = subprocess_time([handbook, "diff", "main", "--format", "json"], args.root)
    cli_lint = subprocess_time([handbook, "lint", "--format", "json", "--exit-zero"], args.root)
    figures = {
        "size": args.size,
        "changed_files": len(touched),
        "changed_items_reported": changed_items,
        "lint_best_cpu_s": round(min(lint_cpu), 3),
        "diff_best_cpu_s": round(min(diff_cpu), 3),
        "ratio": round(min(diff_cpu) / min(lint_cpu), 2),
        "budget": BUDGET,
        "lint_best_wall_s": round(min(lint_wall), 3),
        "diff_best_wall_s": round(min(diff_wall), 3),
        "ratio_wall": round(min(diff_wall) / min(lint_wall), 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "gate_outcomes_shared": dict(SHARED),
        "cli_lint_s": round(cli_lint, 3),
        "cli_diff_s": round(cli_diff, 3),
        "last_diff_stages_s": {k: round(v, 3) for k, v in STAGES.items()},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "diff.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    verdict = "ok" if figures["ratio"] <= BUDGET else "OVER BUDGET"
    print(
        f"{args.size} documents, {len(touched)} changed: CPU lint {figures['lint_best_cpu_s']} s, "
        f"diff {figures['diff_best_cpu_s']} s, ratio {figures['ratio']} (budget {BUDGET}: "
        f"{verdict}); wall lint {figures['lint_best_wall_s']} s, diff "
        f"{figures['diff_best_wall_s']} s, ratio {figures['ratio_wall']} (load "
        f"{figures['load_average_1m']}); CLI lint {figures['cli_lint_s']} s, CLI diff "
        f"{figures['cli_diff_s']} s (wall)"
    )
    print("last diff by stage (CPU): " + ", ".join(f"{k} {v:.2f} s" for k, v in STAGES.items()))
    print(f"base side's gate outcomes: {SHARED}")


if __name__ == "__main__":
    main()
