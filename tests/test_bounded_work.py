"""Bounded work per input: every regular expression handbook applies to what users write
(document bodies, frontmatter values, file names, imported records, config) runs in time
linear in its input, however the input is built.

Three kinds of test:

- a registry: every ``re.*`` call in the package is in ``AUDITED`` (the inventory in
  docs/guide/architecture.md, "Bounded work"), so a new pattern is noticed and audited;
- growth: each pattern (or the function that now replaces one) is fed adversarial inputs
  of 2,000 and 16,000 characters, long runs of what it loops on with the closing character
  missing, and eight runs of the small one must take at least a quarter of the time of one
  run of the big one (linear work gives about 1, quadratic 8). A ratio within one run, not a
  time: the machine's speed cancels out;
- end to end: lint and import of documents holding each line the audit named finish and
  give exactly the findings they should.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import handbook
from handbook import config, finding, graph_formats, kinds, settings, suggest
from handbook.authoring import frontmatter_edit, new_document, scaffold
from handbook.authoring.importers import fields, importer, log4brains, metadata, source
from handbook.cli import main
from handbook.parse import comments, decision_body, decision_text, frontmatter, headings, yaml_tree
from handbook.rules import id_prefix_mismatch, placeholder_text, title_mismatch
from handbook.site import html, item_page, links, templating

PACKAGE = Path(handbook.__file__).parent

AUDITED = {
    # (module, the name the pattern is bound to or the function it is used in): applied to
    ("authoring.frontmatter_edit", "_PLAIN"): "frontmatter values being written",
    ("authoring.scaffold", "_SCP_LIKE"): "git's own output (the origin of handbook's clone)",
    ("authoring.importers.fields", "_WORD_AND_DATE"): "imported status words",
    ("authoring.importers.fields", "_SUPERSEDED_BY"): "imported status words",
    ("authoring.importers.fields", "LINK"): "imported status words",
    ("authoring.importers.fields", "_LINK_LINE"): "imported body lines",
    ("authoring.importers.fields", "_PLACEHOLDER"): "imported field values",
    ("authoring.importers.fields", "_LEADING_ID"): "imported titles",
    ("authoring.importers.fields", "_SEPARATOR"): "imported status words",
    ("authoring.importers.fields", "split_tags()"): "imported tags",
    ("authoring.importers.importer", "ID_PREFIX"): "the --prefix option",
    ("authoring.importers.importer", "_ID"): "imported ids",
    ("authoring.importers.importer", "_NUMBER"): "imported link targets",
    ("authoring.importers.importer", "_ID_IN_TEXT"): "finding messages",
    ("authoring.importers.importer", "place()"): "import messages",
    ("authoring.importers.log4brains", "_DATED"): "file names",
    ("authoring.importers.metadata", "_BULLET"): "imported body lines",
    ("authoring.new_document", "slug()"): "titles given to new",
    ("authoring.new_document", "next_id()"): "ids in the handbook",
    ("authoring.scaffold", "_PLACEHOLDER"): "templates",
    ("config", "_project_kinds()"): "kind names in project schemas",
    ("config", "_JSON_TOKENS"): "project schema files",
    ("finding", "_CONTROLS"): "finding messages",
    ("graph_formats", "_XML_INVALID"): "exported values",
    ("graph_formats", "_MERMAID_UNSAFE"): "exported titles",
    ("graph_formats", "mermaid_id()"): "ids",
    ("kinds", "_HEADING_NUMBER"): "section headings",
    ("kinds", "_HEADING_NOISE"): "section headings",
    ("parse.frontmatter", "_OPENING"): "document text",
    ("parse.frontmatter", "_CLOSING"): "document text",
    ("parse.headings", "_CANDIDATE"): "document bodies",
    ("parse.headings", "_HTML_1"): "body lines",
    ("parse.headings", "_HTML_1_END"): "document bodies",
    ("parse.headings", "_HTML_6"): "body lines",
    ("parse.headings", "_HTML_7"): "body lines",
    ("parse.headings", "_BLANK_LINE"): "document bodies",
    ("parse.headings", "_NOT_SPACE"): "section contents",
    ("rules.id_prefix_mismatch", "_ID"): "ids",
    ("rules.placeholder_text", "_MARKER"): "body lines, titles",
    ("rules.placeholder_text", "_TEMPLATE"): "body lines, titles",
    ("rules.placeholder_text", "_CODE_SPAN"): "body lines, titles",
    ("rules.title_mismatch", "_LEADING_ID"): "headings",
    ("site.html", "_SAFE_URL"): "URLs from frontmatter",
    ("site.item_page", "_LEADING_TITLE"): "rendered pages",
    ("site.item_page", "html_tokens()"): "rendered pages (a raw-text element's end tag)",
    ("site.registers", "threat_catalog()"): "threat categories made into anchors",
    ("authoring.new_document", "_PLACEHOLDER"): "templates for new",
    ("parse.yaml_tree", "_LINE_BREAK"): "frontmatter holding a YAML 1.1 line break",
    ("config", "rule_codes()"): "rule keys in gate conditions",
    ("gate_specs", "_ID"): "gate condition ids",
    ("gate_specs", "FIELD_USE"): "gate expressions",
    ("gate_specs", "_RELATED_USE"): "gate expressions",
    ("gate_specs", "FACT_USE"): "gate statements and reasons",
    ("gates", "_FIELDS_NAME"): "gate expressions",
    ("gates", "_POSITION"): "the expression library's error messages",
    ("gates", "_PYTHON_FAILED"): "the expression library's error messages",
    ("report.gate", "_MD_SPECIAL"): "gate output written as Markdown",
    ("site.item_page", "_TAG_NAME"): "rendered tags",
    ("site.item_page", "_ID"): "rendered pages",
    ("site.links", "anchor_of()"): "ids",
    ("suggest", "_ID"): "ids and link targets",
    ("config", "_PREFIX"): "decision_logs.id_prefixes values",
    ("parse.decision_text", "_YEAR_FIRST"): "dates in records",
    ("parse.decision_text", "_YEAR_LAST"): "dates in records",
    ("parse.decision_text", "_MONTH_FIRST"): "dates in records",
    ("parse.decision_text", "_DAY_FIRST"): "dates in records",
    ("parse.decision_text", "_ISO"): "dates in records",
    ("parse.decision_text", "LINK"): "status lines",
    ("parse.decision_text", "_RELATION_PHRASE"): "status lines",
    ("parse.decision_text", "_ID_LIKE"): "status lines",
    ("parse.decision_text", "_SEPARATOR"): "status lines",
    ("parse.decision_text", "_RULE_LINE"): "status section lines",
    ("parse.decision_text", "_NAME_NUMBER"): "file names",
    ("parse.decision_text", "_DATED_NAME"): "file names",
    ("parse.decision_text", "HEADER_ITEM"): "record bodies, linted where they lie and imported",
    ("parse.decision_text", "DATE_LINE"): "record bodies, linted where they lie and imported",
    ("parse.decision_body", "link_id()"): "link targets in record bodies",
    ("settings", "_ISO_DATE"): "dates in frontmatter, waivers, evidence and --today",
}
"""Every ``re.*`` call in the package. Add a new one here only with a growth case below and
a line in the guide's inventory."""

