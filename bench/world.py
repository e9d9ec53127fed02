"""Lint on corpora like the world's, as whole processes: time against the floor, peak memory,
warm runs from the cache, and the peak memory of ``mkdocs build``.

For each flavor of :mod:`corpus` (clean, findings, containers, long) and each size, in the
same run and interleaved round by round, best of ``repeat`` wall-clock times of:

- floor: ``python bench/floor.py docs`` (read + split + CSafeLoader), one process;
- cold: ``handbook lint --format json --exit-zero --no-cache docs``, one process;
- warm: the same without ``--no-cache`` after a run that filled ``.cache/handbook/``;
- edited: the same after one file's body was edited (a different file each round).

The peak resident set size of each run comes from ``bench/peak.py``: the child's own
``ru_maxrss`` (from ``os.wait4``, in a parent too small to inflate it), or, when the run
forks a second process (a cold lint on two CPUs), the peak of both processes' resident
sizes summed, whichever is larger. Warm and edited runs must report exactly the
findings of a cold run of the same files: the benchmark stops when they do not.

Used by ``bench/run.py`` (``--no-world`` skips it, ``--large`` adds 50,000 documents).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import corpus as corpus_generator

HERE = Path(__file__).resolve().parent
FLOOR = HERE / "floor.py"
PEAK = HERE / "peak.py"

COLD_BUDGET = {"clean": 1.8, "findings": 2.2}
"""lint (cold, whole process) over the floor, at BUDGET_SIZES."""
BUDGET_SIZES = (10_000, 50_000)
WARM_BUDGET = 0.3
EDITED_BUDGET = 0.4
WARM_BUDGET_SIZE = 10_000
RSS_BUDGET_MB = 400.0
RSS_BUDGET_SIZE = 50_000
GROWTH_BUDGET = 5.5
"""50,000 documents over 10,000, in time and in memory."""


def handbook_executable() -> str:
    beside = Path(sys.executable).parent / "handbook"
    if beside.exists():
        return str(beside)
    found = shutil.which("handbook")
    if found is None:
        sys.exit("bench: the 'handbook' command is not installed in this environment")
    return found


def user_environment() -> dict[str, str]:
    """The environment of the measured processes: this one's, with Python's bytecode caches
    allowed. An installed handbook has its modules compiled (pip compiles them), as PyYAML's
    are for the floor; under ``PYTHONDONTWRITEBYTECODE`` an editable checkout would compile
    every module of handbook on every run (about half a second), which no user pays."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(command: list[str], cwd: Path) -> dict[str, object]:
    """Wall-clock, CPU seconds and peak RSS (MB) of one process, with its standard output,
    as ``bench/peak.py`` measures them (from a small parent, see there)."""
    done = subprocess.run(
        [sys.executable, str(PEAK), *command],
        cwd=cwd,
        capture_output=True,
        check=False,
        env=user_environment(),
    )
    figures = json.loads(done.stderr.decode(errors="replace").rstrip().rsplit("\n", 1)[-1])
    if figures["returncode"] != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({figures['returncode']}) in {cwd}")
    return {
        "wall": figures["wall"],
        "cpu": figures["cpu"],
        "rss_mb": figures["rss_mb"],
        "output": done.stdout,
    }


def supports_no_cache() -> bool:
    done = subprocess.run(
        [handbook_executable(), "lint", "--help"], capture_output=True, text=True, check=False
    )
    return "--no-cache" in done.stdout


def lint_command(cache: bool, no_cache_flag: bool) -> list[str]:
    command = [handbook_executable(), "lint", "--format", "json", "--exit-zero"]
    if not cache and no_cache_flag:
        command.append("--no-cache")
    return [*command, "docs"]


def diagnostics(output: bytes) -> list[object]:
    return json.loads(output)["diagnostics"]  # type: ignore[no-any-return]


def edit(root: Path, round_number: int) -> Path:
    """Append a sentence to the body of one decision record (another one each round)."""
    decisions = sorted((root / "docs" / "decisions").glob("*.md"))
    target = decisions[(round_number * 7919) % len(decisions)]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"\nEdited in round {round_number} of the benchmark.\n")
    return target


