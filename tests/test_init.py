"""``handbook init``: the new project lints clean, builds strictly and never overwrites.

One project is created per module (``handbook init`` in a temporary folder) and checked by
the real commands: ``handbook lint``, ``handbook graph`` and ``mkdocs build --strict`` (in a
subprocess, as a user runs it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from handbook.authoring import scaffold
from handbook.authoring.scaffold import (
    UNKNOWN_GIT_URL,
    handbook_git_url,
    project_files,
    project_name,
)
from handbook.cli import main
from handbook.schemas import builtin_schemas

TODAY = dt.date.today().isoformat()
BUILTIN_KINDS = sorted(name for name, body in builtin_schemas().items() if "x-handbook" in body)
RELATIONS = {
    "supersedes",
    "mitigates",
    "introduces",
    "causes",
    "handled-by",
    "detected-by",
    "verified-by",
    "gated-by",
    "rolled-back-by",
    "measured-by",
    "constrains",
    "involves",
    "relates-to",
}


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("HANDBOOK_OWNER", "ana")


def run(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "orders"
    result = CliRunner().invoke(main, ["init", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def graph(project: Path) -> dict[str, Any]:
    previous = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["graph", "--format", "json"], catch_exceptions=False)
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


# -- the new project -----------------------------------------------------------------------


def test_init_reports_every_file_and_the_next_commands(tmp_path: Path) -> None:
    result = run("init", "shop", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    expected = [f.path for f in project_files("shop", dt.date.today())]
    created = [line.split(" ", 1)[1] for line in result.output.splitlines() if "created " in line]
    assert created == [f"shop/{path}" for path in expected]
    assert f"{len(expected)} files created." in result.output
    assert result.output.endswith(
        "Next:\n"
        "  cd shop\n"
        "  handbook lint     # check every document, as CI does\n"
        "  handbook serve    # preview the site at http://127.0.0.1:8000/\n"
    )


def test_lint_finds_nothing_at_all(project: Path) -> None:
    result = run("lint", "--format", "json", "--strict", cwd=project)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["diagnostics"] == []
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0
    assert report["summary"]["infos"] == 0


def test_lint_finds_nothing_for_a_long_time_either(project: Path) -> None:
    """Review dates and acceptances lie ahead: a project created today is clean for months;
    only the load test's evidence ages first, past the 90 days evidence stays fresh."""
    today = dt.date.today()
    later = (today + dt.timedelta(days=89)).isoformat()
    result = run("lint", "--format", "json", "--today", later, cwd=project)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["diagnostics"] == []
    much_later = (today + dt.timedelta(days=150)).isoformat()
    result = run("lint", "--format", "concise", "--today", much_later, cwd=project)
    assert result.output.splitlines() == [
        "docs/harden/experiments/exp-001-load-test-order-placement-at-twice-the-peak.md:16:5: "
        f"HB408 [warning] EXP-001's newest evidence is from {today.isoformat()} (150 days ago, "
        "more than 90); run the experiment again and list the new result file in evidence-files",
        "Found 1 warning in 31 files, 33 items checked.",
    ]


def test_mkdocs_build_strict_succeeds(tmp_path: Path) -> None:
    project = tmp_path / "orders"
    assert run("init", str(project)).exit_code == 0
    # A document `handbook new` writes shows in the navigation without editing mkdocs.yml.
    assert run("new", "risk-register", "Supplier risks", cwd=project).exit_code == 0
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / "handbook" / "index.html").is_file()
    assert (site / "graph.json").is_file()
    # Works offline: no web fonts and no asset from elsewhere.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
    assert "fonts.gstatic.com" not in home
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    assert "understand/risk-registers/rr-002-supplier-risks/" in nav
    assert "reference/rules/" in nav
    # The phase sections in runway order.
    places = [nav.index(f"\n    {phase}\n") for phase in ("Understand", "Design", "Operate")]
    assert places == sorted(places)


def test_every_builtin_kind_is_present(graph: dict[str, Any]) -> None:
    kinds = {node["kind"] for node in graph["nodes"]}
    assert kinds == set(BUILTIN_KINDS)


def test_every_phase_has_documents(graph: dict[str, Any]) -> None:
    phases = {node["phase"] for node in graph["nodes"]}
    assert phases == {"understand", "design", "build", "harden", "ship", "operate"}


def test_every_builtin_relation_is_used(graph: dict[str, Any]) -> None:
    assert {edge["relation"] for edge in graph["edges"]} == RELATIONS


