"""Property tests over generated hostile handbooks: lint never raises, every position is
inside its file, and every output format stays well-formed and free of control characters.

CI runs a short campaign. A long one is run by hand:

    HANDBOOK_FUZZ_EXAMPLES=100000 .venv/bin/pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import lint, load_settings
from handbook.report import FORMATS

EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "60"))
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

HOSTILE = [
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\u202e",
    "\x00",
    "\x7f",
    "\x85",
    "\r",
    '"><script>window.__pwned=1</script>',
    "' onmouseover='x",
    "javascript:alert(1)",
    "%0A::error::x",
    "::warning file=x::y",
    "&amp;<![CDATA[",
    "{{owner}}",
    "TODO",
    "{short title of solved problem}",
    "ADR-0001",
    "RISK-001",
    "é漢字🙂",
]
KEYS = [
    "kind",
    "id",
    "title",
    "status",
    "date",
    "owner",
    "tags",
    "mitigates",
    "mitigated-by",
    "supersedes",
    "superseded-by",
    "likelihood",
    "impact",
    "score",
    "severity",
    "occurrence",
    "detection",
    "rpn",
    "handled-by",
    "waivers",
    "risks",
    "failure-modes",
    "threats",
    "review-by",
    "x-note",
    "unknown-field",
]
KINDS = ["adr", "risk", "risk-register", "runbook", "failure-mode", "fmea", "threat", "slo"]

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join),
)
scalar = st.one_of(
    text,
    st.integers(-5, 1000),
    st.booleans(),
    st.none(),
    st.sampled_from(KINDS),
    st.sampled_from(["accepted", "superseded", "open", "mitigated", "likely", "major"]),
    st.sampled_from(["2025-01-01", "2999-12-31", "not-a-date"]),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def frontmatter(draw: st.DrawFn) -> str:
    lines = [f"kind: {draw(st.sampled_from(KINDS))}"] if draw(st.booleans()) else []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=8)):
        lines.append(f"{key}: {json.dumps(draw(value), ensure_ascii=False)}")
    # Anchors, aliases and merge keys are ordinary input.
    if draw(st.booleans()):
        lines.append("x-base: &base {title: Shared, status: accepted}")
        lines.append(draw(st.sampled_from(["<<: *base", "x-copy: *base", "title: *base"])))
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["bad: [unclosed", "\tbad: tab", "dup: 1\ndup: 2"])))
    return "\n".join(lines)


BODY_LINES = [
    "# Title",
    "## Context",
    "## Decision",
    "## Consequences",
    "Setext",
    "======",
    "---",
    "```",
    "~~~",
    "````md",
    "<!--",
    "-->",
    "<div>",
    "# inside html",
    "</div>",
    "    # indented code",
    "> ## quoted",
    "- ## listed",
    "TODO fill in",
    "{a template left-over}",
    "See ADR-0001 and RISK-001.",
    "",
]


@st.composite
def document(draw: st.DrawFn) -> bytes:
    body_lines = draw(st.lists(st.one_of(st.sampled_from(BODY_LINES), text), max_size=10))
    head = draw(frontmatter())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    opened = draw(st.sampled_from(["---\n", "---\n", "\ufeff---\n", ""]))
    closed = draw(st.sampled_from(["---\n", "---\n", "...\n", ""]))
    raw = (opened + head + "\n" + closed + "\n".join(body_lines)).replace("\n", newline)
    data = raw.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 19)) == 0:
        data += b"\xff\xfe invalid utf-8"
    return data


NAMES = [
    "decisions/0001-a.md",
    "decisions/0002-b.md",
    "risks/risk-001.md",
    "register.md",
    "runbooks/rb-001.md",
    "odd/\x1b[2J name.md",
]


@cache
def _sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


_LINE_END = re.compile(rb"\r\n|\r|\n")


def _controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 200,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=st.dictionaries(st.sampled_from(NAMES), document(), min_size=1, max_size=4))
def test_lint_of_a_hostile_handbook_never_breaks_a_format(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text("site_name: fuzz\nplugins: [handbook]\n")
        for name, data in files.items():
            path = root / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        result = lint(load_settings(start=root))
        outputs = {name: render(result) for name, render in FORMATS.items()}

        for finding in result.findings:
            # Lines end at \r\n, \n or a lone \r, as in CommonMark and YAML.
            lines = len(_LINE_END.split((root / finding.path).read_bytes()))
            assert 1 <= finding.line <= finding.end_line <= lines, finding
            assert finding.column >= 1 and finding.end_column >= 1, finding
            if finding.end_line == finding.line:
                assert finding.end_column >= finding.column, finding

        report = json.loads(outputs["json"])
        assert len(report["diagnostics"]) == len(result.findings)
        assert report["summary"]["errors"] == sum(
            1 for d in report["diagnostics"] if d["severity"] == "error"
        )
        json.loads(outputs["gitlab"])
        sarif = json.loads(outputs["sarif"])
        errors = sorted(_sarif_validator().iter_errors(sarif), key=str)
        assert errors == []
        ET.fromstring(outputs["junit"].split("\n", 1)[1])
        for line in outputs["github"].splitlines():
            if line.startswith("::"):
                assert "\r" not in line
        assert _controls(outputs["full"]) == []
        assert _controls(outputs["concise"]) == []
        # Deterministic: the same input, the same bytes.
        again = lint(load_settings(start=root))
        assert FORMATS["json"](again) == outputs["json"]
