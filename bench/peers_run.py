"""Run the peers side by side in one sitting, as bench/peers.md describes, and print the ratios.

On one 1,000-document corpus (``bench/corpus.py``), each round runs every tool once through
``bench/peak.py`` (whole process: wall-clock, CPU of the process and its children, peak RSS),
tool after tool, with ``uptime`` before and after the round:

- ``handbook lint --no-cache --exit-zero --format json docs`` (this environment's handbook);
- remark-lint-frontmatter-schema: ``remark --quiet --frail docs`` with every kind's JSON
  Schema, globbed by file name (Ajv does not know draft 2020-12: the schemas are copied beside
  the corpus without their ``$schema`` key, so that their ``$ref`` resolve in the copy);
- Doorstop on the tree ``bench/peers_doorstop.py`` converts the corpus into: ``doorstop``
  (what a user types: it validates, rewrites every item in its own format and ``git add`` s
  it) and ``doorstop -F`` (validation only); one untimed ``doorstop`` first stamps the new
  items and links, as a repository in use has them;
- ``mkdocs build`` with the Material theme and ``search``: plain, with ``handbook`` (whose
  sidebar leaves the item pages out: the registers list them) and with ``handbook`` and
  ``nav_items: true`` (every page in the sidebar, as plain MkDocs has it).

The peers are not installed here; give their paths: ``npm install --no-save remark-cli
remark-frontmatter remark-lint-frontmatter-schema`` in ``--node-dir`` (default: the work
folder), and ``python3 -m venv /tmp/doorstop && /tmp/doorstop/bin/pip install 'doorstop>=3,<4'``
(``--doorstop``). A peer that is missing is skipped, and said so.

Usage: ``python bench/peers_run.py WORK_DIR [--rounds 2] [--doorstop PATH] [--node-dir DIR]``
(``WORK_DIR``, new or a past sitting's, is emptied first, apart from ``node_modules``; a
folder it did not make is refused); it prints a Markdown table
and writes ``WORK_DIR/peers.json``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import peers_doorstop  # noqa: E402

SIZE = 1_000
SEED = 20251127
SCHEMAS = HERE.parent / "schemas"
BIN = Path(sys.executable).parent
# File names of each kind's documents, for remark-lint-frontmatter-schema's globs.
SCHEMA_GLOBS = {
    "adr": ["docs/decisions/[0-9]*.md"],
    "risk": ["docs/risks/risk-*.md"],
    "risk-register": ["docs/risks/rr-*.md"],
    "runbook": ["docs/runbooks/rb-*.md"],
    "failure-mode": ["docs/failure-modes/fm-*.md"],
    "fmea": ["docs/failure-modes/fmea-*.md"],
    "threat-model": ["docs/threats/tm-*.md"],
    "threat": ["docs/threats/thr-*.md"],
    "slo": ["docs/slos/slo-*.md"],
    "release-plan": ["docs/releases/rel-*.md"],
    "experiment": ["docs/experiments/exp-*.md"],
}
MARKER = ".peers-run"
LINT_PEERS = ("remark", "doorstop", "doorstop -F")
LINT_FORMAT = ("--format", "json", "docs")
PEAK = [sys.executable, str(HERE / "peak.py")]


def uptime() -> str:
    """The load averages, as ``uptime`` gives them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def remark_setup(root: Path) -> None:
    """Copy the schemas beside the corpus without ``$schema``; write ``.remarkrc.json``."""
    copy = root / "schemas"
    copy.mkdir()
    for schema in SCHEMAS.glob("*.json"):
        data = json.loads(schema.read_text(encoding="utf-8"))
        data.pop("$schema", None)
        (copy / schema.name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    schemas = {f"schemas/{kind}.json": globs for kind, globs in SCHEMA_GLOBS.items()}
    config = {
        "plugins": ["remark-frontmatter", ["remark-lint-frontmatter-schema", {"schemas": schemas}]]
    }
    (root / ".remarkrc.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def mkdocs_configs(root: Path) -> dict[str, Path]:
    """``mkdocs.yml`` files for the plain and the handbook build, as bench/run.py writes them."""
    base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    configs = {}
    variants: tuple[tuple[str, list[object]], ...] = (
        ("plain", ["search"]),
        ("handbook", ["search", "handbook"]),
        ("handbook-nav", ["search", {"handbook": {"nav_items": True}}]),
    )
    for key, plugins in variants:
        config = {name: value for name, value in base.items() if name not in ("plugins", "nav")}
        config["theme"] = {"name": "material"}
        config["plugins"] = plugins
        config["site_dir"] = f"site-{key}"
        path = root / f"mkdocs-peers-{key}.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        configs[key] = path
    return configs


def measure(command: list[str], cwd: Path, log: Path) -> dict[str, Any]:
    """Run ``command`` through bench/peak.py; its figures, and its output kept in ``log``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        completed = subprocess.run(
            PEAK + command, cwd=cwd, env=environment, stdout=out, stderr=subprocess.PIPE
        )
    stderr = completed.stderr.decode(errors="replace")
    last = stderr.rstrip().rsplit("\n", 1)[-1]
    figures: dict[str, Any] = json.loads(last)
    log.with_suffix(".err").write_text(stderr, encoding="utf-8")
    return figures


def messages(tool: str, log: Path) -> int | None:
    """How many findings or warnings a tool reported, read from its output."""
    out = log.read_text(encoding="utf-8", errors="replace")
    err = log.with_suffix(".err").read_text(encoding="utf-8")
    if tool == "handbook":
        return len(json.loads(out)["diagnostics"]) if out.strip() else None
    if tool == "remark":
        plain = re.sub(r"\x1b\[[0-9;]*m", "", err)
        return len(re.findall(r"^\s*(?:\d+:\d+(?:-\d+:\d+)?\s+)?(?:warning|error)\s", plain, re.M))
    if tool.startswith("doorstop"):
        return len(re.findall(r"^(?:WARNING|ERROR):", err, re.M))
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a folder for the corpus, trees and logs")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--doorstop", type=Path, default=Path("/tmp/doorstop/bin/doorstop"))
    parser.add_argument("--node-dir", type=Path, help="where node_modules is (default: WORK)")
    parser.add_argument("--only", nargs="*", help="run only these tools (names as in the table)")
    parser.add_argument("--evidence-out", type=Path, help="write the ratios as an evidence file")
    parser.add_argument(
        "--from-json",
        action="store_true",
        help="print WORK/peers.json of a past sitting; run nothing",
    )
    args = parser.parse_args()
    if args.from_json:
        finish(
            json.loads((args.work / "peers.json").read_text(encoding="utf-8")), args.evidence_out
        )
        return
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    marker = work / MARKER
    kept = ("node_modules", "package-lock.json", MARKER)
    if any(entry.name not in kept for entry in work.iterdir()) and not marker.exists():
        sys.exit(f"peers_run: {work} is not empty and not a past sitting's folder; give a new one")
    for entry in work.iterdir():
        if entry.name not in kept or entry.is_symlink():
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    marker.write_text("made by bench/peers_run.py: emptied by its next run\n", encoding="utf-8")
    root = work / "corpus"
    summary = corpus.generate(SIZE, root, seed=SEED)
    tree = work / "doorstop"
    converted = peers_doorstop.convert(root, tree, drop_dangling=True)
    remark_setup(root)
    configs = mkdocs_configs(root)
    logs = work / "logs"
    logs.mkdir()

    node_dir = (args.node_dir or work).resolve()
    if node_dir != work and (node_dir / "node_modules").is_dir():
        # remark resolves its plugins from the folders above its config, the corpus.
        (work / "node_modules").unlink(missing_ok=True)
        (work / "node_modules").symlink_to(node_dir / "node_modules")
    remark = work / "node_modules" / ".bin" / "remark"
    tools: dict[str, tuple[list[str], Path]] = {
        "handbook": (
            [str(BIN / "handbook"), "lint", "--no-cache", "--exit-zero", *LINT_FORMAT],
            root,
        ),
        "remark": ([str(remark), "--quiet", "--frail", "docs"], root),
        "doorstop": ([str(args.doorstop)], tree),
        "doorstop -F": ([str(args.doorstop), "-F"], tree),
        "mkdocs plain": ([str(BIN / "mkdocs"), "build", "-q", "-f", str(configs["plain"])], root),
        "mkdocs + handbook": (
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(configs["handbook"])],
            root,
        ),
        "mkdocs + handbook nav_items": (
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(configs["handbook-nav"])],
            root,
        ),
    }
    missing = []
    if not remark.exists():
        missing.append(f"remark: no {remark} (npm install it there, or give --node-dir)")
        del tools["remark"]
    if not args.doorstop.exists():
        missing.append(f"doorstop: no {args.doorstop} (give --doorstop)")
        del tools["doorstop"], tools["doorstop -F"]
    if args.only:
        tools = {name: tool for name, tool in tools.items() if name in args.only}
    for line in missing:
        print(f"skipped {line}", file=sys.stderr)
    if "doorstop" in tools or "doorstop -F" in tools:
        # Stamp the new items and links once, untimed, as a repository in use has them.
        warm = measure([str(args.doorstop)], tree, logs / "doorstop-first.log")
        print(f"doorstop, first run (untimed round): {json.dumps(warm)}", file=sys.stderr)

    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in tools}
    loads = []
    for number in range(1, args.rounds + 1):
        before = uptime()
        for name, (command, cwd) in tools.items():
            log = logs / f"{name.replace(' ', '_').replace('+', 'and')}-{number}.log"
            figures = measure(command, cwd, log)
            figures["messages"] = messages(name, log)
            if "Cannot process file" in log.with_suffix(".err").read_text(encoding="utf-8"):
                sys.exit(f"peers_run: {name} could not process the files: see {log}.err")
            runs[name].append(figures)
            print(f"round {number} {name}: {json.dumps(figures)}", file=sys.stderr)
        loads.append({"round": number, "before": before, "after": uptime()})
        print(f"round {number}: load before {before}, after {loads[-1]['after']}", file=sys.stderr)

    report = {
        "corpus": {"documents": summary["files"], "items": summary["items"], "seed": SEED},
        "doorstop_tree": {key: converted[key] for key in ("documents", "items", "links")}
        | {"dangling_links_dropped": converted["dangling_links_dropped"]},
        "cpus": os.cpu_count(),
        "versions": versions(args.doorstop, work / "node_modules"),
        "loads": loads,
        "runs": runs,
    }
    (work / "peers.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    finish(report, args.evidence_out)


def best_of(runs: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Each tool's best CPU and wall-clock time over its rounds, and its highest peak RSS."""
    return {
        name: {
            "cpu": min(run["cpu"] for run in figures),
            "wall": min(run["wall"] for run in figures),
            "rss_mb": max(run["rss_mb"] for run in figures),
            "returncode": figures[-1]["returncode"],
            "messages": figures[-1]["messages"],
        }
        for name, figures in runs.items()
        if figures
    }


def ratios(best: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Peer time over handbook time (lint), handbook time over plain MkDocs' (build)."""
    pairs = [(f"{peer}/handbook lint", peer, "handbook") for peer in LINT_PEERS]
    pairs.append(("mkdocs + handbook/plain mkdocs", "mkdocs + handbook", "mkdocs plain"))
    pairs.append(
        ("mkdocs + handbook nav_items/plain mkdocs", "mkdocs + handbook nav_items", "mkdocs plain")
    )
    return {
        name: {
            "value": best[top]["wall"] / best[bottom]["wall"],
            "cpu_value": best[top]["cpu"] / best[bottom]["cpu"],
        }
        for name, top, bottom in pairs
        if top in best and bottom in best
    }


def versions(doorstop: Path, node_modules: Path) -> dict[str, str]:
    """The versions of the tools compared, as far as they can be read."""
    found = {"handbook": package_version("mkdocs-handbook"), "mkdocs": package_version("mkdocs")}
    found["mkdocs-material"] = package_version("mkdocs-material")
    for package in ("remark-cli", "remark-frontmatter", "remark-lint-frontmatter-schema"):
        manifest = node_modules / package / "package.json"
        if manifest.exists():
            found[package] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if doorstop.exists():
        completed = subprocess.run([str(doorstop), "--version"], capture_output=True, text=True)
        found["doorstop"] = (completed.stdout or completed.stderr).strip()
    found["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    found["node"] = found["node"].strip()
    return found


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def finish(report: dict[str, Any], evidence_out: Path | None) -> None:
    """Print the table and the ratios; write the evidence file, if asked."""
    best = best_of(report["runs"])
    found = ratios(best)
    rounds = max((len(figures) for figures in report["runs"].values()), default=0)
    print(f"| tool | CPU s (best of {rounds}) | wall s (best) | peak RSS MB | messages |")
    print("|---|--:|--:|--:|--:|")
    for name, figures in best.items():
        print(
            f"| {name} | {figures['cpu']:.2f} | {figures['wall']:.1f} | {figures['rss_mb']:.0f} "
            f"| {figures['messages']} |"
        )
    print()
    for name, ratio in found.items():
        print(f"{name}: {ratio['cpu_value']:.2f}x CPU, {ratio['value']:.2f}x wall")
    print(f"load (1, 5, 15 min) per round on {report['cpus']} CPUs: {report['loads']}")
    if evidence_out is not None:
        evidence = {
            "version": 1,
            "tool": "bench/peers_run.py",
            "corpus": report["corpus"],
            "doorstop_tree": report["doorstop_tree"],
            "cpus": report["cpus"],
            "versions": report.get("versions", {}),
            "loads": report["loads"],
            "ratios": found,
            "best": best,
        }
        evidence_out.write_text(json.dumps(evidence, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
