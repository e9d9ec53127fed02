"""The benchmark of PRODUCT.md's "Fast" non-negotiable: lint time as a ratio of the floor.

For each corpus size (1,000 and 10,000 generated documents) it measures, in the same run and
interleaved round by round, the best of ``--repeat`` wall-clock times (after one warm-up) of:

- floor: walk the folder, read every file, split off the frontmatter and load it with
  PyYAML's C loader (``yaml.load(text, Loader=yaml.CSafeLoader)``), the baseline PRODUCT.md
  defines;
- lint: ``lint(Settings.for_docs(docs_dir))`` in this process, settings included;
- lint CLI: ``handbook lint --format json --exit-zero docs`` as a subprocess, interpreter
  start-up included (reported, not budgeted).

It prints a table with the absolute times and the budgeted ratios (lint/floor ≤ 2.0,
lint 10k / lint 1k ≤ 11) and writes the figures to ``bench/out/results.json``. Best CPU times
are reported beside them: on a shared machine they move much less than wall-clock. Each timed
run first waits (``--quiet``) for other processes to leave the CPUs alone, and the run warns
when the machine stayed busy or when handbook's sources changed while it ran.

``--profile`` runs lint once on the 10k corpus under cProfile instead and prints the top
functions by cumulative and by own time (the raw profile goes to ``bench/out/lint-10k.prof``).
cProfile inflates code made of many small calls; ``bench/stages.py`` times each stage and
rule without it.

Usage: ``make bench``, or ``.venv/bin/python bench/run.py [--sizes 1000 10000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_generator  # noqa: E402

from handbook import Settings, lint  # noqa: E402

OUT = HERE / "out"
SIZES = (1_000, 10_000)
SEED = 20251127
RATIO_BUDGET = 2.0
GROWTH_BUDGET = 11.0


# --- what is timed -----------------------------------------------------------------------


def floor(docs_dir: Path) -> int:
    """Read every Markdown file and load its frontmatter with the C loader; the baseline."""
    loaded = 0
    for folder, _dirs, files in os.walk(docs_dir):
        for name in files:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if not text.startswith("---\n"):
                continue
            end = text.find("\n---\n", 3)
            if end < 0:
                continue
            yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)
            loaded += 1
    return loaded


def lint_in_process(docs_dir: Path) -> int:
    """The library entry point, with settings built inside the timed region as the CLI does."""
    result = lint(Settings.for_docs(docs_dir))
    return len(result.findings)


def handbook_executable() -> str:
    beside = Path(sys.executable).parent / "handbook"
    if beside.exists():
        return str(beside)
    found = shutil.which("handbook")
    if found is None:
        sys.exit("bench: the 'handbook' command is not installed in this environment")
    return found


def lint_cli(root: Path) -> int:
    """``handbook lint`` as a user runs it, from the project folder holding mkdocs.yml."""
    completed = subprocess.run(
        [handbook_executable(), "lint", "--format", "json", "--exit-zero", "docs"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(
            f"bench: handbook lint failed ({completed.returncode}):\n"
            f"{completed.stderr.decode(errors='replace')}"
        )
    return len(json.loads(completed.stdout)["diagnostics"])


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def busy_cpus(interval: float = 0.5) -> float | None:
    """How many CPUs other processes kept busy over ``interval`` (Linux /proc/stat), while
    this process sleeps; None where that cannot be read."""

    def sample() -> tuple[int, int] | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                fields = [int(x) for x in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    first = sample()
    time.sleep(interval)
    second = sample()
    if first is None or second is None or second[0] == first[0]:
        return None
    total, idle = second[0] - first[0], second[1] - first[1]
    return (os.cpu_count() or 1) * (total - idle) / total


def wait_for_quiet(limit: float) -> float | None:
    """Wait (up to ``limit`` seconds) until other processes use less than a quarter of a CPU,
    so that a timed run gets the machine to itself; returns the last busy-CPU reading."""
    deadline = time.monotonic() + limit
    while True:
        busy_now = busy_cpus()
        if busy_now is None or busy_now < 0.25 or time.monotonic() >= deadline:
            return busy_now
        time.sleep(1.0)


def timed(action: Callable[[], int]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds of one run of ``action``, after a full collection."""
    gc.collect()
    cpu = cpu_seconds()
    start = time.perf_counter()
    value = action()
    elapsed = time.perf_counter() - start
    return elapsed, cpu_seconds() - cpu, value


# --- the run ---------------------------------------------------------------------------


