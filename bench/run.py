"""The benchmark of PRODUCT.md's "Fast" non-negotiable: lint time as a ratio of the floor.

For each corpus size (1,000 and 10,000 generated documents) it measures, in the same run and
interleaved round by round, the best of ``--repeat`` wall-clock times (after one warm-up) of:

- floor: walk the folder, read every file, split off the frontmatter and load it with
  PyYAML's C loader (``yaml.load(text, Loader=yaml.CSafeLoader)``), the baseline PRODUCT.md
  defines;
- lint: ``lint(settings_for_docs(docs_dir))`` in this process, settings included;
- lint without graph rules: the same with ``ignore=GRAPH_RULES``, the rules that build or
  walk a graph of items (see :data:`GRAPH_RULES`), so that the item graph is never built;
- lint CLI: ``handbook lint --format json --exit-zero --no-cache docs`` as a subprocess, interpreter
  start-up included (reported, not budgeted).

Then, for each of ``--build-sizes``, it times ``mkdocs build`` (a subprocess, Material theme,
automatic nav) in three variants, interleaved the same way: ``plugins: [search]``, ``[search,
handbook]`` (the default, which keeps item pages out of the automatic nav) and ``[search,
handbook: {nav_items: true}]`` (the same nav as without the plugin). A build that runs past
``--build-timeout`` is stopped and counted as a lower bound (Material renders the whole nav
on every page, so a nav of 10,000 pages takes the plain build far beyond any reasonable run).

When Chromium and Playwright are installed (``scripts/browser-deps.sh``), it then times the
graph explorer in the browser at 10,000 items against the same explorer on a small handbook
(``bench/explorer.py``; ``--no-explorer`` skips it): page load, a search, a focus and the hub.

It prints tables with the absolute times and the budgeted ratios (lint/floor ≤ 2.0,
lint 10k / lint 1k ≤ 11, graph rules add ≤ 15 % to lint at 10k, the plugin's default build ≤
1.10 × the build without it at 1k, each explorer step at 10k within a few times the small
handbook's: ``explorer.RATIO_BUDGETS``) and writes the figures to ``bench/out/results.json``.
Best CPU times are reported beside them: on a shared machine they move much less than wall-clock.
Each timed run first waits (``--quiet``) for other processes to leave the CPUs alone, and the
run warns when the machine stayed busy or when handbook's sources changed while it ran.

Then (``--no-world`` skips it; ``--world-only`` runs only it) the corpora like the world of
``bench/world.py``: the clean, findings, containers and long flavors of ``bench/corpus.py`` at
``--sizes`` (``--large`` adds 50,000), lint and the floor as whole processes with their peak
RSS, warm and one-file-edited runs from the cache, and the peak memory of ``mkdocs build``
with the plugin at ``--build-rss-size`` documents. The peers are compared by hand:
``bench/peers.md``.

``--profile`` runs lint once on the 10k corpus under cProfile instead and prints the top
functions by cumulative and by own time (the raw profile goes to ``bench/out/lint-10k.prof``).
``--profile-build`` does the same for an in-process ``mkdocs build`` with the plugin on the
smallest of ``--build-sizes`` (``bench/out/build-1k.prof``). cProfile inflates code made of
many small calls; ``bench/stages.py`` times each stage and rule without it.

Usage: ``make bench``, or ``.venv/bin/python bench/run.py [--sizes 1000 10000] [--repeat 5]
[--no-build | --build-sizes 1000] [--build-timeout 150] [--no-explorer] [--check]``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import inspect
import io
import json
import logging
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_generator  # noqa: E402
import explorer  # noqa: E402
import world  # noqa: E402
from floor import floor  # noqa: E402

from handbook import lint, settings_for_docs  # noqa: E402
from handbook.rules import ALL_RULES  # noqa: E402

OUT = HERE / "out"
SIZES = (1_000, 10_000)
SEED = 20251127
RATIO_BUDGET = 2.0
GROWTH_BUDGET = 11.0

# The rules that need a graph of items: HB210 and HB501-HB505 read ``LintContext.graph`` (the
# networkx MultiDiGraph built on first use), HB204 builds its own networkx DiGraph of the
# supersedes relations and walks its strongly connected components. The rules that only read
# ``context.references`` (HB202, HB203, HB205, HB206, HB208, HB209, HB506) stay in both runs:
# references are collected whether or not the graph is built, and the graph is built from
# them. ``graph_rules_checked`` fails the run when this list drifts from the rules' sources.
GRAPH_RULES = ("HB204", "HB210", "HB405", "HB501", "HB502", "HB503", "HB504", "HB505")
GRAPH_BUDGET = 0.15
"""Graph construction plus the graph rules may add this share to lint, at GRAPH_BUDGET_SIZE."""
GRAPH_BUDGET_SIZE = 10_000

BUILD_SIZES = (1_000, 10_000)
BUILD_BUDGET = 1.10
"""The default plugin build over the build without it, at BUILD_BUDGET_SIZE."""
BUILD_BUDGET_SIZE = 1_000
BUILD_TIMEOUT = 150.0
# variant: (title, plugins besides search: None for none, else the handbook options)
BUILD_VARIANTS: dict[str, tuple[str, dict[str, object] | None]] = {
    "plain": ("build: search only", None),
    "handbook": ("build: + handbook (default)", {}),
    "handbook_nav": ("build: + handbook nav_items", {"nav_items": True}),
}


# --- what is timed -----------------------------------------------------------------------


def lint_in_process(docs_dir: Path, ignore: tuple[str, ...] = ()) -> int:
    """The library entry point, with settings built inside the timed region as the CLI does."""
    result = lint(settings_for_docs(docs_dir), ignore=ignore)
    return len(result.findings)


def graph_rules_checked(docs_dir: Path) -> None:
    """Stop the run when GRAPH_RULES no longer names exactly the rules that need a graph: by
    their sources (``context.graph``, networkx), and by the run itself (ignoring them must
    leave the item graph unbuilt; linting everything must build it)."""
    codes = {rule.code for rule in ALL_RULES}
    sources = {
        rule.code: inspect.getsource(inspect.getmodule(rule.check))  # type: ignore[arg-type]
        for rule in ALL_RULES
    }
    needing = {c for c, s in sources.items() if "context.graph" in s or "networkx" in s}
    # A rule that asks a graph rule's module (HB405 asks HB501 which risks it reports).
    modules = {rule.code: rule.check.__module__.rsplit(".", 1)[-1] for rule in ALL_RULES}
    needing |= {
        code
        for code, source in sources.items()
        if any(f"import {modules[n]}" in source or f"{modules[n]}." in source for n in needing)
    }
    declared = set(GRAPH_RULES)
    if declared - codes or needing != declared:
        sys.exit(
            f"bench: GRAPH_RULES {sorted(declared)} but the rules that read context.graph or "
            f"use networkx are {sorted(needing)}: update GRAPH_RULES in bench/run.py"
        )
    without = lint(settings_for_docs(docs_dir), ignore=GRAPH_RULES)
    built = lint(settings_for_docs(docs_dir))
    # LintContext.graph is a cached_property: it is in the instance dict once built.
    if "graph" in vars(without.context) or "graph" not in vars(built.context):
        sys.exit(
            "bench: ignoring GRAPH_RULES still builds the item graph (or linting everything "
            "does not): a rule outside GRAPH_RULES reads context.graph; update GRAPH_RULES"
        )


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
        [handbook_executable(), "lint", "--format", "json", "--exit-zero", "--no-cache", "docs"],
        cwd=root,
        capture_output=True,
        check=False,
        env=world.user_environment(),
    )
    if completed.returncode != 0:
        sys.exit(
            f"bench: handbook lint failed ({completed.returncode}):\n"
            f"{completed.stderr.decode(errors='replace')}"
        )
    return len(json.loads(completed.stdout)["diagnostics"])


def build_configs(root: Path) -> dict[str, Path]:
    """Write one ``mkdocs.yml`` per build variant beside the corpus' own: its settings (and its
    handbook options, if any), the Material theme, and the variant's plugins."""
    base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    handbook_options: dict[str, object] = {}
    for entry in base.get("plugins") or []:
        if isinstance(entry, dict) and "handbook" in entry:
            handbook_options = dict(entry["handbook"] or {})
    configs = {}
    for key, (_title, options) in BUILD_VARIANTS.items():
        config = {name: value for name, value in base.items() if name not in ("plugins", "nav")}
        config["theme"] = {"name": "material"}
        plugins: list[object] = ["search"]
        if options is not None:
            merged = {**handbook_options, **options}
            plugins.append({"handbook": merged} if merged else "handbook")
        config["plugins"] = plugins
        path = root / f"mkdocs-bench-{key.replace('_', '-')}.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        configs[key] = path
    return configs


