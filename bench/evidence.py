"""The benchmark's figures as an evidence file: ``bench/out/results.json`` (from
``bench/run.py``) turned into a small JSON file that experiments read with path expressions,
each budgeted ratio under its name: ``$.ratios['lint/floor @ 1k'].value``.

The names, not the positions, address the ratios, so an experiment's key keeps naming the
same figure when the benchmark adds a row. ``bench/run.py --evidence-out PATH`` writes it at
the end of a run; this script also converts a results file written earlier:

    .venv/bin/python bench/evidence.py [bench/out/results.json] --out docs/evidence/bench.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

VERSION = 1


def evidence_of(results: dict[str, object]) -> dict[str, object]:
    """The evidence document of one benchmark run."""
    ratios = {}
    for row in results.get("ratios") or []:  # type: ignore[union-attr]
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            ratios[row["name"]] = {
                "value": row.get("value"),
                "cpu_value": row.get("cpu_value"),
                "budget": row.get("budget"),
                "verdict": row.get("verdict"),
            }
    environment = results.get("environment")
    return {
        "version": VERSION,
        "tool": "bench/run.py",
        "timestamp": results.get("timestamp"),
        "result": results.get("result"),
        "repeat": results.get("repeat"),
        "environment": environment if isinstance(environment, dict) else {},
        "warning": results.get("warning"),
        "ratios": ratios,
    }


def write(results: dict[str, object], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(evidence_of(results), indent=2, ensure_ascii=False) + "\n"
    target.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, nargs="?", default=Path("bench/out/results.json"))
    parser.add_argument("--out", type=Path, required=True, help="the evidence file to write")
    args = parser.parse_args()
    write(json.loads(args.results.read_text(encoding="utf-8")), args.out)
    print(f"evidence written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