_RE_FUNCTIONS = {"compile", "match", "search", "sub", "fullmatch", "findall", "finditer", "split"}


def _regex_sites() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)

        def visit(node: ast.AST, owner: str | None, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                name = owner
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = child.name + "()"
                elif (
                    isinstance(child, ast.Assign)
                    and owner is None
                    and isinstance(child.targets[0], ast.Name)
                ):
                    name = child.targets[0].id
                if (
                    isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name)
                    and child.func.value.id == "re"
                    and child.func.attr in _RE_FUNCTIONS
                ):
                    found.add((module, name or "<module>"))
                visit(child, name)

        visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def test_every_regular_expression_is_audited() -> None:
    sites = _regex_sites()
    assert sorted(sites - AUDITED.keys()) == [], "audit these, then add them to AUDITED"
    assert sorted(AUDITED.keys() - sites) == [], "gone: remove them from AUDITED"


# -- growth ----------------------------------------------------------------------------------

Call = Callable[[str], object]
Shape = tuple[str, str, str]
"""(prefix, the run repeated to the input's size, suffix)."""


def _finditer(pattern: re.Pattern[str]) -> Call:
    return lambda text: [m.span() for m in pattern.finditer(text)]


def _sub(pattern: re.Pattern[str]) -> Call:
    return lambda text: pattern.sub("", text)


def _scan(text: str) -> object:
    return headings.scan_sections(text, 1)


def _placeholders(text: str) -> object:
    return list(placeholder_text.placeholders(text, 1))


_STATUS_SHAPES: list[Shape] = [
    ("Accepted", " ", "x"),
    ("", "superseded by ", ""),
    ("partly", " ", "superseded"),
    ("superseded", " \t", "x"),
    ("Superseded by ", "[a](", ""),
    ("Accepted, amended by ", "a, ", ""),
    ("", "2019-05-13 ", ""),
    ("Accepted on ", "1", ""),
    ("", "- ", "x"),
]
_DATE_SHAPES: list[Shape] = [
    ("", "1", ""),
    ("Jan", " ", "3, 2024"),
    ("3", " ", "January 2024"),
    ("12-09-", "2", ""),
    ("", "a", " 3, 2024"),
]
_NAME_SHAPES: list[Shape] = [("", "1", ".md"), ("adr", "-", "1"), ("2020", "1", "-x")]