def measure(root: Path, repeat: int, with_cli: bool, quiet: float) -> dict[str, object]:
    """One warm-up of each, then ``repeat`` rounds of floor, lint, CLI, interleaved so that
    drift of the machine (thermal, other load) hits all three alike."""
    docs_dir = root / "docs"
    actions: dict[str, Callable[[], int]] = {
        "floor": lambda: floor(docs_dir),
        "lint": lambda: lint_in_process(docs_dir),
    }
    if with_cli:
        actions["lint_cli"] = lambda: lint_cli(root)
    samples: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    outputs: dict[str, int] = {}
    load_before = os.getloadavg()[0]
    for name, action in actions.items():
        _, _, outputs[name] = timed(action)  # warm-up: page cache, imports, schema cache
    contention: list[float | None] = []
    for _ in range(repeat):
        for name, action in actions.items():
            contention.append(wait_for_quiet(quiet))
            elapsed, used, value = timed(action)
            if value != outputs[name]:
                sys.exit(f"bench: {name} gave {value}, not {outputs[name]}, on a repeat run")
            samples[name].append(elapsed)
            cpu[name].append(used)
    if with_cli and outputs["lint"] != outputs["lint_cli"]:
        sys.exit(
            f"bench: lint found {outputs['lint']} findings in-process "
            f"but {outputs['lint_cli']} from the CLI"
        )
    return {
        "best": {name: min(values) for name, values in samples.items()},
        "median": {name: statistics.median(values) for name, values in samples.items()},
        "cpu_best": {name: min(values) for name, values in cpu.items()},
        "samples": samples,
        "cpu_samples": cpu,
        "load_average": [load_before, os.getloadavg()[0]],
        "busy_cpus_before_runs": contention,
        "frontmatters_loaded": outputs["floor"],
        "findings": outputs["lint"],
    }


def verdict(value: float, budget: float | None) -> str:
    if budget is None:
        return ""
    return "PASS" if value <= budget else "FAIL"


def ratios(runs: dict[int, dict[str, object]], sizes: list[int]) -> list[dict[str, object]]:
    """The budgeted ratios (wall-clock, as PRODUCT.md measures) and, for information, the
    same ratios in CPU time, which a busy machine disturbs much less."""

    def row(name: str, top: tuple[int, str], bottom: tuple[int, str], budget: float | None) -> None:
        wall = runs[top[0]]["best"][top[1]] / runs[bottom[0]]["best"][bottom[1]]  # type: ignore[index]
        cpu = runs[top[0]]["cpu_best"][top[1]] / runs[bottom[0]]["cpu_best"][bottom[1]]  # type: ignore[index]
        rows.append(
            {
                "name": name,
                "value": wall,
                "cpu_value": cpu,
                "budget": budget,
                "verdict": verdict(wall, budget),
            }
        )

    rows: list[dict[str, object]] = []
    for size in sizes:
        row(f"lint/floor @ {label(size)}", (size, "lint"), (size, "floor"), RATIO_BUDGET)
        if "lint_cli" in runs[size]["best"]:  # type: ignore[operator]
            row(f"lint CLI/floor @ {label(size)}", (size, "lint_cli"), (size, "floor"), None)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = GROWTH_BUDGET * (large / small) / 10
        row(f"lint {label(large)} / lint {label(small)}", (large, "lint"), (small, "lint"), growth)
        row(
            f"floor {label(large)} / floor {label(small)}", (large, "floor"), (small, "floor"), None
        )
    return rows


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def busy(runs: dict[int, dict[str, object]]) -> str | None:
    """Why the wall-clock figures may be inflated by other work on the machine, if they are."""
    cpus = os.cpu_count() or 1
    load = max(max(run["load_average"]) for run in runs.values())  # type: ignore[call-overload]
    stretch = max(
        run["best"][name] / max(run["cpu_best"][name], 1e-9)  # type: ignore[index]
        for run in runs.values()
        for name in ("floor", "lint")
    )
    readings = [b for run in runs.values() for b in run["busy_cpus_before_runs"] if b is not None]  # type: ignore[attr-defined]
    noisy = sum(1 for b in readings if b >= 0.25)
    if stretch > 1.15 or (readings and noisy > len(readings) / 2):
        return (
            f"the machine was busy ({noisy} of {len(readings)} runs started while other "
            f"processes kept >= 0.25 CPU busy; load average up to {load:.1f} on {cpus} "
            f"CPUs; best runs up to {stretch:.2f}x their CPU time): figures may be "
            "inflated; rerun on a quiet machine"
        )
    return None


def print_table(
    runs: dict[int, dict[str, object]], rows: list[dict[str, object]], repeat: int
) -> None:
    names = {
        "floor": "floor (read + CSafeLoader)",
        "lint": "lint (in-process)",
        "lint_cli": "lint CLI (subprocess)",
    }
    sizes = sorted(runs)
    print()
    print(
        f"Seconds: wall-clock best of {repeat} after a warm-up, its median, and the best "
        "CPU time (user + system)"
    )
    print(f"  {'':28}" + "".join(f"{label(s) + ' docs: best  median     cpu':>34}" for s in sizes))
    for key, title in names.items():
        if key not in runs[sizes[0]]["best"]:  # type: ignore[operator]
            continue
        cells = ""
        for size in sizes:
            run = runs[size]
            cells += (
                f"{run['best'][key]:>18.3f}{run['median'][key]:>8.3f}"  # type: ignore[index]
                f"{run['cpu_best'][key]:>8.3f}"
            )  # type: ignore[index]
        print(f"  {title:28}{cells}")
    print()
    print(f"  {'ratio':28}{'wall':>8}{'cpu':>8}{'budget':>10}  verdict")
    for row in rows:
        budget = f"<= {row['budget']:.1f}" if row["budget"] is not None else "(info)"
        print(
            f"  {row['name']:28}{row['value']:>8.2f}{row['cpu_value']:>8.2f}{budget:>10}"
            f"  {row['verdict']}"
        )
    failed = [r for r in rows if r["verdict"] == "FAIL"]
    print()
    warning = busy(runs)
    if warning:
        print(f"WARNING: {warning}")
    print(
        "RESULT:", "FAIL (" + ", ".join(str(r["name"]) for r in failed) + ")" if failed else "PASS"
    )