def test_the_documents_are_linked_as_the_handbook_expects(graph: dict[str, Any]) -> None:
    edges = {(e["source"], e["relation"], e["target"]) for e in graph["edges"]}
    status = {node["id"]: node["status"] for node in graph["nodes"]}
    assert ("ADR-0002", "supersedes", "ADR-0001") in edges
    assert status["ADR-0001"] == "superseded"
    assert ("ADR-0002", "mitigates", "RISK-001") in edges
    assert ("FM-001", "handled-by", "RB-001") in edges
    assert ("FM-001", "detected-by", "SLO-001") in edges
    assert ("REL-001", "gated-by", "SLO-001") in edges
    assert ("SLO-002", "verified-by", "EXP-001") in edges
    assert ("REL-001", "rolled-back-by", "RB-004") in edges
    assert ("OUT-001", "measured-by", "SLO-001") in edges
    assert ("CONS-001", "constrains", "ADR-0003") in edges
    assert ("CTR-001", "verified-by", "EXP-001") in edges
    assert ("PM-001", "involves", "FM-003") in edges
    # Every runbook handles or mitigates something.
    for runbook in (n["id"] for n in graph["nodes"] if n["kind"] == "runbook"):
        assert any(
            (relation == "handled-by" and target == runbook)
            or (relation == "mitigates" and source == runbook)
            for source, relation, target in edges
        ), runbook


def test_every_gate_of_the_example_is_met(project: Path) -> None:
    """The example is a complete handbook: every condition of every phase's gate passes."""
    result = run("gate", "--all", "--format", "json", cwd=project)
    assert result.exit_code == 0, result.output
    failing = [
        (gate["phase"], condition["id"])
        for gate in json.loads(result.output)["gates"]
        for condition in gate["conditions"]
        if not condition["passed"]
    ]
    assert failing == []


def test_coverage_is_complete(project: Path) -> None:
    result = run("coverage", "--format", "json", cwd=project)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["coverage"]
    assert all(row["uncovered"] == [] and row["covered"] for row in rows), rows


def test_files_hold_todays_date_and_no_placeholder_left(project: Path) -> None:
    texts = snapshot(project)
    assert "{{" not in "".join(t.decode("utf-8") for t in texts.values())
    register = (project / "docs" / "understand" / "risk-register.md").read_text(encoding="utf-8")
    assert f"identified: {TODAY}" in register
    assert "review-by: " in register and f"review-by: {TODAY}" not in register