def _status(text: str) -> object:
    return decision_text.read_status_line(text)


def _rule(text: str) -> object:
    return decision_text.is_rule(text)


GROWTH: dict[str, tuple[Call, list[Shape]]] = {
    "parse.decision_body.link_id": (
        lambda text: decision_body.link_id(text, "ADR"),
        [("A", "A", "-1x"), ("", "a/", "x"), ("ADR-", "1", "x")],
    ),
    "config._PREFIX": (config._PREFIX.fullmatch, [("A", "A", "a")]),
    "settings._ISO_DATE": (
        settings.iso_date,
        [("", "1", ""), ("2024-01-0", "1", ""), ("", "-", "")],
    ),
    "parse.decision_text._YEAR_FIRST": (decision_text.date_at_start, _DATE_SHAPES),
    "parse.decision_text._YEAR_LAST": (decision_text.date_at_start, _DATE_SHAPES),
    "parse.decision_text._MONTH_FIRST": (decision_text.date_at_start, _DATE_SHAPES),
    "parse.decision_text._DAY_FIRST": (decision_text.date_at_start, _DATE_SHAPES),
    "parse.decision_text._ISO": (decision_text.is_iso, [("", "1", ""), ("1", "-", "")]),
    "parse.decision_text.LINK": (_status, _STATUS_SHAPES),
    "parse.decision_text._RELATION_PHRASE": (_status, _STATUS_SHAPES),
    "parse.decision_text._ID_LIKE": (_status, _STATUS_SHAPES),
    "parse.decision_text._SEPARATOR": (_status, _STATUS_SHAPES),
    "parse.decision_text._RULE_LINE": (_rule, [("", "- ", "x"), ("", "-\t ", "x")]),
    "parse.decision_text._NAME_NUMBER": (decision_text.number_in_name, _NAME_SHAPES),
    "parse.decision_text._DATED_NAME": (decision_text.dated_name, _NAME_SHAPES),
    "kinds._HEADING_NUMBER": (
        _sub(kinds._HEADING_NUMBER),
        [("", "1", "a"), ("", "1.", "a"), ("", "1)", "a"), ("", " ", "1a"), ("1", "\t", "")],
    ),
    "kinds._HEADING_NOISE": (_sub(kinds._HEADING_NOISE), [("", "-a", ""), ("a", "-", "")]),
    "kinds.normalise_heading": (
        kinds.normalise_heading.__wrapped__,
        [("", "1", "a"), ("", "-a", ""), ("", "1. ", "x")],
    ),
    "rules.placeholder_text": (
        _placeholders,
        [("{a", " ", "x"), ("{a", "a ", "x"), ("", "{a ", ""), ("`", "a", ""), ("", "`a", "")],
    ),
    "rules.placeholder_text._TEMPLATE": (
        _finditer(placeholder_text._TEMPLATE),
        [("{a", " ", "x"), ("{a", " \t", "x"), ("", "{a ", ""), ("{a ", "b", "x")],
    ),
    "rules.placeholder_text._CODE_SPAN": (
        _finditer(placeholder_text._CODE_SPAN),
        [("`", "a", ""), ("", "`a", ""), ("", "``a", ""), ("", "`", "a")],
    ),
    "rules.placeholder_text._MARKER": (
        _finditer(placeholder_text._MARKER),
        [("", "TODO", ""), ("", "TOD", "")],
    ),
    "parse.comments.strip_html_comments": (
        comments.strip_html_comments,
        [("", "<!--", ""), ("", "<!--\n", ""), ("", "a <!--", "-->"), ("", "<!-- -->", "")],
    ),
    "parse.comments.strip_html_comments(across_lines)": (
        lambda text: comments.strip_html_comments(text, across_lines=True),
        [("", "<!--", ""), ("", "<!--\n", ""), ("", "<!--->", "")],
    ),
    "parse.headings.is_blank": (headings.is_blank, [("", "<!--", ""), ("", "<!--\n", "x")]),
    "parse.headings.scan_sections": (
        _scan,
        [
            ("## ", " ", "x"),
            ("## a", " ", "##"),
            ("", "<!--", ""),
            ("a ", "<!--", ""),
            ("a\n", "=", "x"),
            ("a\n", "-", " x"),
            ("", "<a b\n", ""),
            ("", "a\n", "==="),
            ("<a", " b", "!"),
            ("", "# a\n", ""),
            ("", "> a\n", ""),
            ("", "- a\n", ""),
        ],
    ),
    "parse.headings._CANDIDATE": (
        _finditer(headings._CANDIDATE),
        [("\n", "=", "x"), ("\n", "-", "x"), ("\n===", " ", "x"), ("", "\n#", ""), ("", "\n ", "")],
    ),
    "parse.headings._HTML_1": (headings._HTML_1.match, [("<script", " ", "")]),
    "parse.headings._HTML_1_END": (headings._HTML_1_END.search, [("", "</scrip", "")]),
    "parse.headings._HTML_6": (headings._HTML_6.match, [("<div", " ", ""), ("</", "d", "")]),
    "parse.headings._HTML_7": (
        headings._HTML_7.match,
        [
            ("<a", " b", "!"),
            ("<a", " b=c", "!"),
            ("<a b=", "c", '"'),
            ("<a", " ", "!"),
            ("<a b", " ", "= !"),
            ("<a b='", "x", ""),
            ('<a b="', "x", ""),
            ("<a", " b ", "/!"),
            ("<a", " b = c", " x=!"),
            ("</a", " ", "!"),
        ],
    ),
    "parse.headings._BLANK_LINE": (
        headings._BLANK_LINE.search,
        [("", "\n ", "x"), ("\n", " ", "x"), ("", "\n\t", "x")],
    ),
    "parse.headings._NOT_SPACE": (
        headings._NOT_SPACE.search,
        [("", " ", ""), ("", "\n\t", "x"), ("", " \u3000", "<!--")],
    ),
    "parse.frontmatter._OPENING": (frontmatter._OPENING.match, [("---", " ", "x")]),
    "parse.frontmatter._CLOSING": (
        frontmatter._CLOSING.search,
        [("\n---", " ", "x"), ("", "\n--- ", "x"), ("", "\r...", "x")],
    ),
    "parse.decision_text.HEADER_ITEM": (
        decision_text.HEADER_ITEM.match,
        [
            ("* a", " ", "x"),
            ("* ", "a ", "x"),
            ("*", " ", "a"),
            ("* **a", " ", ""),
            ("- a", " ", "x"),
            ("- a", " ", "\tx"),
            ("- a", "a ", "x"),
            ("* Status:", " ", "x\ny"),
            ("* Status: a", " ", "x\ny"),
            ("- **a", " ", "**x"),
            ("-", " ", "x"),
            ("-", "\t", "**"),
        ],
    ),
    "parse.decision_text.DATE_LINE": (
        decision_text.DATE_LINE.match,
        [
            ("Date:", " ", "x"),
            ("Date: a", " ", "x"),
            ("Date:", " ", "\nx"),
            ("Date: a", "\t ", "x\ny"),
        ],
    ),
    "authoring.importers.source.strip_comments": (
        source.strip_comments,
        [("", "<!--", ""), ("a", " <!--", " ")],
    ),
    "authoring.importers.fields._WORD_AND_DATE": (
        fields._WORD_AND_DATE.match,
        [
            ("a", " ", "x"),
            ("a", "-", "x"),
            ("a", " -", "x"),
            ("a", "a ", "x"),
            ("a", " on", "x"),
            ("a", "on ", "2024-01-05x"),
            ("a on", " ", "x"),
            ("a", ",", "2024-01-0"),
        ],
    ),
    "authoring.importers.fields.status_word": (
        fields.status_word,
        [
            ("accepted", " -", "x"),
            ("a", "*", "x"),
            ("", "*", "a"),
            ("accepted", " ", "2024-01-05x"),
        ],
    ),
    "authoring.importers.fields._SUPERSEDED_BY": (
        fields._SUPERSEDED_BY.match,
        [("superseded by", " ", "x\ny"), ("superseded by", ":", "\nx\n"), ("superseded", " ", "x")],
    ),
    "authoring.importers.fields.superseded_by": (
        fields.superseded_by,
        [
            ("superseded by a", " ", "b"),
            ("superseded by ", "[", ""),
            ("superseded by [a](", " ", "x"),
            ("superseded by ", "an", ""),
            ("superseded by a", " ,", "b"),
        ],
    ),
    "authoring.importers.fields.LINK": (
        _finditer(fields.LINK),
        [
            ("", "[", ""),
            ("[a](", " ", "x"),
            ("[a](", " ", '"x'),
            ("[a](", " ", '"x"x'),
            ("", "[a](", ""),
            ("[a](x", " ", "x"),
            ("[a](x ", '"', ""),
            ("", "](", ""),
            ("[", "a", "]"),
        ],
    ),
    "authoring.importers.fields._LINK_LINE": (
        fields._LINK_LINE.match,
        [
            ("a", " ", "x"),
            ("a", " ", ":x"),
            ("a", " \t", "[x](y"),
            ("a", "a ", "x"),
            ("- a", "-", "x"),
            ("a:", " ", "x"),
            ("Superceded by [a](", " ", "x"),
            ("Superceded by [a](", " ", '"x" x'),
            ("a [x](y)", " .", "x"),
            ("a [", "x", ""),
        ],
    ),
    "authoring.importers.fields.link_line": (
        fields.link_line,
        [("Superceded by", " ", "[a]( x"), ("a", " <!--", "")],
    ),
    "authoring.importers.fields._PLACEHOLDER": (
        fields._PLACEHOLDER.match,
        [("[", "a", ""), ("{", "a", ""), ("[", "]a", "")],
    ),
    "authoring.importers.fields._LEADING_ID": (
        _sub(fields._LEADING_ID),
        [("A", "0", "x"), ("A-", "1", "x"), ("", "1", "x"), ("1.", " ", "x"), ("1. -", " ", "")],
    ),
    "authoring.importers.fields.title_text": (
        fields.title_text,
        [("1.", " ", "x"), ("", "<!--", ""), ("A", "0", "x")],
    ),
    "authoring.importers.fields._SEPARATOR": (
        fields._SEPARATOR.split,
        [("a", " ", "b"), ("", "an", ""), ("", ", ", "")],
    ),
    "authoring.importers.fields.iso_date": (fields.iso_date, [("", "1", ""), ("", " ", "1")]),
    "authoring.importers.fields.split_tags": (
        fields.split_tags,
        [("a", " ,", "b"), ("", "a ", "")],
    ),
    "authoring.importers.importer.ID_PREFIX": (
        importer.ID_PREFIX.fullmatch,
        [("A", "0", "-"), ("", "A", "a")],
    ),
    "authoring.importers.importer._ID": (importer._ID.match, [("A", "0", "x"), ("A-", "1", "")]),
    "authoring.importers.importer._NUMBER": (
        importer._NUMBER.match,
        [("", "a", "x"), ("a-#", "0", "x"), ("a", "0", "a"), ("", "1", "x")],
    ),
    "authoring.importers.importer._ID_IN_TEXT": (
        importer._ID_IN_TEXT.findall,
        [("", "A", "-x"), ("", "A-1 ", ""), ("", "A0", "x"), ("A-", "1", "")],
    ),
    "authoring.importers.log4brains._DATED": (log4brains._DATED.match, [("", "1", "x")]),
    "authoring.importers.metadata._BULLET": (
        _sub(metadata._BULLET),
        [("-", " ", "x"), ("", "- ", "")],
    ),
    "authoring.frontmatter_edit._PLAIN": (
        frontmatter_edit._PLAIN.match,
        [("a", " ", ":"), ("a", "a/", "\n")],
    ),
    "authoring.new_document.slug": (new_document.slug, [("", "a!", ""), ("", "é", "")]),
    "authoring.scaffold._PLACEHOLDER": (
        _sub(scaffold._PLACEHOLDER),
        [("", "{{a", ""), ("{{", "a", "}"), ("", "{", "")],
    ),
    "config._JSON_TOKENS": (
        _finditer(config._JSON_TOKENS),
        [('"', "a", ""), ("", '"\\', ""), ("", "[", ""), ('"', "\\\\", ""), ('"', "\\\n", "")],
    ),
    "finding._CONTROLS": (_sub(finding._CONTROLS), [("", "\x01a", "")]),
    "finding.escape_controls": (finding.escape_controls, [("", "\x1b[", ""), ("", "\n", "")]),
    "graph_formats._XML_INVALID": (_sub(graph_formats._XML_INVALID), [("", "\x01", "")]),
    "graph_formats._MERMAID_UNSAFE": (_sub(graph_formats._MERMAID_UNSAFE), [("", '"a', "")]),
    "graph_formats.mermaid_id": (graph_formats.mermaid_id, [("", "-", ""), ("", "a", "")]),
    "rules.id_prefix_mismatch._ID": (id_prefix_mismatch._ID.match, [("A", "0", "x")]),
    "rules.title_mismatch._LEADING_ID": (
        _sub(title_mismatch._LEADING_ID),
        [("A", "0", "x"), ("", "1", "x"), ("1.", " ", "x"), ("A-1 -", " ", "")],
    ),
    "site.html._SAFE_URL": (html._SAFE_URL.match, [("", "a", ":"), ("javascript", "a", ":")]),
    "site.item_page._LEADING_TITLE": (
        item_page._LEADING_TITLE.match,
        [("<h1>", "a", ""), ("", " ", "<h1>"), ("<h1>", "</h", "")],
    ),
    "site.item_page._TAG_NAME": (item_page._TAG_NAME.match, [("</", " ", "a"), ("<", "a", "")]),
    "site.item_page._ID": (
        _sub(item_page._ID),
        [("", "A", "-1"), ("", "A-1", "1"), ("", "A0", "-")],
    ),
    "site.item_page.html_tokens": (
        lambda text: list(item_page.html_tokens(text)),
        [
            ("", "<", ""),
            ("", "<a", ""),
            ("", ">", ""),
            ("<script>", "a<", ""),
            ('<a title="', "a>", ""),
            ("", "<!--", ""),
            ("<a", ' ="', ""),
        ],
    ),
    "authoring.new_document._PLACEHOLDER": (
        _sub(new_document._PLACEHOLDER),
        [("{{", "a", ""), ("", "{{a", "")],
    ),
    "parse.yaml_tree._LINE_BREAK": (
        lambda text: list(yaml_tree._LINE_BREAK.finditer(text)),
        [("", "\r", ""), ("", "\r\n", "")],
    ),
    "site.links.anchor_of": (links.anchor_of, [("", "-", "")]),
    "site.templating.compact_lines": (
        templating.compact_lines,
        [("a", " ", "b"), ("a", "\t", "\nb"), ("", " \n", ""), ("a", " \r", "\n")],
    ),
    "suggest._ID": (suggest._ID.match, [("a", "0", "-x"), ("a-", "1", "x")]),
}

