"""The command pages in ``docs/commands/`` are true: every example runs as written.

Each ```` ```console ```` block holds ``$ command`` lines, each followed by the output it
prints. For each page, the commands run in order in one fresh project made by
``handbook init`` (the example ``orders`` handbook, dated today, since ``mkdocs build``
compares dates with the real today), as a user would type them:

- ``$ handbook …`` and ``$ mkdocs …`` run the installed commands, ``$ cat FILE`` shows a
  file; ``NAME=value`` words before the command set environment variables;
- ``HANDBOOK_OWNER=ana`` is set, and a command that takes ``--today`` gets
  ``--today 2026-11-27`` unless the example gives one, so dated output is reproducible;
- the exit status must be 0, or the ``N`` of a trailing ``# exit N`` comment;
- standard output and standard error together must match the lines below the command,
  where a line ``...`` stands for any number of lines (none included). Trailing spaces
  and trailing blank lines are ignored.

A code block with a title that is a path inside the project (```` ```markdown
title="docs/adr/0001-x.md" ````, which Material shows as the file's name) is written to that
file before the commands that follow it: that is how a page sets up files to work on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import click
import pytest

from handbook.authoring.scaffold import init_project
from handbook.cli import main

PAGES = Path(__file__).resolve().parents[1] / "docs" / "commands"
TODAY = "2026-11-27"
"""The ``--today`` given to every command that takes one and was not given one."""

COMMANDS_OF_PAGE = {
    "lint.md": ["lint"],
    "graph.md": ["graph"],
    "coverage.md": ["coverage"],
    "gate.md": ["gate"],
    "new.md": ["new"],
    "status.md": ["status"],
    "supersede.md": ["supersede"],
    "init.md": ["init"],
    "import.md": ["import"],
    "schema.md": ["schema"],
    "rules.md": ["rules"],
    "build-serve.md": ["build", "serve"],
    "evidence.md": ["evidence"],
    "diff.md": ["diff"],
    "review.md": ["review"],
}
PROGRAMS = ("handbook", "mkdocs", "cat", "git")

_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\S*)")


@dataclass(slots=True)
class Example:
    """One ``$ command`` of a page and the output written under it."""

    page: str
    line: int
    command: str
    expected: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"docs/commands/{self.page}:{self.line}"


@dataclass(slots=True)
class FileBlock:
    """A code block titled with a path: the file is written before the next commands."""

    page: str
    line: int
    path: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


_TITLE = re.compile(r'\btitle="([^"]+)"')


def steps(path: Path) -> list[Example | FileBlock]:
    """The console commands and titled files of the page at ``path``, in order."""
    found: list[Example | FileBlock] = []
    block: tuple[str, str, str] | None = None  # indent, marker, what: console|file|other
    current: Example | FileBlock | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        match = _FENCE.match(raw)
        if block is None:
            if not match:
                continue
            info = raw[match.end(2) :].strip()
            title = _TITLE.search(info)
            if match.group(3) == "console":
                block = (match.group(1), match.group(2), "console")
            elif title:
                block = (match.group(1), match.group(2), "file")
                current = FileBlock(path.name, number, title.group(1))
                found.append(current)
            else:
                block = (match.group(1), match.group(2), "other")
            continue
        indent, marker, what = block
        if match and match.group(2).startswith(marker) and not match.group(3):
            block, current = None, None
            continue
        if what == "other":
            continue
        line = raw[len(indent) :] if raw.startswith(indent) else raw.lstrip()
        if what == "console" and line.startswith("$ "):
            current = Example(path.name, number, line[2:].strip())
            found.append(current)
        elif isinstance(current, Example):
            current.expected.append(line)
        elif isinstance(current, FileBlock):
            current.lines.append(line)
    return found


def examples(path: Path) -> list[Example]:
    """Every ``$`` command of the console blocks of the page at ``path``, in order."""
    return [step for step in steps(path) if isinstance(step, Example)]


def lines_match(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` matches ``expected``, where a ``...`` line matches any lines."""

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i] == "...":
            return any(match(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and expected[i] == actual[j] and match(i + 1, j + 1)

    return match(0, 0)


def _normalise(lines: list[str]) -> list[str]:
    result = [line.rstrip() for line in lines]
    while result and not result[-1]:
        result.pop()
    return result


@cache
def _takes_today(command: str) -> bool:
    sub = main.commands.get(command)
    return sub is not None and any(
        isinstance(param, click.Option) and "--today" in param.opts for param in sub.params
    )


def argv_of(command: str) -> tuple[dict[str, str], list[str], int]:
    """(extra environment, argv, expected exit status) of an example's command line."""
    status = 0
    match = _EXIT.search(command)
    if match:
        status = int(match.group(1))
        command = command[: match.start()]
    words = shlex.split(command, comments=True)
    env: dict[str, str] = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words, f"no command in {command!r}"
    program = words[0]
    assert program in PROGRAMS, f"{program!r} is not one of {PROGRAMS}"
    if program not in ("cat", "git"):
        words[0] = str(Path(sys.executable).with_name(program))
    dated = any(w == "--today" or w.startswith("--today=") for w in words)
    if program == "handbook" and len(words) > 1 and _takes_today(words[1]) and not dated:
        words[2:2] = ["--today", TODAY]
    return env, words, status


def environment() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "HANDBOOK_", "GITLAB_")) and key != "CI"
    }
    env.update(
        HANDBOOK_OWNER="ana",
        NO_MKDOCS_2_WARNING="1",
        NO_COLOR="1",
        COLUMNS="80",
        PYTHONIOENCODING="utf-8",
        PYTHONUTF8="1",
    )
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def write_file(block: FileBlock, project: Path) -> None:
    relative = Path(block.path)
    assert not relative.is_absolute() and ".." not in relative.parts, block.path
    target = project / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(block.text, encoding="utf-8")


