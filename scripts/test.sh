#!/usr/bin/env bash
# Set up (idempotently) and run the whole test suite: lint, format check, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
bash scripts/browser-deps.sh
.venv/bin/ruff check plugin tests bench
.venv/bin/ruff format --check plugin tests bench
.venv/bin/mypy
.venv/bin/lint-imports
# One worker per CPU; a file's tests stay together, so its module fixtures are built once.
.venv/bin/pytest -q -n auto --dist loadfile "$@"