SMALL, BIG = 2_000, 16_000


def _build(shape: Shape, size: int) -> str:
    prefix, run, suffix = shape
    return prefix + run * (size // len(run)) + suffix


def _best(work: Callable[[], object]) -> float:
    """The least CPU time of seven runs: this process's own time, which other processes on a
    busy machine (or a parallel test worker) do not add to, as they add to wall-clock time."""
    best = float("inf")
    for _ in range(7):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


CASES = [
    pytest.param(call, shape, id=f"{name}-{shape!r}")
    for name, (call, shapes) in GROWTH.items()
    for shape in shapes
]


@pytest.mark.parametrize(("call", "shape"), CASES)
def test_work_grows_linearly_with_the_input(call: Call, shape: Shape) -> None:
    small, big = _build(shape, SMALL), _build(shape, BIG)
    repeat = BIG // SMALL
    call(big)  # warm caches
    small_time = _best(lambda: [call(small) for _ in range(repeat)])
    big_time = _best(lambda: call(big))
    # Linear: about 1. Quadratic: about 8. Exponential: the call above never returns.
    assert big_time <= 4 * small_time, (big_time, small_time)


def test_every_pattern_on_user_text_has_a_growth_case() -> None:
    """Each audited pattern (or the function that replaced it) has growth cases, except the
    few applied to values bounded before they are matched."""
    bounded_elsewhere = {
        ("authoring.importers.importer", "place()"),  # anchored, literal prefix, then digits
        ("authoring.new_document", "next_id()"),  # anchored: prefix, digits, end
        ("config", "_project_kinds()"),  # fullmatch of one character class run
        ("site.registers", "threat_catalog()"),  # one character class, replaced one by one
        # Gate conditions, written in mkdocs.yml (the project's config, not its documents):
        ("config", "rule_codes()"),  # fullmatch of HB and at most two digits
        ("gate_specs", "_ID"),  # fullmatch; runs joined by single '-'
        ("gate_specs", "FIELD_USE"),  # literal 'fields' or a quoted string read once
        ("gate_specs", "_RELATED_USE"),  # literal 'related', then a quoted string read once
        ("gate_specs", "FACT_USE"),  # literal '{facts.', names joined by single '.' (possessive)
        ("gates", "_FIELDS_NAME"),  # a literal word
        ("gates", "_POSITION"),  # anchored literal, digit runs, the rest of the line
        ("gates", "_PYTHON_FAILED"),  # the CEL library's own messages; one lazy run
        ("report.gate", "_MD_SPECIAL"),  # one character class
        # git's answer to `remote get-url origin` for handbook's own clone, matched anchored:
        ("authoring.scaffold", "_SCP_LIKE"),  # two character-class runs around a literal '@'
    }
    covered = {
        (module, name)
        for module, name in AUDITED
        if f"{module}.{name.removesuffix('()')}" in GROWTH
    }
    assert sorted(AUDITED.keys() - covered - bounded_elsewhere) == []


# -- the rewritten patterns match what they replaced ----------------------------------------

_OLD_HEADING_NUMBER = re.compile(r"^\s*(?:[0-9]+[.)]?)+\s+")
_OLD_TEMPLATE = re.compile(r"\{[A-Za-z][^{}\n]*\s[^{}\n]*\}")
_OLD_COMMENT = re.compile(r"<!--.*?-->")
_OLD_WORD_AND_DATE = re.compile(
    r"^(?P<word>[A-Za-z][A-Za-z -]*?)[\s,:;(–—-]*(?:on\s+|since\s+)?"
    r"(?P<date>\d{4}-\d{2}-\d{2})\)?$",
    re.IGNORECASE,
)
_OLD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_OLD_LINK_LINE = re.compile(
    r"^(?:[*+-][ \t]+)?(?P<verb>[A-Za-z][A-Za-z -]*?)[ \t]*:?[ \t]*"
    r"\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)[ \t.]*$"
)
_OLD_HEADER_ITEM = re.compile(
    r"^ {0,3}[*+-][ \t]+(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z -]*?)(?:\*\*|__)?[ \t]*:"
    r"(?:\*\*|__)?[ \t]*(?P<value>.*?)[ \t]*$"
)
_OLD_DATE_LINE = re.compile(r"^Date:[ \t]*(?P<value>.*?)[ \t]*$", re.IGNORECASE)
_OLD_SUPERSEDED_BY = re.compile(
    r"^(?:superseded|superceded|superseeded|replaced)\s+by\b[\s:]*(?P<rest>.*)$", re.IGNORECASE
)
_OLD_EMPHASIS = re.compile(r"^[*_`]+|[*_`]+$")
_OLD_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b)\s*")
_OLD_TOKEN = re.compile(r"(<[^>]*>)")
_OLD_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")


