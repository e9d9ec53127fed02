"""``handbook coverage``: the coverage table, for people or as JSON."""

from __future__ import annotations

import json

from handbook.coverage import CoverageRow


def coverage_json(rows: list[CoverageRow]) -> str:
    document = {
        "version": 1,
        "coverage": [
            {
                "name": row.name,
                "kind": row.kind,
                "relation": row.relation,
                "covered": row.covered,
                "uncovered": row.uncovered,
                "percent": row.percent,
            }
            for row in rows
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def coverage_text(rows: list[CoverageRow]) -> str:
    width = max(len(row.name) for row in rows)
    lines = [f"{'':<{width}}  covered  total  percent  uncovered"]
    for row in rows:
        uncovered = ", ".join(row.uncovered) or "-"
        lines.append(
            f"{row.name:<{width}}  {len(row.covered):>7}  {row.total:>5}  {row.percent:>6.1f}%  "
            f"{uncovered}"
        )
    return "\n".join(lines) + "\n"
