"""The page templates: every value from frontmatter stays text in every template, and a theme's
``custom_dir`` overrides a handbook template in the built site."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from handbook import lint, settings_for_docs
from handbook.gates import evaluate as evaluate_gates
from handbook.graph_formats import mermaid_text
from handbook.rules.suspect_link import Suspect
from handbook.site import item_page
from handbook.site import suspects as suspect_site
from handbook.site.evidence_panel import evidence_html
from handbook.site.links import SiteIndex
from handbook.site.registers import PHASES, REGISTERS, RegisterContext, phase_page, runway
from handbook.site.templating import TEMPLATES, PageTemplates
from test_plugin import VALID_ADR, build, make_site

# Breaks out of a double-quoted attribute (with balanced quotes, so the tag still parses),
# out of the element into a script, and out of a single-quoted attribute.
HOSTILE = '" onfocus="alert(1)" x="><script>alert(2)</script>\' onmouseover=\'alert(3)'
Q = json.dumps(HOSTILE)  # a YAML string

DOCS = {
    "decisions/0001-first.md": f"""\
---
title: {Q}
status: superseded
date: 2026-01-05
decision-makers: [{Q}]
tags: [{Q}, plain]
superseded-by: [ADR-0002]
links:
  - {{title: {Q}, url: "https://example.invalid/design"}}
---
# First
""",
    "decisions/0002-second.md": f"""\
---
title: {Q}
status: accepted
date: 2026-02-01
tags: [other]
supersedes: [ADR-0001]
mitigates: [RISK-001]
---
# Second
""",
    "risks/register.md": f"""\
---
kind: risk-register
id: RR-001
title: {Q}
owner: {Q}
risks:
  - id: RISK-001
    title: {Q}
    status: open
    owner: {Q}
    likelihood: likely
    impact: major
  - id: RISK-002
    title: {Q}
    status: accepted
    owner: {Q}
    likelihood: unlikely
    impact: minor
---
# Risks
""",
    "threats/model.md": f"""\
---
kind: threat-model
id: TM-001
title: {Q}
owner: {Q}
status: approved
threats:
  - id: THR-001
    title: {Q}
    category: {Q}
    severity: {Q}
    status: open
---
# Threats
""",
    "failure-modes/fmea.md": f"""\
---
kind: fmea
id: FMEA-001
title: {Q}
owner: {Q}
failure-modes:
  - id: FM-001
    title: {Q}
    status: analysed
    severity: 9
    occurrence: 3
    detection: 4
    handled-by: [RB-001]
---
# Failure modes
""",
    "runbooks/rb-001.md": f"""\
---
kind: runbook
id: RB-001
title: {Q}
status: active
owner: {Q}
runbook-type: {Q}
last-tested: 2026-10-01
---
# Runbook
""",
    "slos/slo-001.md": f"""\
---
kind: slo
id: SLO-001
title: {Q}
status: {Q}
owner: {Q}
objective: {Q}
time-window: {Q}
---
# SLO

Handled by RB-001.
""",
    "postmortems/pm-001.md": f"""\
---
kind: postmortem
id: PM-001
title: {Q}
status: draft
owner: {Q}
severity: {Q}
action-items:
  - description: {Q}
    owner: {Q}
    due: 2026-01-01
    status: open