def _text(*pieces: str, size: int = 14) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=size).map("".join)


@given(_text(*"0123456789.) \ta-", "\n", size=12))
def test_heading_numbers_are_cut_as_before(text: str) -> None:
    assert kinds._HEADING_NUMBER.sub("", text) == _OLD_HEADING_NUMBER.sub("", text)


@given(_text("{", "}", "a", "B", " ", "\t", "\xa0", "x y", "`"))
def test_template_placeholders_are_found_as_before(text: str) -> None:
    new = [m.span() for m in placeholder_text._TEMPLATE.finditer(text)]
    assert new == [m.span() for m in _OLD_TEMPLATE.finditer(text)]


@given(_text("<!--", "-->", "<!-->", "-", "<", "!", ">", "a", "\n"))
def test_comments_are_stripped_as_before(text: str) -> None:
    assert comments.strip_html_comments(text) == _OLD_COMMENT.sub("", text)
    dotall = re.compile(_OLD_COMMENT.pattern, re.DOTALL)
    assert comments.strip_html_comments(text, across_lines=True) == dotall.sub("", text)


def _groups(match: re.Match[str] | None, *names: str) -> tuple[str, ...] | None:
    return None if match is None else tuple(match.group(name) for name in names)


@given(_text("a", "B", " ", "-", ",", ":", "(", ")", "on", "since", "2024-01-05", "1", "\xa0"))
def test_status_words_with_dates_are_read_as_before(text: str) -> None:
    new = fields._WORD_AND_DATE.match(text)
    old = _OLD_WORD_AND_DATE.match(text)
    assert _groups(new, "word", "date") == _groups(old, "word", "date")


