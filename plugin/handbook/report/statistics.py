"""``handbook lint --statistics``: how many findings each rule has, instead of the list."""

from __future__ import annotations

import json
from collections import Counter

from handbook.lint import LintResult
from handbook.rules import RULES_BY_KEY


def statistics(result: LintResult, output_format: str) -> str:
    """Counts per rule, as JSON when ``output_format`` is ``json``, else as aligned lines."""
    counts = Counter(f.code for f in result.findings)
    rows = [(code, RULES_BY_KEY[code].name, count) for code, count in sorted(counts.items())]
    if output_format == "json":
        return json.dumps([{"code": c, "rule": n, "count": k} for c, n, k in rows], indent=2) + "\n"
    width = max((len(str(k)) for _, _, k in rows), default=1)
    return "".join(f"{k:>{width}}  {c}  {n}\n" for c, n, k in rows)