involves: [RB-001]
---
# Postmortem
""",
}

# Templates that print no value from frontmatter: the explorer's mount point (URLs the
# plugin computes), the page frame around a generated page, and the link for an id in the
# text (ids match [A-Z][A-Z0-9]*-[0-9]+).
NO_FRONTMATTER_VALUES = {
    # the hostile handbook lists no evidence files; tests/test_evidence_site.py builds a site
    # with evidence and checks the panel
    "handbook/evidence_panel.html",
    "handbook/explorer.html",
    "handbook/generated_page.html",
    "handbook/partials/id_link.html",
}
# The neighbourhood diagram's labels are entity-encoded for Mermaid before the template sees
# them (no <, >, quotes left), so nothing of the hostile text is intact there, escaped or not.
MERMAID_ENCODED = {"handbook/partials/diagram.html"}


class _Markup(HTMLParser):
    """What a browser would make of the HTML: elements, event-handler attributes, and where
    the hostile text landed intact (as an attribute value or as text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = 0
        self.handlers: list[str] = []
        self.intact = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if value is not None and HOSTILE in value:
                self.intact += 1

    def handle_data(self, data: str) -> None:
        self.intact += HOSTILE in data


def hostile_values_stay_text(html: str) -> bool:
    seen = _Markup()
    seen.feed(html)
    seen.close()
    return seen.scripts == 0 and not seen.handlers and seen.intact > 0


def render_every_template(tmp_path: Path, templates: PageTemplates) -> dict[str, str]:
    """Every template of the package, rendered with view models of the hostile handbook the
    way the plugin renders them (partials one by one too, so each is checked on its own)."""
    docs = tmp_path / "docs"
    for path, text in DOCS.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    settings = settings_for_docs(docs)
    result = lint(settings)
    graph = result.graph
    index = SiteIndex()
    documents = [d for d in result.corpus.documents if d.items]
    for document in documents:
        for item in document.items:
            index.add(item, document.docs_path.removesuffix(".md") + "/")
    context = RegisterContext(graph, index, "handbook/x/", dt.date(2026, 12, 1))
    content = Markup("<h1>Title</h1>")
    out: dict[str, str] = {}
    for register in REGISTERS:
        key = f"handbook/{register.template}"  # kind_register.html lays out several
        out[key] = out.get(key, "") + templates.render(
            register.template, content=content, register=register.view(context)
        )
    registers = [(r, f"{r.slug}/") for r in REGISTERS]
    gates = evaluate_gates(result, settings)
    phases = {p: f"phases/{p}/" for p in PHASES}
    home = runway(context, registers, Counter({"error": 1}), gates, phases)
    for phase in PHASES:
        view = phase_page(context, phase, gates, "../../")
        out["handbook/phase.html"] = out.get("handbook/phase.html", "") + templates.render(
            "phase.html", content=content, register=view
        )
        gate = view.phase.gate
        out["handbook/partials/gate.html"] = out.get(
            "handbook/partials/gate.html", ""
        ) + templates.render("partials/gate.html", gate=gate, all_conditions=True)
    out["handbook/home.html"] = templates.render("home.html", content=content, register=home)
    out["handbook/explorer.html"] = templates.render(
        "explorer.html", content=content, source="../explorer.json", base="../../"
    )
    assert result.context is not None
    suspects = [Suspect(r, ("impact", "body")) for r in result.context.references if r.writer.id]
    marks = item_page.suspect_edges(suspects, graph)  # every link suspect: every mark shown
    for document in documents:
        url = document.docs_path.removesuffix(".md") + "/"
        view = item_page.item_page(document, graph, index, url, marks)
        page = templates.render(
            "item_page.html", title=Markup("<h1>T</h1>"), content=Markup(""), page=view
        )
        out["handbook/item_page.html"] = out.get("handbook/item_page.html", "") + page
        for name in ("banner", "card", "contained", "relations", "diagram"):
            key = f"handbook/partials/{name}.html"
            out[key] = out.get(key, "") + templates.render(f"partials/{name}.html", page=view)
        assert result.context is not None
        panel = evidence_html(document.items[0], result.context.evidence, index, url, templates)
        out["handbook/evidence_panel.html"] = out.get("handbook/evidence_panel.html", "") + panel
    linked = item_page.link_ids("<p>RISK-001</p>", index, "x/", set(), templates)
    out["handbook/partials/id_link.html"] = linked
    out["handbook/generated_page.html"] = str(content)
    suspect_view = suspect_site.register(suspects).view(context)
    out["handbook/suspect_links.html"] = templates.render(
        suspect_site.TEMPLATE, content=content, register=suspect_view
    )
    return out


def package_templates() -> set[str]:
    return {
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if path.name != "macros.html"  # imported by the others, not rendered alone
    }


def test_every_template_is_checked(tmp_path: Path) -> None:
    rendered = render_every_template(tmp_path, PageTemplates())
    assert set(rendered) == package_templates()


def test_hostile_frontmatter_stays_text_in_every_template(tmp_path: Path) -> None:
    rendered = render_every_template(tmp_path, PageTemplates())
    checked = {name for name in rendered if name not in NO_FRONTMATTER_VALUES | MERMAID_ENCODED}
    assert len(checked) >= 12
    broken = [name for name in sorted(checked) if not hostile_values_stay_text(rendered[name])]
    assert broken == []
    for name in NO_FRONTMATTER_VALUES:
        assert "<script" not in rendered[name]
    diagram = rendered["handbook/partials/diagram.html"]
    assert html.escape(mermaid_text(f"RISK-001: {HOSTILE}")) in diagram
    seen = _Markup()
    seen.feed(diagram)
    assert seen.scripts == 0 and seen.handlers == []


def test_without_autoescape_the_same_check_fails_in_every_template(tmp_path: Path) -> None:
    # The positive control: the check above is what catches an unescaped value.
    rendered = render_every_template(tmp_path, PageTemplates(autoescape=False))
    checked = [
        name for name in sorted(rendered) if name not in NO_FRONTMATTER_VALUES | MERMAID_ENCODED
    ]
    still_passing = [name for name in checked if hostile_values_stay_text(rendered[name])]
    assert still_passing == []


def test_unsafe_links_are_left_out_of_the_card() -> None:
    templates = PageTemplates()
    env = templates.env
    links = [
        {"title": "x", "url": "javascript:alert(1)"},
        {"title": "y", "url": " DATA:text/html,<b>"},
        {"url": "https://example.invalid/a"},
    ]
    assert env.filters["safe_links"](links) == [
        {"url": "https://example.invalid/a", "title": "https://example.invalid/a"}
    ]


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_custom_dir_override_of_a_handbook_template_is_used(tmp_path: Path, theme: str) -> None:
    project = make_site(tmp_path, theme=theme)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            f"  name: {theme}\n", f"  name: {theme}\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    partials = project / "overrides" / "handbook" / "partials"
    partials.mkdir(parents=True)
    (partials / "card.html").write_text(
        '<aside class="my-card">{{ page.card.id }}: {{ page.card.status.status }}</aside>\n',
        encoding="utf-8",
    )
    (project / "overrides" / "handbook" / "decision_log.html").write_text(
        '{% extends "handbook/generated_page.html" %}\n'
        "{% block register %}\n"
        '<p class="my-log">{{ register.rows | length }} decisions</p>\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )

    done = build(project)

    assert done.returncode == 0, done.stderr
    site = project / "site"
    adr = (site / "decisions" / "0001-keep-decisions" / "index.html").read_text(encoding="utf-8")
    assert '<aside class="my-card">ADR-0001: accepted</aside>' in adr
    assert 'class="hb-card"' not in adr
    log = (site / "handbook" / "decisions" / "index.html").read_text(encoding="utf-8")
    assert '<p class="my-log">1 decisions</p>' in log
    assert 'class="hb-table"' not in log


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ page.nonsense }}", "'nonsense'"),
        ("{% if %}", "handbook/partials/card.html:1"),
    ],
)
def test_a_broken_override_fails_the_build_with_one_clear_line(
    tmp_path: Path, template: str, message: str
) -> None:
    project = make_site(tmp_path, VALID_ADR)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    partials = project / "overrides" / "handbook" / "partials"
    partials.mkdir(parents=True)
    (partials / "card.html").write_text(template, encoding="utf-8")

    done = build(project)

    assert done.returncode == 1
    assert "decisions/0001-keep-decisions.md: handbook template:" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