@given(_text("[", "]", "(", ")", "<", ">", " ", "\t", '"', "a", "\n", size=16))
def test_link_targets_are_read_as_before(text: str) -> None:
    assert [m.group("target") for m in fields.LINK.finditer(text)] == [
        m.group("target") for m in _OLD_LINK.finditer(text)
    ]


@given(_text("- ", "* ", "a", "B", " ", "-", ":", "[x]", "](", "(", ")", "<", ">", '"', "\t", "."))
def test_link_lines_are_read_as_before(text: str) -> None:
    new, old = fields._LINK_LINE.match(text), _OLD_LINK_LINE.match(text)
    assert (new is None) == (old is None)
    if new is not None and old is not None:
        assert new.group("verb").strip() == old.group("verb").strip()
        assert new.group("target") == old.group("target")


@given(_text("- ", "* ", "  ", "a", "B", " ", "-", ":", "**", "__", "\t", "x", "\n"))
def test_header_items_are_read_as_before(text: str) -> None:
    new, old = decision_text.HEADER_ITEM.match(text), _OLD_HEADER_ITEM.match(text)
    assert (new is None) == (old is None)
    if new is not None and old is not None:
        assert new.group("key").strip() == old.group("key").strip()
        assert new.group("value").strip() == old.group("value").strip()


