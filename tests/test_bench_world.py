"""bench/world.py reports every ratio on every flavor at every size (issue 13, point 1)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus as corpus_generator
import world

SIZES = (1_000, 10_000, 50_000)


def run(wall: float, cpu: float, rss: float) -> dict[str, float]:
    return {"best": wall, "cpu_best": cpu, "rss_mb": rss}


def test_every_ratio_on_every_flavor_and_size():
    results = {
        flavor: {
            size: {
                "floor": run(size / 1000, size / 1100, 12),
                "cold": run(size / 500, size / 550, size / 100),
                "warm": run(size / 4000, size / 4400, size / 200),
                "edited": run(size / 3000, size / 3300, size / 200),
            }
            for size in SIZES
        }
        for flavor in corpus_generator.FLAVORS
    }
    names = {row["name"] for row in world.world_rows(results)}
    for flavor in corpus_generator.FLAVORS:
        for size in SIZES:
            tag = f"{flavor} @ {size // 1000}k"
            for ratio in ("cold/floor", "warm/floor", "edited/floor"):
                assert f"{ratio} {tag}" in names
                assert f"{ratio} CPU {tag}" in names
            assert f"cold peak RSS MB {tag}" in names
        for growth in ("time", "CPU", "RSS"):
            assert f"cold {growth} 50k/10k {flavor}" in names
