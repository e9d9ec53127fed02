"""In-process property tests of the stages a hostile handbook goes through, one target each:
the frontmatter split, YAML positions, schema validation, graph building and every output
format. Each is fast (no files on disk, no whole lint), so a long campaign is affordable;
``tests/test_fuzz.py`` runs the whole pipeline over generated handbooks on disk.

CI runs a short, derandomized campaign. A long one is run by hand (examples per target):

    HANDBOOK_FUZZ_EXAMPLES=20000 nice .venv/bin/pytest -q -p no:cacheprovider \\
        tests/test_fuzz_units.py
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import settings_for_docs
from handbook.finding import Finding, Position, Severity
from handbook.graph import ItemGraph
from handbook.graph_formats import to_graphml, to_json
from handbook.lint import LintResult
from handbook.load import Corpus
from handbook.model import Document, Item
from handbook.parse import yaml_tree
from handbook.parse.frontmatter import split_frontmatter, split_text
from handbook.references import collect_references
from handbook.report import FORMATS
from handbook.rules import ALL_RULES
from handbook.schemas import builtin_schemas
from handbook.validate import validate_corpus

EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "150"))
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 200,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\u202e",
    "\x00",
    "\x7f",
    "\x85",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\u2028",
    "\ufeff",
    "%",
    "%0A",
    "%25",
    "::error::x",
    "::",
    ",",
    ":",
    "=",
    '"',
    "'",
    "<",
    "&",
    "]]>",
    "<script>window.__pwned=1</script>",
    "javascript:alert(1)",
    "é漢字🙂",
    "\ud800",
]
hostile_text = st.one_of(
    st.text(max_size=10),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=3)), max_size=5).map("".join),
)
# Text as read from a file: surrogates cannot be decoded from UTF-8.
file_text = hostile_text.map(lambda s: s.encode("utf-8", "replace").decode("utf-8"))


def _line_count(text: str) -> int:
    """Lines as CommonMark and YAML count them: \\r\\n, \\n and a lone \\r each end one."""
    return len(re.split(r"\r\n|\r|\n", text))


def _inside(position: Position, text: str) -> bool:
    lines = _line_count(text)
    return (
        1 <= position.line <= position.end_line <= lines
        and position.column >= 1
        and position.end_column >= 1
        and (position.end_line > position.line or position.end_column >= position.column)
    )


# --- the frontmatter split ------------------------------------------------------------------

SPLIT_LINES = [
    "---",
    "--- ",
    "---\t",
    "----",
    " ---",
    "...",
    "... ",
    "id: X-1",
    "title: [unclosed",
    "a: &x 1",
    "b: *x",
    "# Heading",
    "",
    "\ufeff---",
]


@st.composite
def split_input(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(st.sampled_from(SPLIT_LINES), file_text), max_size=8))
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    if draw(st.booleans()) and text:
        text = text[: draw(st.integers(0, len(text)))]  # the last line without its ending
    return ("\ufeff" if draw(st.integers(0, 5)) == 0 else "") + text


def _line_ends(text: str) -> int:
    return _line_count(text) - 1


@fuzz
@given(split_input())
def test_split_frontmatter_offsets_are_consistent(text: str) -> None:
    split = split_frontmatter(text)
    assert 0 <= split.yaml_start <= split.yaml_end <= split.fence_end <= split.body_start
    assert split.body_start <= len(text)
    assert split.bom == text.startswith("\ufeff")
    start = 1 if split.bom else 0
    if not split.has_frontmatter:
        assert split.body_start == start
        first_line = re.split(r"\r\n|\r|\n", text[start:], maxsplit=1)[0]
        assert first_line.rstrip(" \t") != "---"
        return
    assert text[start:].startswith("---")
    assert text[start + 3 : split.yaml_start].strip(" \t") in ("", "\n", "\r", "\r\n")
    if not split.closed:
        assert split.yaml_end == len(text) and split.body_start == len(text)
        return
    fence = text[split.yaml_end : split.fence_end]
    assert fence.rstrip(" \t") in ("---", "...")
    # The closing fence starts a line, and the lines before it are counted as YAML does.
    assert text[split.yaml_end - 1] in "\r\n"
    assert split.fence_line == _line_ends(text[: split.yaml_end]) + 1
    assert split.body_line == split.fence_line + 1
    # No earlier line of the YAML is a fence.
    for line in re.split(r"\r\n|\r|\n", text[split.yaml_start : split.yaml_end])[:-1]:
        assert line.rstrip(" \t") not in ("---", "...")
    # What follows the fence is a line ending or the end of the text.
    rest = text[split.fence_end : split.body_start]
    assert rest in ("", "\n", "\r", "\r\n")


@fuzz
@given(split_input())
def test_split_text_never_raises_and_places_every_problem(text: str) -> None:
    # split_text takes text as read_source leaves it: no BOM, \n line ends.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    source = split_text(Path("docs/x.md"), text)
    for problem in source.problems:
        assert _inside(problem.position, text), (problem, text)
    if source.has_frontmatter and source.readable:
        assert source.data is not None
        assert text.split("\n")[source.body_line - 1 :] == source.body.split("\n") or (
            source.body == "" and source.body_line >= _line_count(text)
        )


# --- YAML positions --------------------------------------------------------------------------

YAML_KEYS = ["a", "b", "id", "title", "<<", "'<<'", '"q k"', "1", "null", "yes", "x-y", "é"]
YAML_SCALARS = [
    "plain",
    "'single'",
    '"dou\\"ble"',
    '"esc\\n\\x1b"',
    "1",
    "0x1f",
    "1_000",
    "-.inf",
    ".nan",
    "yes",
    "~",
    "2025-01-01",
    "2025-01-01T10:00:00Z",
    "''",
    '""',
    "a b  c",
    "!!str 5",
    "!!python/object:os.system x",
    "!custom x",
    "*a1",
    "*a2",
    "*missing",
    "&a1 anchored",
]


@st.composite
def yaml_value(draw: st.DrawFn, indent: int, depth: int) -> str:
    """One YAML value written after ``key:`` at ``indent`` (block or flow style)."""
    choice = draw(st.integers(0, 9 if depth < 3 else 3))
    if choice <= 3:
        return " " + draw(st.one_of(st.sampled_from(YAML_SCALARS), file_text.map(json.dumps)))
    if choice == 4:
        items = draw(st.lists(st.sampled_from([*YAML_SCALARS[:12], "*a1", "[]"]), max_size=3))
        return " [" + ", ".join(items) + "]"
    if choice == 5:
        keys = draw(st.lists(st.sampled_from(YAML_KEYS[:4]), max_size=3))
        anchor = draw(st.sampled_from(["", "&a2 "]))
        pairs = ", ".join(f"{k}: {draw(st.sampled_from(YAML_SCALARS[:8]))}" for k in keys)
        return " " + anchor + "{" + pairs + "}"
    if choice == 6:
        return " " + draw(st.sampled_from(["*a2", "[*a2, *a2]", "*a1"]))
    if choice == 7:
        pad = " " * (indent + 2)
        entries = draw(st.lists(yaml_value(indent + 2, depth + 1), min_size=1, max_size=3))
        return "".join(f"\n{pad}-{entry}" for entry in entries)
    if choice == 8:
        return draw(st.sampled_from([" |\n", " >-\n"])) + " " * (indent + 2) + "block text"
    return draw(st.sampled_from(["", " &a2"])) + draw(yaml_mapping(indent + 2, depth + 1))


@st.composite
def yaml_mapping(draw: st.DrawFn, indent: int, depth: int) -> str:
    pad = " " * indent
    keys = draw(st.lists(st.sampled_from(YAML_KEYS), min_size=1, max_size=4))
    return "".join(f"\n{pad}{key}:{draw(yaml_value(indent, depth))}" for key in keys)


MERGES = [
    "m:\n  <<: *a2\n  title: Own",
    "m:\n  title: Own\n  <<: *a2",
    "m: {<<: [*a2, {title: Second, owner: o}], id: Own}",
    "m:\n  <<: [{title: First}, *a2]\n  owner: Own",
    "m:\n  <<: *a2\n  <<: {id: Later}",
    "m:\n  n: &a3\n    <<: *a2\n    status: s\n  o:\n    <<: *a3\n    id: Own",
]


@st.composite
def yaml_document(draw: st.DrawFn) -> str:
    text = draw(yaml_mapping(0, 0)).lstrip("\n")
    if draw(st.booleans()):
        text = "base: &a2 {id: B-1, title: Base}\n" + text
        # Merge keys: explicit keys win, then earlier merged mappings over later ones.
        for merge in draw(st.lists(st.sampled_from(MERGES), max_size=2)):
            text += "\n" + merge
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from(["\nbad: [unclosed", "\n\tbad: tab", "\nx: 'open"]))
    return text


Path_ = tuple[str | int, ...]


def _walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def _mark_inside(mark: yaml.Mark, text: str) -> bool:
    # libyaml ends a block collection at the end of the text one line further down.
    return 0 <= mark.index <= len(text) and 0 <= mark.line <= _line_count(text)


@fuzz
@given(yaml_document())
def test_yaml_positions_are_inside_the_text_and_name_the_value(text: str) -> None:
    try:
        tree = yaml_tree.load(text)
    except yaml_tree.YamlSyntaxError as error:
        lines = _line_count(text)
        assert 0 <= error.line < lines + 1 and error.column >= 0
        return
    lines = _line_count(text)
    for problem in tree.problems:
        assert 0 <= problem.line <= problem.end_line < lines + 1, problem
    if not isinstance(tree.value, dict) or any("expands" in p.message for p in tree.problems):
        return
    root = yaml_tree.compose(text)
    source = split_text(Path("docs/x.md"), "---\n" + text + "\n---\n")
    document = Document(source, "docs/", "x.md")
    for path, value in _walk(tree.value):
        if not path:
            continue
        key_node, node = yaml_tree.find_node(root, path)
        assert node is not None and node is not root, path
        assert _mark_inside(node.start_mark, text) and _mark_inside(node.end_mark, text)
        if key_node is not None:
            assert isinstance(key_node, yaml.ScalarNode) and str(key_node.value) == path[-1]
        # The node found for a path is the one the value was built from.
        if isinstance(value, str):
            assert isinstance(node, yaml.ScalarNode) and node.value == value, (path, text)
        elif isinstance(value, dict):
            assert isinstance(node, yaml.MappingNode), (path, text)
        elif isinstance(value, list):
            assert isinstance(node, yaml.SequenceNode), (path, text)
        if source.readable:
            for key in (False, True):
                position = document.position(path, key=key)
                assert _inside(position, source.text), (path, position)


# --- validation ------------------------------------------------------------------------------


@cache
def _settings() -> Any:
    return settings_for_docs(Path("/nonexistent-fuzz/docs"))


@cache
def _kind_keys(kind: str) -> list[str]:
    schemas = builtin_schemas()
    keys = set(schemas[kind].get("properties", {}))
    keys |= set(schemas["common"]["$defs"]["document"].get("properties", {}))
    keys |= {"x-note", "unknown-field", "kind"}
    return sorted(keys)


BUILTIN_KINDS = sorted(k for k in builtin_schemas() if k != "common")

json_scalar = st.one_of(
    file_text,
    st.integers(-3, 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["accepted", "open", "mitigated", "2025-01-01", "ADR-0001", "RISK-001", "x"]),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "title", "status", "x", "date"]), inner, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def kind_document(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(BUILTIN_KINDS))
    keys = draw(st.lists(st.sampled_from(_kind_keys(kind)), max_size=10, unique=True))
    lines = [f"{key}: {json.dumps(draw(json_value), ensure_ascii=False)}" for key in keys]
    if draw(st.booleans()):
        lines.append("x-base: &base {title: Shared, status: accepted}")
        lines.append(draw(st.sampled_from(["<<: *base", "title: *base", "tags: [*base]"])))
    return kind, "---\n" + "\n".join(lines) + "\n---\n# Title\n"


def _document(path: str, text: str, kind: str) -> Document:
    known = _settings().kinds
    source = split_text(Path(path), text)
    docs_path = path.removeprefix("docs/")
    document = Document(source, path.removesuffix(docs_path), docs_path, kind=known[kind])
    if source.readable and source.data is not None:
        data = source.data
        identity = data.get("id")
        item = Item(identity if isinstance(identity, str) else None, known[kind], data, document)
        document.items.append(item)
        container = known[kind].container_key
        contained = known[kind].contained_kind
        entries = data.get(container) if container else None
        if contained and isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict):
                    identity = entry.get("id")
                    document.items.append(
                        Item(
                            identity if isinstance(identity, str) else None,
                            known[contained],
                            entry,
                            document,
                            node_path=(container, index),
                            container=item,
                        )
                    )
    return document


@fuzz
@given(kind_document())
def test_validation_never_raises_and_places_every_error(case: tuple[str, str]) -> None:
    kind, text = case
    run = _settings()
    document = _document("docs/x.md", text, kind)
    corpus = Corpus(documents=[document], items=list(document.items))
    validate_corpus(corpus, run.kinds.validator, run.relations.keys)
    for issue in corpus.issues:
        assert _inside(issue.position, text), (issue, text)
        assert issue.message, issue
    for item in document.items:
        assert _inside(Position.at(item.line), text)


# --- graph building --------------------------------------------------------------------------

GRAPH_KINDS = ["adr", "risk", "threat", "failure-mode", "runbook", "experiment", "slo"]
IDS = ["ADR-0001", "ADR-0002", "RISK-001", "RISK-002", "TM-001", "FM-001", "RB-001", "EXP-001"]


@cache
def _relation_keys() -> list[str]:
    keys: list[str] = []
    for relation in _settings().relations:
        keys.append(relation.name)
        if relation.inverse and relation.inverse != relation.name:
            keys.append(relation.inverse)
    return sorted(keys)


@st.composite
def graph_items(draw: st.DrawFn) -> list[tuple[str, str, dict[str, list[object]]]]:
    count = draw(st.integers(0, 7))
    items = []
    for _ in range(count):
        identity = draw(st.sampled_from(IDS))
        kind = draw(st.sampled_from(GRAPH_KINDS))
        relations: dict[str, list[object]] = {}
        for key in draw(st.lists(st.sampled_from(_relation_keys()), max_size=4, unique=True)):
            targets = st.one_of(
                st.sampled_from([*IDS, identity, "NOPE-9", ""]), st.integers(0, 3), st.none()
            )
            relations[key] = draw(st.lists(targets, max_size=4))
        items.append((identity, kind, relations))
    return items


def _graph_documents(spec: list[tuple[str, str, dict[str, list[object]]]]) -> list[Document]:
    documents = []
    for number, (identity, kind, relations) in enumerate(spec):
        lines = [f"id: {identity}", f"title: {json.dumps(identity)}"]
        lines += [f"{key}: {json.dumps(value)}" for key, value in relations.items()]
        text = "---\n" + "\n".join(lines) + "\n---\n"
        documents.append(_document(f"docs/{number}.md", text, kind))
    return documents


@fuzz
@given(graph_items())
def test_graph_build_never_raises_and_keeps_each_edge_once(
    spec: list[tuple[str, str, dict[str, list[object]]]],
) -> None:
    registry = _settings().relations
    items = [item for document in _graph_documents(spec) for item in document.items]
    references = list(collect_references(items, registry))
    graph = ItemGraph.build(items, references, registry)
    edges = list(graph.edges())
    triples = [(e.source, e.target, e.relation) for e in edges]
    assert len(triples) == len(set(triples))
    assert triples == sorted(triples)
    for edge in edges:
        assert edge.source in graph and edge.target in graph
        assert edge.declared_by
        relation_key = registry.key(edge.relation)
        assert relation_key is not None and relation_key.forward
        if relation_key.relation.symmetric:
            assert edge.source <= edge.target  # one edge for both directions
    # Every reference between two registered items is an edge, under its forward name.
    for reference in references:
        target = graph.items.get(reference.target_id)
        if target is None or graph.items.get(reference.writer.id or "") is not reference.writer:
            continue
        source, end = reference.endpoints(target)
        relation = reference.relation_key.relation
        ends = (source.id, end.id)
        if relation.symmetric:
            ends = (min(ends), max(ends))  # type: ignore[type-var]
        assert (*ends, relation.name) in triples
    exported = to_json(graph)
    document = json.loads(exported)
    assert [n["id"] for n in document["nodes"]] == sorted(graph.items)
    rebuilt = ItemGraph.build(items, list(reversed(references)), registry)
    assert to_json(rebuilt) == exported
    ET.fromstring(to_graphml(graph))


# --- output formats --------------------------------------------------------------------------


@cache
def _sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def _controls(text: str) -> list[str]:
    """What a terminal would act on: C0 controls but tab and LF, DEL, C1 controls, and the
    bidirectional overrides and isolates."""
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\t\n")
        or 0x7F <= ord(c) <= 0x9F
        or 0x202A <= ord(c) <= 0x202E
        or 0x2066 <= ord(c) <= 0x2069
    ]


PATHS = ["docs/a.md", "docs/b c.md", "docs/\x1b[2J.md", "docs/%0A,x:y.md", "docs/\r.md"]


@st.composite
def finding(draw: st.DrawFn) -> Finding:
    line = draw(st.integers(1, 6))
    column = draw(st.integers(1, 30))
    end_line = draw(st.integers(line, 8))
    end_column = draw(st.integers(column if end_line == line else 1, 40))
    rule = draw(st.sampled_from(ALL_RULES))
    return Finding(
        path=draw(st.one_of(st.sampled_from(PATHS), file_text.map(lambda s: "docs/" + s + ".md"))),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=rule.code,
        rule=rule.name,
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(file_text),
        item=draw(st.one_of(st.none(), file_text)),
    )


def _unescape_property(text: str) -> str:
    return (
        text.replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
    )


_GITHUB_LINE = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


@fuzz
@given(st.lists(finding(), max_size=5), st.lists(file_text, max_size=3))
def test_every_format_is_well_formed_for_any_finding(
    findings: list[Finding], sources: list[str]
) -> None:
    documents = [
        Document(split_text(Path(path), text), "", path)
        for path, text in zip(PATHS, sources, strict=False)
    ]
    result = LintResult(findings, len(documents), 0, Corpus(documents=documents))
    outputs = {name: render(result) for name, render in FORMATS.items()}

    report = json.loads(outputs["json"])
    assert [d["message"] for d in report["diagnostics"]] == [f.message for f in findings]
    json.loads(outputs["gitlab"])
    sarif = json.loads(outputs["sarif"])
    assert sorted(_sarif_validator().iter_errors(sarif), key=str) == []
    junit = outputs["junit"]
    assert junit.startswith("<?xml")
    ET.fromstring(junit.split("\n", 1)[1])

    # One GitHub workflow command per finding, each on one line, and every value read back
    # exactly as it was: %, CR and LF escaped everywhere, ':' and ',' in property values too.
    lines = outputs["github"].split("\n")
    assert lines[-1] == "" and len(lines) == len(findings) + 1
    for line, f in zip(lines, findings, strict=False):
        match = _GITHUB_LINE.fullmatch(line)
        assert match is not None, line
        properties = dict(part.split("=", 1) for part in match.group(2).split(","))
        assert list(properties) == ["file", "line", "endLine", "col", "endColumn", "title"]
        assert _unescape_property(properties["file"]) == f.path
        assert _unescape_property(properties["title"]) == f"{f.code} {f.rule}"
        assert properties["line"] == str(f.line)
        assert "\r" not in match.group(3)
        assert _unescape_property(match.group(3)) == f.message

    assert _controls(outputs["full"]) == []
    assert _controls(outputs["concise"]) == []