@given(_text("Date:", "date:", " ", "\t", "a", "\n", ":"))
def test_date_lines_are_read_as_before(text: str) -> None:
    new, old = decision_text.DATE_LINE.match(text), _OLD_DATE_LINE.match(text)
    assert _groups(old, "value") == (None if new is None else (new.group("value").rstrip(" \t"),))


@given(_text("superseded by", " ", ":", "\n", "a", "and", ",", ";", "\t", "[a](b)", size=10))
def test_supersession_is_read_as_before(text: str) -> None:
    new, old = fields._SUPERSEDED_BY.match(text), _OLD_SUPERSEDED_BY.match(text)
    assert _groups(new, "rest") == _groups(old, "rest")
    rest = text.strip()
    old_parts = [part for part in _OLD_SEPARATOR.split(rest) if part]
    assert [p.strip() for p in fields._SEPARATOR.split(rest) if p.strip()] == old_parts


@given(_text("*", "_", "`", "a", " ", ".", "<!-- -->"))
def test_emphasis_is_cut_as_before(text: str) -> None:
    text = text.strip()  # clean() strips before cutting
    expected = _OLD_EMPHASIS.sub("", source.strip_comments(text)).strip()
    assert fields.clean(text) == expected.removesuffix(".").strip()


@given(_text(" ", "\t", "\r", "\n", "a", "<b>"))
def test_template_lines_are_joined_as_before(text: str) -> None:
    assert templating.compact_lines(text) == _OLD_LINE_BREAK.sub("", text)