def measure_corpus(root: Path, repeat: int, quiet: float, wait) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The interleaved rounds on one generated corpus."""
    no_cache_flag = supports_no_cache()
    cache_dir = root / ".cache"
    floor_command = [sys.executable, str(FLOOR), "docs"]
    samples: dict[str, list[dict[str, object]]] = {"floor": [], "cold": []}
    reference: list[object] | None = None
    run_process(floor_command, root)  # warm-up: page cache
    for _ in range(repeat):
        for name, command in (
            ("floor", floor_command),
            ("cold", lint_command(False, no_cache_flag)),
        ):
            shutil.rmtree(cache_dir, ignore_errors=True)
            wait(quiet)
            done = run_process(command, root)
            if name == "cold":
                found = diagnostics(done.pop("output"))  # type: ignore[arg-type]
                if reference is not None and found != reference:
                    sys.exit(f"bench: cold lint of {root} gave other findings on a repeat run")
                reference = found
            else:
                done.pop("output")
            samples[name].append(done)
    figures: dict[str, object] = {"no_cache_flag": no_cache_flag}
    if no_cache_flag:
        shutil.rmtree(cache_dir, ignore_errors=True)
        run_process(lint_command(True, no_cache_flag), root)  # fills the cache
        samples["warm"], samples["edited"] = [], []
        for _ in range(repeat):
            wait(quiet)
            done = run_process(lint_command(True, no_cache_flag), root)
            if diagnostics(done.pop("output")) != reference:  # type: ignore[arg-type]
                sys.exit(f"bench: a warm lint of {root} gave other findings than a cold one")
            samples["warm"].append(done)
        for round_number in range(repeat):
            edit(root, round_number)
            wait(quiet)
            done = run_process(lint_command(True, no_cache_flag), root)
            warm_found = diagnostics(done.pop("output"))  # type: ignore[arg-type]
            samples["edited"].append(done)
        cold_after = run_process(lint_command(False, no_cache_flag), root)
        if diagnostics(cold_after["output"]) != warm_found:  # type: ignore[arg-type]
            sys.exit(f"bench: lint of {root} after an edit gave other findings than a cold run")
        figures["cache_bytes"] = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file())
    for name, runs in samples.items():
        best = min(runs, key=lambda run: run["wall"])  # type: ignore[arg-type, return-value]
        figures[name] = {
            "best": best["wall"],
            "cpu_best": min(run["cpu"] for run in runs),  # type: ignore[type-var]
            "rss_mb": max(run["rss_mb"] for run in runs),  # type: ignore[type-var]
            "samples": [run["wall"] for run in runs],
        }
    figures["findings"] = len(reference or [])
    return figures


def measure_world(
    flavors: list[str], sizes: list[int], out: Path, seed: int, repeat: int, quiet: float, wait
) -> dict[str, dict[int, dict[str, object]]]:  # type: ignore[no-untyped-def]
    results: dict[str, dict[int, dict[str, object]]] = {}
    for flavor in flavors:
        results[flavor] = {}
        for size in sizes:
            root = out / f"world-{flavor}-{size}"
            started = time.perf_counter()
            stats = corpus_generator.generate(size, root, seed, flavor)
            print(
                f"world: {flavor} corpus of {size} documents ({stats['items']} items, "
                f"{stats['bytes'] / 1e6:.0f} MB, generated in "
                f"{time.perf_counter() - started:.0f} s); measuring ...",
                flush=True,
            )
            figures = measure_corpus(root, repeat, quiet, wait)
            figures["corpus"] = stats
            results[flavor][size] = figures
            shutil.rmtree(root, ignore_errors=True)  # 50,000 long documents are a gigabyte
    return results


def build_rss(root: Path, config: Path) -> dict[str, object]:
    """One ``mkdocs build`` of ``config`` (a subprocess): its time and peak memory."""
    site = root / "site-rss"
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)]
    done = run_process([*command, "--config-file", str(config)], root)
    shutil.rmtree(site, ignore_errors=True)
    done.pop("output")
    return done


def world_rows(results: dict[str, dict[int, dict[str, object]]]) -> list[dict[str, object]]:
    """The ratios, with their budgets where the issue set one."""
    rows: list[dict[str, object]] = []

    def add(name: str, value: float, budget: float | None, unit: str = "ratio") -> None:
        verdict = "" if budget is None else ("PASS" if value <= budget else "FAIL")
        rows.append(
            {
                "name": name,
                "value": value,
                "budget": budget,
                "verdict": verdict,
                "format": unit,
            }
        )

    for flavor, by_size in results.items():
        for size, figures in sorted(by_size.items()):
            tag = f"{flavor} @ {size // 1000}k" if size % 1000 == 0 else f"{flavor} @ {size}"
            floor = figures["floor"]["best"]  # type: ignore[index]
            cold = figures["cold"]  # type: ignore[index]
            budget = COLD_BUDGET.get(flavor) if size in BUDGET_SIZES else None
            add(f"cold/floor {tag}", cold["best"] / floor, budget)  # type: ignore[index]
            # CPU time (user + system): what a machine shared with other work disturbs least.
            cpu_floor = figures["floor"]["cpu_best"]  # type: ignore[index]
            add(f"cold/floor CPU {tag}", cold["cpu_best"] / cpu_floor, budget)  # type: ignore[index]
            if "warm" in figures:
                warm_budget = WARM_BUDGET if size == WARM_BUDGET_SIZE else None
                edited_budget = EDITED_BUDGET if size == WARM_BUDGET_SIZE else None
                add(f"warm/floor {tag}", figures["warm"]["best"] / floor, warm_budget)  # type: ignore[index]
                add(f"edited/floor {tag}", figures["edited"]["best"] / floor, edited_budget)  # type: ignore[index]
                # CPU beside wall-clock, as for cold runs (information: the budgets are wall's).
                add(f"warm/floor CPU {tag}", figures["warm"]["cpu_best"] / cpu_floor, None)  # type: ignore[index]
                add(f"edited/floor CPU {tag}", figures["edited"]["cpu_best"] / cpu_floor, None)  # type: ignore[index]
            rss_budget = RSS_BUDGET_MB if size == RSS_BUDGET_SIZE else None
            add(f"cold peak RSS MB {tag}", cold["rss_mb"], rss_budget, "mb")  # type: ignore[index]
        if 10_000 in by_size and 50_000 in by_size:
            small, large = by_size[10_000]["cold"], by_size[50_000]["cold"]
            add(f"cold time 50k/10k {flavor}", large["best"] / small["best"], GROWTH_BUDGET)  # type: ignore[index]
            add(f"cold RSS 50k/10k {flavor}", large["rss_mb"] / small["rss_mb"], GROWTH_BUDGET)  # type: ignore[index]
            add(f"cold CPU 50k/10k {flavor}", large["cpu_best"] / small["cpu_best"], GROWTH_BUDGET)  # type: ignore[index]
    return rows


def print_world(
    results: dict[str, dict[int, dict[str, object]]], rows: list[dict[str, object]]
) -> None:
    print()
    print(
        "Corpora like the world, whole processes: wall-clock seconds (best), peak RSS in MB; "
        "floor = bench/floor.py, cold = lint --no-cache, warm = unchanged files, "
        "edited = one file changed"
    )
    print(
        f"  {'flavor':11}{'docs':>7}{'items':>8}{'findings':>9}"
        f"{'floor':>8}{'cold':>8}{'warm':>8}{'edited':>8}"
        f"{'floor MB':>10}{'cold MB':>9}{'warm MB':>9}"
    )
    for flavor, by_size in results.items():
        for size, f in sorted(by_size.items()):

            def cell(name: str, key: str, width: int, fmt: str, f: dict[str, object] = f) -> str:
                value = f.get(name, {}).get(key)  # type: ignore[attr-defined]
                return f"{'-':>{width}}" if value is None else f"{value:>{width}{fmt}}"

            print(
                f"  {flavor:11}{size:>7}{f['corpus']['items']:>8}{f['findings']:>9}"  # type: ignore[index]
                + cell("floor", "best", 8, ".2f")
                + cell("cold", "best", 8, ".2f")
                + cell("warm", "best", 8, ".2f")
                + cell("edited", "best", 8, ".2f")
                + cell("floor", "rss_mb", 10, ".0f")
                + cell("cold", "rss_mb", 9, ".0f")
                + cell("warm", "rss_mb", 9, ".0f")
            )
    print()
    print(f"  {'ratio':36}{'value':>9}{'budget':>10}  verdict")
    for row in rows:
        value = row["value"]
        budget = row["budget"]
        shown = f"{value:.0f}" if row["format"] == "mb" else f"{value:.2f}"
        limit = "(info)" if budget is None else f"<= {budget:g}"
        print(f"  {row['name']:36}{shown:>9}{limit:>10}  {row['verdict']}")
