"""The ``handbook`` command line: a thin adapter over the core, one module per command.

Each command module parses its options, calls the core (lint, graph, coverage, authoring)
and prints what the renderers in :mod:`handbook.report` return; none renders or decides
anything itself.

A command's module is imported when the command is run (or its help is shown), not when the
program starts: ``handbook lint`` answered from the cache would otherwise spend more time
importing the other commands (MkDocs among them) than reading its cache.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator, MutableMapping

import click

from handbook import __version__

_COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("lint", "command"),
    "graph": ("graph", "command"),
    "coverage": ("coverage", "command"),
    "gate": ("gate", "command"),
    "new": ("new", "command"),
    "status": ("status", "command"),
    "supersede": ("supersede", "command"),
    "review": ("review", "command"),
    "diff": ("diff", "command"),
    "init": ("init", "command"),
    "import": ("imports", "command"),
    "schema": ("schema", "command"),
    "rules": ("rules", "command"),
    "evidence": ("evidence", "command"),
    "build": ("mkdocs", "build"),
    "serve": ("mkdocs", "serve"),
}
"""Each command's name → its module under ``handbook.cli`` and the command's name there."""


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported on first use."""

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, attribute = self._where[name]  # KeyError: no such command
            command = getattr(importlib.import_module(f"handbook.cli.{module}"), attribute)
            assert isinstance(command, click.Command) and command.name == name
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, ("", ""))
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def main() -> None:
    """Lint and publish a delivery handbook: decisions, risks, threats, failure modes, runbooks."""


main.commands = _Commands(_COMMANDS)

__all__ = ["main"]


_OWN_PROCESS = False
"""True when the program runs as the ``handbook`` console script (:func:`run`)."""


def run() -> None:
    """The ``handbook`` console script: :func:`main` as a process of its own.

    When the command is done, what it built (a lint run's documents and items refer to each
    other) is garbage that only the cycle collector frees, and the interpreter's exit would
    walk and free every object of it for nothing: it is frozen instead, and the process
    leaves it to the operating system. In-process callers (tests, the plugin) call
    :func:`main` and keep Python's usual collection.
    """
    global _OWN_PROCESS
    _OWN_PROCESS = True
    try:
        main()
    finally:
        gc.freeze()


def settle() -> None:
    """Freeze what a command built, when the process ends with the command (see :func:`run`).

    A lint run allocates millions of objects with the collector paused; the first
    collections after it would walk every one of them while the report is written (a third
    of a second at 10,000 documents), only to find them alive.
    """
    if _OWN_PROCESS:
        gc.freeze()