def test_the_given_date_is_written(tmp_path: Path) -> None:
    result = run("init", "--today", "2025-03-04", str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    adr = tmp_path / "p" / "docs" / "design" / "decisions"
    text = (adr / "0002-charge-cards-through-an-outbox-with-idempotency-keys.md").read_text()
    assert "date: 2025-03-04" in text


def test_mkdocs_yml_is_configured_for_offline_material(project: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "orders"
    assert config["theme"] == {**config["theme"], "name": "material", "font": False}
    plugins = config["plugins"]
    assert plugins[0] == "search" and "handbook" in plugins[1]
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    for wanted in (
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        "toc",
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.details",
    ):
        assert wanted in extensions
    assert {"toc": {"permalink": True}} in config["markdown_extensions"]
    # A light/dark toggle, and no explicit nav that new documents would be missing from.
    schemes = [entry["scheme"] for entry in config["theme"]["palette"]]
    assert schemes == ["default", "slate"]
    assert all("toggle" in entry for entry in config["theme"]["palette"])
    assert "nav" not in config


def test_every_kind_new_writes_lands_in_a_folder_init_maps(project: Path) -> None:
    from handbook.authoring.new_document import folder_for
    from handbook.config import load_settings

    settings = load_settings(project / "mkdocs.yml")
    mapped = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    folders = mapped["plugins"][1]["handbook"]["kind_folders"]
    for name in settings.kinds.names():
        folder = folder_for(settings.kinds[name], settings)
        assert folders.get(folder) == name, f"{name} goes to {folder}/, which init does not map"


def test_site_name_comes_from_the_folder_and_is_quoted_when_needed(tmp_path: Path) -> None:
    folder = tmp_path / "yes: no #1"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "yes: no #1" == project_name(folder)
    lint = run("lint", "--format", "json", cwd=folder)
    assert lint.exit_code == 0 and json.loads(lint.output)["diagnostics"] == []


def test_new_documents_go_to_the_phase_folders(project: Path, tmp_path: Path) -> None:
    result = run("new", "adr", "Cache product prices", "--dry-run", cwd=project)
    assert result.exit_code == 0, result.output
    assert "id: ADR-0005" in result.output
    copy = tmp_path / "copy"
    run("init", str(copy))
    written = run("new", "runbook", "Drain the outbox", cwd=copy)
    assert written.output == "docs/operate/runbooks/rb-005-drain-the-outbox.md\n"


def test_ci_files(project: Path) -> None:
    workflow = yaml.safe_load((project / ".github" / "workflows" / "handbook.yml").read_text())
    # PyYAML reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"pull_request", "push"}
    job = workflow["jobs"]["handbook"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    assert "actions/checkout@v4" in uses
    assert any(u.startswith("actions/setup-python@") for u in uses)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.12"
    # Installed from the Git repository until the package is on PyPI (the comment says so).
    assert 'pip install "mkdocs-handbook @ git+${HANDBOOK_GIT_URL}"' in runs
    install = next(s for s in steps if s.get("name") == "Install handbook")
    assert "REPLACE-ME" in install["env"]["HANDBOOK_GIT_URL"]
    sarif = runs.index("handbook lint --format sarif --output-file handbook.sarif")
    upload = uses.index("github/codeql-action/upload-sarif@v3")
    lint = runs.index("handbook lint")
    build = runs.index("mkdocs build --strict")
    assert sarif < upload < lint < build
    assert steps[sarif]["continue-on-error"] is True
    assert [i for i, s in enumerate(steps) if s.get("continue-on-error")] == [sarif]
    assert steps[upload]["with"]["sarif_file"] == "handbook.sarif"

    precommit = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = precommit["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["handbook-lint"]
    # No placeholder owner: the hook runs the handbook installed in the environment.
    assert precommit["repos"][0]["repo"] == "local"
    assert hooks[0]["entry"] == "handbook lint" and hooks[0]["language"] == "system"


def test_repository_offers_the_pre_commit_hook() -> None:
    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "handbook-lint")
    assert hook["name"] == "handbook lint"
    assert hook["entry"] == "handbook lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True


def test_lint_with_file_names_reports_only_those_files(tmp_path: Path) -> None:
    """What the pre-commit hook relies on: paths restrict the report, not the reading."""
    run("init", str(tmp_path))
    run("new", "adr", "Cache product prices", cwd=tmp_path)
    clean = "docs/design/decisions/0002-charge-cards-through-an-outbox-with-idempotency-keys.md"
    only_clean = run("lint", "--format", "concise", clean, cwd=tmp_path)
    assert only_clean.exit_code == 0
    assert only_clean.output.startswith("All clear")  # its references resolve elsewhere
    new = "docs/design/decisions/0005-cache-product-prices.md"
    both = run("lint", "--format", "json", clean, new, cwd=tmp_path)
    paths = {d["path"] for d in json.loads(both.output)["diagnostics"]}
    assert paths == {new}


# -- refusing, skipping, never overwriting -------------------------------------------------


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "is not empty (notes.txt)" in result.stderr and "--force" in result.stderr
    assert snapshot(tmp_path) == {"notes.txt": b"mine\n"}


def test_a_fresh_git_repository_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mkdocs.yml").is_file()
    assert "  cd " not in result.output


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run("init", str(tmp_path / "file"))
    assert result.exit_code == 2


def test_force_skips_existing_files_and_keeps_their_bytes(tmp_path: Path) -> None:
    mine = {
        "mkdocs.yml": b"site_name: mine\r\n",
        "docs/index.md": b"\xef\xbb\xbf# My own home page\n",
        "notes.txt": b"keep me\n",
    }
    for name, data in mine.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    result = run("init", "--force", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name, data in mine.items():
        assert (tmp_path / name).read_bytes() == data
    assert f"skipped {tmp_path.as_posix()}/mkdocs.yml (already exists)" in result.output
    assert f"skipped {tmp_path.as_posix()}/docs/index.md (already exists)" in result.output
    assert ", 2 skipped." in result.output
    assert (tmp_path / "docs" / "understand" / "risk-register.md").is_file()


def test_init_twice_with_force_changes_nothing(tmp_path: Path) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    before = snapshot(tmp_path)
    again = run("init", "--force", "--today", "2020-01-01", str(tmp_path))
    assert again.exit_code == 0, again.output
    assert snapshot(tmp_path) == before
    assert not [line for line in again.output.splitlines() if line.startswith("created ")]
    assert f"0 files created, {len(before)} skipped." in again.output


# -- editor schemas ------------------------------------------------------------------------


def test_schema_editor_writes_every_kind_and_prints_vscode_settings(tmp_path: Path) -> None:
    result = run("schema", "--editor", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / ".handbook" / "schemas"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{kind}.schema.json" for kind in BUILTIN_KINDS
    )
    schemas = builtin_schemas()
    for kind in BUILTIN_KINDS:
        written = json.loads((folder / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert written["$id"] == schemas[kind]["$id"]
        assert "common.json" in written["$defs"]  # bundled: stands alone
    start = result.output.index("{")
    end = result.output.index("\n}\n") + 2
    settings = json.loads(result.output[start:end])
    mapping = settings["yaml.schemas"]
    assert mapping["./.handbook/schemas/risk-register.schema.json"] == [
        "**/risk-register.yaml",
        "**/risk-register.yml",
        "**/*.risk-register.yaml",
        "**/*.risk-register.yml",
    ]
    assert len(mapping) == len(BUILTIN_KINDS)
    note = result.output[end:]
    assert "does" in note and "not read the frontmatter" in note
    assert "$schema:" in note and "handbook lint --format json" in note


def test_schema_editor_rewrites_only_its_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    first = run("schema", "--editor", str(folder))
    assert first.exit_code == 0
    assert first.output.count("wrote ") == len(BUILTIN_KINDS)
    # An older copy of our own schema is brought up to date; someone else's file is kept.
    ours = folder / "adr.schema.json"
    ours.write_text(json.dumps({"$id": builtin_schemas()["adr"]["$id"]}))
    theirs = folder / "slo.schema.json"
    theirs.write_text('{"$id": "https://example.com/slo.json"}\n')
    second = run("schema", "--editor", str(folder))
    assert second.exit_code == 0
    assert f"wrote {folder.as_posix()}/adr.schema.json" in second.output
    assert f"skipped {folder.as_posix()}/slo.schema.json" in second.output
    assert theirs.read_text() == '{"$id": "https://example.com/slo.json"}\n'
    assert "slo.schema.json" not in second.output.split("Add this", 1)[1]
    assert second.output.count("unchanged ") == len(BUILTIN_KINDS) - 2
    assert json.loads(ours.read_text())["$defs"]


def test_schema_editor_for_one_kind(tmp_path: Path) -> None:
    result = run("schema", "runbook", "--editor", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["runbook.schema.json"]
    unknown = run("schema", "nope", "--editor", str(tmp_path))
    assert unknown.exit_code == 2


# Where the CI workflow installs handbook from: the repository and commit this copy came
# from (PEP 610's direct_url.json), so that the workflow works as written.


def test_a_git_install_is_installed_again_at_its_commit() -> None:
    record = json.dumps(
        {
            "url": "https://example.org/team/handbook.git",
            "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"},
        }
    )
    assert handbook_git_url(record) == "https://example.org/team/handbook.git@0123abc"


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://example.org/team/handbook.git", "https://example.org/team/handbook.git"),
        ("git@example.org:team/handbook.git", "ssh://git@example.org/team/handbook.git"),
        ("/srv/mirrors/handbook.git", None),  # a path on this machine, not in CI
    ],
)
def test_an_install_from_a_clone_uses_its_origin(
    tmp_path: Path, remote: str, expected: str | None
) -> None:
    clone = tmp_path / "handbook"
    clone.mkdir()
    git = ["git", "-C", str(clone)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "remote", "add", "origin", remote], check=True)
    subprocess.run(
        [
            *git,
            "-c",
            "user.name=a",
            "-c",
            "user.email=a@b",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x",
        ],
        check=True,
    )
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    record = json.dumps({"url": clone.as_uri(), "dir_info": {"editable": True}})
    assert handbook_git_url(record) == (f"{expected}@{commit}" if expected else UNKNOWN_GIT_URL)


@pytest.mark.parametrize(
    "record",
    [
        None,
        "",
        "{not json",
        "[]",
        json.dumps({"url": "https://files.example.org/h.whl", "archive_info": {}}),
    ],
)
def test_an_install_whose_source_is_unknown_gets_the_marked_placeholder(
    record: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scaffold.metadata, "distribution", _no_distribution)
    assert handbook_git_url(record) == UNKNOWN_GIT_URL


def _no_distribution(name: str) -> object:
    raise scaffold.metadata.PackageNotFoundError(name)