def code_under_test() -> dict[str, object]:
    """Which handbook is measured: where it is imported from and the git state of that tree."""
    import handbook

    package = Path(handbook.__file__).resolve().parent
    info: dict[str, object] = {"version": handbook.__version__, "path": str(package)}

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=package, capture_output=True, text=True, check=False, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    info["commit"] = git("rev-parse", "--short", "HEAD")
    status = git("status", "--porcelain", "--", ".")
    info["uncommitted_files"] = None if status is None else len(status.splitlines())
    info["source_hash"] = source_hash(package)
    return info


def source_hash(package: Path) -> str:
    """A digest of the package's sources, to notice code that changes during a run (the CLI
    subprocess imports it afresh each time; this process imported it once)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def environment() -> dict[str, object]:
    import jsonschema_rs

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "pyyaml": yaml.__version__,
        "libyaml": yaml.__with_libyaml__,
        "jsonschema_rs": getattr(jsonschema_rs, "__version__", "unknown"),
    }


def generate(sizes: list[int], out: Path, seed: int) -> dict[int, dict[str, object]]:
    stats = {}
    for size in sizes:
        root = out / f"corpus-{size}"
        started = time.perf_counter()
        stats[size] = corpus_generator.generate(size, root, seed)
        print(
            f"generated {size} documents in {root} ({time.perf_counter() - started:.1f} s, "
            f"{stats[size]['bytes'] / 1e6:.1f} MB, {stats[size]['items']} items)"
        )
    return stats


def run(args: argparse.Namespace) -> int:
    sizes = sorted(args.sizes)
    code = code_under_test()
    print(
        f"handbook {code['version']} from {code['path']} (commit {code['commit']}, "
        f"{code['uncommitted_files']} uncommitted files in the package)"
    )
    stats = generate(sizes, args.out, args.seed)
    runs: dict[int, dict[str, object]] = {}
    for size in sizes:
        print(f"measuring {size} documents ...", flush=True)
        runs[size] = measure(args.out / f"corpus-{size}", args.repeat, not args.no_cli, args.quiet)
    rows = ratios(runs, sizes)
    changed = source_hash(Path(str(code["path"]))) != code["source_hash"]
    print_table(runs, rows, args.repeat)
    if changed:
        print(
            "WARNING: handbook's sources changed during the run; the CLI figures mix two "
            "versions of the code and the ratios are not trustworthy: run again"
        )
    results = {
        "version": 1,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "environment": environment(),
        "code": code,
        "repeat": args.repeat,
        "corpora": {str(size): {**stats[size], **runs[size]} for size in sizes},
        "ratios": rows,
        "result": "FAIL" if any(r["verdict"] == "FAIL" for r in rows) else "PASS",
        "warning": busy(runs),
        "code_changed_during_run": changed,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "results.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {target}")
    return 1 if args.check and results["result"] == "FAIL" else 0


def profile(args: argparse.Namespace) -> int:
    size = max(args.sizes)
    generate([size], args.out, args.seed)
    docs_dir = args.out / f"corpus-{size}" / "docs"
    lint_in_process(docs_dir)  # warm the page cache, as in the timed runs
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    lint_in_process(docs_dir)
    profiler.disable()
    target = args.out / f"lint-{label(size)}.prof"
    profiler.dump_stats(target)
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(args.top)
        print(f"\n=== lint on {size} documents: top {args.top} by {order} ===")
        print(text.getvalue())
    print(f"raw profile written to {target} (open with: python -m pstats {target})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(SIZES),
        help="corpus sizes, smallest first (default: 1000 10000)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--seed", type=int, default=SEED, help="corpus generator seed")
    parser.add_argument("--out", type=Path, default=OUT, help="where corpora and results go")
    parser.add_argument("--no-cli", action="store_true", help="skip the subprocess runs")
    parser.add_argument(
        "--quiet",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="before each timed run, wait up to this long for other processes "
        "to leave the CPUs alone (default: 20; 0 to never wait)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile lint on the largest corpus instead of benchmarking",
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = parser.parse_args()
    args.out = args.out.resolve()
    return profile(args) if args.profile else run(args)


if __name__ == "__main__":
    sys.exit(main())