def run_page(page: Path, project: Path) -> list[str]:
    """Run every example of ``page`` in ``project``; the mismatches, described."""
    problems: list[str] = []
    base = environment()
    for step in steps(page):
        if isinstance(step, FileBlock):
            write_file(step, project)
            continue
        extra, argv, status = argv_of(step.command)
        completed = subprocess.run(
            argv,
            cwd=project,
            env={**base, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        actual = _normalise(completed.stdout.split("\n"))
        expected = _normalise(step.expected)
        if completed.returncode != status:
            problems.append(
                f"{step.where}: $ {step.command}\n"
                f"  exit status {completed.returncode}, documented {status}\n"
                + "".join(f"  | {line}\n" for line in actual)
            )
        elif not lines_match(expected, actual):
            problems.append(
                f"{step.where}: $ {step.command}\n  documented:\n"
                + "".join(f"  | {line}\n" for line in expected)
                + "  actual:\n"
                + "".join(f"  | {line}\n" for line in actual)
            )
    return problems


def new_project(folder: Path) -> Path:
    """The example project, dated today: ``mkdocs build`` compares dates with the real today."""
    init_project(folder, dt.date.today())
    return folder


# -- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS_OF_PAGE))
def test_examples_run_as_documented(name: str, tmp_path: Path) -> None:
    page = PAGES / name
    commands = COMMANDS_OF_PAGE[name]
    if any(command not in main.commands for command in commands):
        pytest.skip(f"'handbook {commands[0]}' is not part of this build yet")
    assert examples(page), f"{name} has no console example"
    problems = run_page(page, new_project(tmp_path / "orders"))
    assert not problems, "\n".join(problems)


def test_every_command_has_a_page() -> None:
    documented = {command for commands in COMMANDS_OF_PAGE.values() for command in commands}
    assert set(main.commands) <= documented
    assert sorted(p.name for p in PAGES.glob("*.md")) == sorted(COMMANDS_OF_PAGE)


@pytest.mark.parametrize("name", sorted(COMMANDS_OF_PAGE))
def test_every_option_is_documented(name: str) -> None:
    text = (PAGES / name).read_text(encoding="utf-8")
    for command in COMMANDS_OF_PAGE[name]:
        sub = main.commands.get(command)
        if sub is None:
            continue
        for param in sub.params:
            if isinstance(param, click.Option):
                names = [*param.opts, *param.secondary_opts]
                missing = [n for n in names if f"`{n}" not in text and f" {n}" not in text]
                assert not missing, f"{name} does not document {', '.join(missing)}"
            elif isinstance(param, click.Argument):
                metavar = (param.metavar or param.name or "").strip("[].").upper()
                assert metavar in text, f"{name} does not document the argument {metavar}"
        assert "Exit status" in text or "exit status" in text, f"{name} has no exit statuses"


# -- the harness itself ----------------------------------------------------------------------


def test_dots_stand_for_any_lines() -> None:
    assert lines_match(["a", "...", "d"], ["a", "b", "c", "d"])
    assert lines_match(["a", "...", "d"], ["a", "d"])
    assert lines_match(["..."], [])
    assert lines_match(["a", "..."], ["a", "b"])
    assert not lines_match(["a", "...", "d"], ["a", "b"])
    assert not lines_match(["a"], ["a", "b"])
    assert not lines_match(["a", "b"], ["a"])


def test_examples_are_read_from_console_blocks_only(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n```sh\n$ not this\n```\n\n"
        "```console\n$ handbook lint\nAll clear\n\n$ handbook rules HB999  # exit 2\n```\n\n"
        "- item\n\n    ```console\n    $ handbook coverage\n    out\n    ```\n",
        encoding="utf-8",
    )
    found = examples(page)
    assert [(e.line, e.command, e.expected) for e in found] == [
        (8, "handbook lint", ["All clear", ""]),
        (11, "handbook rules HB999  # exit 2", []),
        (17, "handbook coverage", ["out"]),
    ]


def test_titled_blocks_are_files_written_in_order(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        '````markdown title="docs/adr/0001-x.md"\n# 1. X\n\n```sh\necho\n```\n````\n'
        "````console\n$ cat docs/adr/0001-x.md\n# 1. X\n\n```sh\necho\n```\n````\n",
        encoding="utf-8",
    )
    found = steps(page)
    assert isinstance(found[0], FileBlock) and isinstance(found[1], Example)
    assert found[0].path == "docs/adr/0001-x.md"
    assert found[0].text == "# 1. X\n\n```sh\necho\n```\n"
    assert run_page(page, tmp_path) == []


def test_command_lines_are_split_like_a_shell() -> None:
    env, argv, status = argv_of('GITHUB_ACTIONS=true handbook new adr "Use a cache"  # exit 1')
    assert env == {"GITHUB_ACTIONS": "true"}
    assert argv[1:] == ["new", "--today", TODAY, "adr", "Use a cache"]
    assert status == 1
    _, argv, _ = argv_of("handbook lint --today 2025-01-01 docs # only the docs")
    assert argv[1:] == ["lint", "--today", "2025-01-01", "docs"]
    _, argv, _ = argv_of("handbook graph --format csv")
    assert argv[1:] == ["graph", "--format", "csv"]