# -- end to end ------------------------------------------------------------------------------

N = 20_000
"""Long enough that a quadratic pattern takes minutes, an exponential one forever."""

ADR = """\
---
kind: adr
id: ADR-0001
title: Use Postgres
status: accepted
date: 2025-01-01
---

# Use Postgres

## Context

We need a database {{a{blanks}x and {{short title of solved problem}}.
Comments {openers} left open, dashes{dashes}.

## {digits}a

## Decision{blanks}##

Postgres.

## Consequences

We run it.
"""


def test_lint_of_the_audits_lines_finishes_with_the_right_findings(tmp_path: Path) -> None:
    (tmp_path / "docs" / "decisions").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [handbook]\n", encoding="utf-8")
    text = ADR.format(blanks=" " * N, openers="<!--" * N, dashes=" -" * N, digits="1" * 30)
    (tmp_path / "docs" / "decisions" / "0001-use-postgres.md").write_text(text, encoding="utf-8")
    # In a process of its own: before the fix, the heading of thirty digits never finished.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from handbook.cli import main; main()",
            "lint",
            "--format",
            "concise",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    path = "docs/decisions/0001-use-postgres.md"
    assert result.stdout.splitlines() == [
        f"{path}:13:{N + 28}: HB303 [warning] placeholder text"
        " '{short title of solved problem}' left in the document",
        f"{path}:16:1: HB302 [warning] section '{'1' * 30}a' is empty",
        "Found 2 warnings in 1 file, 1 item checked.",
    ]
    assert result.returncode == 0, result.stderr


ADR_TOOLS = """\
# 1. Use Postgres

Date: 2024-01-05{blanks}x

## Status

Accepted{dashes}x

Superceded by{blanks}[2. Foo]({blanks}x

## Context

We need a database.
"""

MADR = """\
# Use MySQL

* Status: accepted{blanks}x
* Deciders: a{blanks}\tb
* Date: 2024-01-05{blanks}x
* Tags: a{tags}

## Context and Problem Statement

Superseded by a{blanks}b
"""

_STATUSES = "(draft, proposed, accepted, rejected, deprecated, superseded)"


def _import(tmp_path: Path, style: str, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    records = tmp_path / "records"
    records.mkdir()
    (records / "0001-use-postgres.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, ["import", "--from", style, "records"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output.splitlines()


def test_import_of_long_status_date_and_link_lines_finishes_with_the_right_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blanks, dashes = " " * N, " -" * N
    output = _import(
        tmp_path, "adr-tools", ADR_TOOLS.format(blanks=blanks, dashes=dashes), monkeypatch
    )
    link = f"[2. Foo]({blanks}x"
    assert output == [
        "records/0001-use-postgres.md: unmapped fields (ADR-0001 not written):",
        f"    line 9: 'Superceded by{blanks}{link}' names no record",
        "    note: line 3: date '2024-01-05 x' read as 2024-01-05; 'x' stays in the body",
        "    note: line 7: earlier status 'Accepted' stays in the body; the last one "
        "('superseded') is imported",
        "adr-tools: 0 mapped, 1 unmapped, 0 skipped, 0 already imported",
        "dry run: nothing written (run again with --write to apply)",
    ]


def test_import_of_long_header_items_finishes_with_the_right_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MADR.format(blanks=" " * N, tags=" ," * N)
    output = _import(tmp_path, "madr", text, monkeypatch)
    assert output[
        output.index("records/0001-use-postgres.md: mapped as ADR-0001 (accepted)") :
    ] == [
        "records/0001-use-postgres.md: mapped as ADR-0001 (accepted)",
        "    note: line 3: the words after 'accepted' stay in the body",
        "    note: line 5: date '2024-01-05 x' read as 2024-01-05; 'x' stays in the body",
        "madr: 1 mapped, 0 unmapped, 0 skipped, 0 already imported",
        "dry run: nothing written (run again with --write to apply)",
    ]