def mkdocs_build(config: Path, timeout: float | None) -> dict[str, object]:
    """``mkdocs build`` of ``config`` into a fresh folder, as a subprocess; its wall-clock and
    CPU seconds, whether it ran out of time, and what it wrote (counted after the clock)."""
    with tempfile.TemporaryDirectory(prefix="handbook-bench-site-") as site:
        command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", site]
        command += ["--config-file", str(config)]
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's banner
        gc.collect()
        cpu = cpu_seconds()
        start = time.perf_counter()
        try:
            completed = subprocess.run(
                command,
                cwd=config.parent,
                env=environment,
                capture_output=True,
                check=False,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            # run() killed the build and waited for it: its CPU time is counted.
            elapsed, used = time.perf_counter() - start, cpu_seconds() - cpu
            return {"wall": elapsed, "cpu": used, "timed_out": True, "pages": None, "nav": None}
        elapsed, used = time.perf_counter() - start, cpu_seconds() - cpu
        if completed.returncode != 0:
            sys.exit(
                f"bench: mkdocs build --config-file {config} failed ({completed.returncode}):\n"
                f"{completed.stderr.decode(errors='replace')[-3000:]}"
            )
        output = Path(site)
        home = output / "index.html"
        nav = home.read_text(encoding="utf-8").count('class="md-nav__link') if home.exists() else 0
        return {
            "wall": elapsed,
            "cpu": used,
            "timed_out": False,
            "pages": sum(1 for _ in output.rglob("*.html")),
            "nav": nav,
            "handbook_pages": (output / "handbook" / "index.html").exists(),
        }


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
    """One warm-up of each, then ``repeat`` rounds of floor, lint, lint without the graph
    rules, CLI, interleaved so that drift of the machine (thermal, other load) hits all alike."""
    docs_dir = root / "docs"
    graph_rules_checked(docs_dir)
    actions: dict[str, Callable[[], int]] = {
        "floor": lambda: floor(docs_dir),
        "lint": lambda: lint_in_process(docs_dir),
        "lint_no_graph": lambda: lint_in_process(docs_dir, GRAPH_RULES),
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
        "findings_without_graph_rules": outputs["lint_no_graph"],
    }


def measure_builds(
    root: Path, repeat: int, timeout: float | None, quiet: float
) -> dict[str, object]:
    """One warm-up build of each variant, then ``repeat`` rounds, interleaved. A variant that
    runs out of time is not run again: its time is a lower bound. With ``repeat`` 0 the
    warm-up builds are the figures (for builds that take the better part of an hour)."""
    configs = build_configs(root)
    samples: dict[str, list[float]] = {key: [] for key in configs}
    cpu: dict[str, list[float]] = {key: [] for key in configs}
    first: dict[str, dict[str, object]] = {}
    load_before = os.getloadavg()[0]
    contention: list[float | None] = []
    for key, config in configs.items():  # warm-up: page cache, .pyc files
        contention.append(wait_for_quiet(quiet))
        first[key] = mkdocs_build(config, timeout)
        if first[key]["timed_out"] or repeat == 0:
            samples[key].append(first[key]["wall"])  # type: ignore[arg-type]
            cpu[key].append(first[key]["cpu"])  # type: ignore[arg-type]
        if not first[key]["timed_out"] and first[key]["handbook_pages"] != (
            BUILD_VARIANTS[key][1] is not None
        ):
            sys.exit(f"bench: {config.name} did (not) publish the handbook pages, unexpectedly")
        print(
            f"  warm-up build {key}: {first[key]['wall']:.1f} s"
            + (" (stopped: time limit)" if first[key]["timed_out"] else ""),
            flush=True,
        )
    for _ in range(repeat):
        for key, config in configs.items():
            if first[key]["timed_out"]:
                continue
            contention.append(wait_for_quiet(quiet))
            done = mkdocs_build(config, timeout)
            if done["timed_out"]:
                sys.exit(
                    f"bench: {config.name} ran out of time on a repeat run; raise --build-timeout"
                )
            if (done["pages"], done["nav"]) != (first[key]["pages"], first[key]["nav"]):
                sys.exit(f"bench: {config.name} wrote other pages on a repeat run")
            samples[key].append(done["wall"])  # type: ignore[arg-type]
            cpu[key].append(done["cpu"])  # type: ignore[arg-type]
    return {
        "repeat": repeat,
        "timeout": timeout,
        "configs": {key: path.name for key, path in configs.items()},
        "best": {key: min(values) for key, values in samples.items()},
        "median": {key: statistics.median(values) for key, values in samples.items()},
        "cpu_best": {key: min(values) for key, values in cpu.items()},
        "samples": samples,
        "cpu_samples": cpu,
        "timed_out": {key: bool(run["timed_out"]) for key, run in first.items()},
        "pages": {key: run["pages"] for key, run in first.items()},
        "nav_links": {key: run["nav"] for key, run in first.items()},
        "load_average": [load_before, os.getloadavg()[0]],
        "busy_cpus_before_runs": contention,
    }


def verdict(value: float | None, budget: float | None, bound: str | None = None) -> str:
    """PASS or FAIL against ``budget``; UNKNOWN when a build that timed out leaves the side of
    the budget open (``bound`` says whether ``value`` is an upper or a lower bound)."""
    if budget is None:
        return ""
    if value is None:
        return "UNKNOWN"
    if bound == "at most":
        return "PASS" if value <= budget else "UNKNOWN"
    if bound == "at least":
        return "FAIL" if value > budget else "UNKNOWN"
    return "PASS" if value <= budget else "FAIL"


def ratios(
    runs: dict[int, dict[str, object]],
    sizes: list[int],
    builds: dict[int, dict[str, object]] | None = None,
) -> list[dict[str, object]]:
    """The budgeted ratios (wall-clock, as PRODUCT.md measures) and, for information, the
    same ratios in CPU time, which a busy machine disturbs much less."""

    def row(
        name: str,
        top: tuple[int, str],
        bottom: tuple[int, str],
        budget: float | None,
        overhead: bool = False,
    ) -> None:
        wall = runs[top[0]]["best"][top[1]] / runs[bottom[0]]["best"][bottom[1]]  # type: ignore[index]
        cpu = runs[top[0]]["cpu_best"][top[1]] / runs[bottom[0]]["cpu_best"][bottom[1]]  # type: ignore[index]
        if overhead:
            wall, cpu = wall - 1, cpu - 1
        rows.append(
            {
                "name": name,
                "value": wall,
                "cpu_value": cpu,
                "budget": budget,
                "verdict": verdict(wall, budget),
                "format": "overhead" if overhead else "ratio",
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
    for size in sizes:
        row(
            f"graph rules add @ {label(size)}",
            (size, "lint"),
            (size, "lint_no_graph"),
            GRAPH_BUDGET if size == GRAPH_BUDGET_SIZE else None,
            overhead=True,
        )
    for size, build in (builds or {}).items():
        for top, what in (("handbook", "default"), ("handbook_nav", "nav_items")):
            budget = BUILD_BUDGET if size == BUILD_BUDGET_SIZE and top == "handbook" else None
            rows.append(build_ratio(f"build {what}/plain @ {label(size)}", build, top, budget))
    return rows


def build_ratio(
    name: str, build: dict[str, object], top: str, budget: float | None
) -> dict[str, object]:
    """``top``'s build over the plain build; a bound when one of them ran out of time."""
    timed_out: dict[str, bool] = build["timed_out"]  # type: ignore[assignment]
    bound = None
    if timed_out[top] and timed_out["plain"]:
        wall = cpu = None
    else:
        wall = build["best"][top] / build["best"]["plain"]  # type: ignore[index]
        cpu = build["cpu_best"][top] / build["cpu_best"]["plain"]  # type: ignore[index]
        if timed_out["plain"]:
            bound = "at most"
        elif timed_out[top]:
            bound = "at least"
    return {
        "name": name,
        "value": wall,
        "cpu_value": cpu,
        "budget": budget,
        "verdict": verdict(wall, budget, bound),
        "format": "ratio",
        "bound": bound,
    }


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def busy(
    runs: dict[int, dict[str, object]], builds: dict[int, dict[str, object]] | None = None
) -> str | None:
    """Why the wall-clock figures may be inflated by other work on the machine, if they are."""
    cpus = os.cpu_count() or 1
    everything = [*runs.values(), *(builds or {}).values()]
    load = max(max(run["load_average"]) for run in everything)  # type: ignore[call-overload]
    # Builds write hundreds of megabytes: their wall-clock stretches over CPU time by design.
    stretch = max(
        run["best"][name] / max(run["cpu_best"][name], 1e-9)  # type: ignore[index]
        for run in runs.values()
        for name in ("floor", "lint")
    )
    readings = [b for run in everything for b in run["busy_cpus_before_runs"] if b is not None]  # type: ignore[attr-defined]
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
    runs: dict[int, dict[str, object]],
    rows: list[dict[str, object]],
    repeat: int,
    builds: dict[int, dict[str, object]] | None = None,
    explorer_figures: dict[str, object] | None = None,
) -> None:
    names = {
        "floor": "floor (read + CSafeLoader)",
        "lint": "lint (in-process)",
        "lint_no_graph": "lint without graph rules",
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
    if builds:
        print_builds(builds)
    if explorer_figures is not None:
        explorer.print_explorer(explorer_figures)
    print()
    print(f"  {'ratio':32}{'wall':>8}{'cpu':>8}{'budget':>10}  verdict")
    for row in rows:
        print(
            f"  {row['name']:32}{shown(row, 'value'):>8}{shown(row, 'cpu_value'):>8}"
            f"{shown_budget(row):>10}  {row['verdict']}"
        )
    failed = [r for r in rows if r["verdict"] in ("FAIL", "UNKNOWN")]
    print()
    warning = busy(runs, builds)
    if warning:
        print(f"WARNING: {warning}")
    print(
        "RESULT:",
        "FAIL (" + ", ".join(f"{r['name']}: {r['verdict']}" for r in failed) + ")"
        if failed
        else "PASS",
    )


def print_builds(builds: dict[int, dict[str, object]]) -> None:
    sizes = sorted(builds)
    print()
    print(
        "mkdocs build (subprocess, Material theme, automatic nav), seconds: wall-clock best "
        "after a warm-up, its median, the best CPU time; HTML pages written and nav links on "
        "the home page; '>' a build stopped at the time limit"
    )
    heading = ""
    for size in sizes:
        title = f"{label(size)} docs (best of {builds[size]['repeat']}): best  median     cpu"
        heading += f"{title + '   pages   nav':>58}"
    print(f"  {'':28}{heading}")
    for key, (title, _options) in BUILD_VARIANTS.items():
        cells = ""
        for size in sizes:
            build = builds[size]
            if build["timed_out"][key]:  # type: ignore[index]
                best = f">{build['best'][key]:.1f}"  # type: ignore[index]
                median = cpu = pages = nav = "-"
            else:
                best = f"{build['best'][key]:.2f}"  # type: ignore[index]
                median = f"{build['median'][key]:.2f}"  # type: ignore[index]
                cpu = f"{build['cpu_best'][key]:.2f}"  # type: ignore[index]
                pages = str(build["pages"][key])  # type: ignore[index]
                nav = str(build["nav_links"][key])  # type: ignore[index]
            cells += f"{best:>28}{median:>8}{cpu:>8}{pages:>8}{nav:>6}"
        print(f"  {title:28}{cells}")


def shown(row: dict[str, object], key: str) -> str:
    value = row[key]
    if value is None:
        return "n/a"
    assert isinstance(value, float)
    text = f"{value:+.1%}" if row.get("format") == "overhead" else f"{value:.2f}"
    return {"at most": "<", "at least": ">"}.get(str(row.get("bound")), "") + text


def shown_budget(row: dict[str, object]) -> str:
    budget = row["budget"]
    if budget is None:
        return "(info)"
    assert isinstance(budget, float)
    return f"<= {budget:.0%}" if row.get("format") == "overhead" else f"<= {budget:.1f}"


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


def world_run(args: argparse.Namespace) -> dict[str, object]:
    """The corpora like the world (``bench/world.py``) and the peak memory of a build."""
    sizes = sorted({*args.sizes, *([50_000] if args.large else [])})
    results = world.measure_world(
        args.flavors, sizes, args.out, args.seed, args.world_repeat, args.quiet, wait_for_quiet
    )
    rows = world.world_rows(results)
    build = None
    if not args.no_build and args.build_rss_size:
        size = args.build_rss_size
        root = args.out / f"corpus-{size}"
        if not (root / "docs").is_dir():
            generate([size], args.out, args.seed)
        print(f"world: mkdocs build of {size} documents with the plugin, peak memory ...")
        build = world.build_rss(root, build_configs(root)["handbook"])
    world.print_world(results, rows)
    if build is not None:
        print(
            f"  mkdocs build + handbook @ {label(args.build_rss_size)}: "
            f"{build['wall']:.1f} s, peak RSS {build['rss_mb']:.0f} MB"
        )
    return {
        "sizes": sizes,
        "results": {f: {str(n): v for n, v in by.items()} for f, by in results.items()},
        "ratios": rows,
        "build_rss": build,
        "load_average": os.getloadavg(),
    }


def world_only(args: argparse.Namespace) -> int:
    figures = world_run(args)
    failed = [r for r in figures["ratios"] if r["verdict"] == "FAIL"]  # type: ignore[attr-defined]
    print()
    print("RESULT:", "FAIL (" + ", ".join(r["name"] for r in failed) + ")" if failed else "PASS")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "world.json"
    figures["timestamp"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    figures["code"] = code_under_test()
    figures["environment"] = environment()
    target.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {target}")
    return 1 if args.check and failed else 0


def run(args: argparse.Namespace) -> int:
    sizes = sorted(args.sizes)
    code = code_under_test()
    print(
        f"handbook {code['version']} from {code['path']} (commit {code['commit']}, "
        f"{code['uncommitted_files']} uncommitted files in the package)"
    )
    build_sizes = [] if args.no_build else sorted(args.build_sizes)
    stats = generate(sorted({*sizes, *build_sizes}), args.out, args.seed)
    runs: dict[int, dict[str, object]] = {}
    for size in sizes:
        print(f"measuring {size} documents ...", flush=True)
        runs[size] = measure(args.out / f"corpus-{size}", args.repeat, not args.no_cli, args.quiet)
    builds: dict[int, dict[str, object]] = {}
    for size in build_sizes:
        repeat = args.build_repeat if size <= 2_000 else args.build_repeat_large
        print(f"building {size} documents with mkdocs (best of {repeat}) ...", flush=True)
        builds[size] = measure_builds(
            args.out / f"corpus-{size}", repeat, args.build_timeout or None, args.quiet
        )
    explorer_figures: dict[str, object] | None = None
    if not args.no_explorer:
        reason = explorer.available()
        if reason:
            print(f"graph explorer: not measured ({reason})")
        else:
            print(
                f"measuring the graph explorer in Chromium (best of {args.explorer_repeat}) ...",
                flush=True,
            )
            explorer_figures = explorer.measure_explorer(args.explorer_repeat)
    rows = ratios(runs, sizes, builds)
    if explorer_figures is not None:
        rows += explorer.explorer_ratios(explorer_figures)
    world_figures = None if args.no_world else world_run(args)
    if world_figures is not None:
        rows += world_figures["ratios"]  # type: ignore[arg-type]
    changed = source_hash(Path(str(code["path"]))) != code["source_hash"]
    print_table(runs, rows, args.repeat, builds, explorer_figures)
    if changed:
        print(
            "WARNING: handbook's sources changed during the run; the CLI figures mix two "
            "versions of the code and the ratios are not trustworthy: run again"
        )
    results = {
        "version": 2,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "environment": environment(),
        "code": code,
        "repeat": args.repeat,
        "corpora": {str(size): {**stats[size], **runs.get(size, {})} for size in stats},
        "graph_rules": list(GRAPH_RULES),
        "builds": {str(size): build for size, build in builds.items()},
        "explorer": explorer_figures,
        "world": world_figures,
        "ratios": rows,
        "result": "FAIL" if any(r["verdict"] in ("FAIL", "UNKNOWN") for r in rows) else "PASS",
        "warning": busy(runs, builds),
        "code_changed_during_run": changed,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "results.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {target}")
    if args.evidence_out is not None:
        from evidence import write as write_evidence  # bench/evidence.py, beside this script

        write_evidence(results, args.evidence_out)
        print(f"evidence written to {args.evidence_out}")
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


def profile_build(args: argparse.Namespace) -> int:
    """cProfile of ``mkdocs.commands.build.build`` with the plugin's default options, in this
    process, after a first build has imported everything and warmed the page cache."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    size = min(args.build_sizes)
    generate([size], args.out, args.seed)
    config_file = build_configs(args.out / f"corpus-{size}")["handbook"]
    logging.getLogger("mkdocs").addHandler(logging.NullHandler())  # findings: not printed
    logging.getLogger("mkdocs").propagate = False
    profiler = cProfile.Profile()
    for timed_run in (False, True):
        with tempfile.TemporaryDirectory(prefix="handbook-bench-site-") as site:
            config = load_config(str(config_file), site_dir=site)
            gc.collect()
            started = time.perf_counter()
            if timed_run:
                profiler.enable()
            build(config)
            profiler.disable()
            print(
                f"{'profiled' if timed_run else 'warm-up'} build: "
                f"{time.perf_counter() - started:.1f} s"
            )
    target = args.out / f"build-{label(size)}.prof"
    profiler.dump_stats(target)
    for order, restriction in (("cumulative", ()), ("tottime", ()), ("cumulative", ("handbook",))):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats(order).print_stats(*restriction, args.top)
        where = " in handbook's code" if restriction else ""
        print(f"\n=== mkdocs build of {size} documents: top {args.top} by {order}{where} ===")
        print(text.getvalue().replace(str(HERE.parent) + "/", ""))
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
    parser.add_argument("--no-build", action="store_true", help="skip the mkdocs builds")
    parser.add_argument(
        "--no-explorer", action="store_true", help="skip the graph explorer in Chromium"
    )
    parser.add_argument(
        "--explorer-repeat",
        type=int,
        default=5,
        help="timed rounds of the graph explorer, large and small (default: 5)",
    )
    parser.add_argument(
        "--build-sizes",
        type=int,
        nargs="+",
        default=list(BUILD_SIZES),
        help="corpus sizes to build with mkdocs (default: 1000 10000)",
    )
    parser.add_argument(
        "--build-repeat",
        type=int,
        default=3,
        help="timed builds per variant, up to 2,000 documents (default: 3)",
    )
    parser.add_argument(
        "--build-repeat-large",
        type=int,
        default=1,
        help="timed builds per variant above 2,000 documents (default: 1)",
    )
    parser.add_argument(
        "--build-timeout",
        type=float,
        default=BUILD_TIMEOUT,
        metavar="SECONDS",
        help="stop a build after this long and count it as a lower bound (default: "
        f"{BUILD_TIMEOUT:.0f}; 0 for no limit: a plain Material build of 10,000 pages takes "
        "the better part of an hour)",
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="before each timed run, wait up to this long for other processes "
        "to leave the CPUs alone (default: 20; 0 to never wait)",
    )
    parser.add_argument(
        "--no-world", action="store_true", help="skip the corpora like the world (bench/world.py)"
    )
    parser.add_argument(
        "--world-only",
        action="store_true",
        help="only the corpora like the world, and the peak memory of a build",
    )
    parser.add_argument(
        "--flavors",
        nargs="+",
        choices=corpus_generator.FLAVORS,
        default=list(corpus_generator.FLAVORS),
        help="corpus flavors of the world runs (default: all)",
    )
    parser.add_argument(
        "--large", action="store_true", help="add 50,000 documents to the world runs (slow)"
    )
    parser.add_argument(
        "--world-repeat", type=int, default=3, help="timed rounds per world measurement"
    )
    parser.add_argument(
        "--build-rss-size",
        type=int,
        default=10_000,
        help="documents of the build whose peak memory is measured (0: none; default 10000)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument(
        "--evidence-out", type=Path, help="also write the ratios as an evidence file (evidence.py)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile lint on the largest corpus instead of benchmarking",
    )
    parser.add_argument(
        "--profile-build",
        action="store_true",
        help="profile an in-process mkdocs build with the plugin on the smallest build size",
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = parser.parse_args()
    args.out = args.out.resolve()
    if args.profile_build:
        return profile_build(args)
    if args.world_only:
        return world_only(args)
    return profile(args) if args.profile else run(args)


if __name__ == "__main__":
    sys.exit(main())
