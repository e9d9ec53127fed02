#!/usr/bin/env bash
# Build the wheel, install it in a fresh venv and lint our own docs with it, so that a
# file missing from the package data (a schema, the built-in relations) fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m build --wheel --outdir "$work/dist" . >/dev/null
# Users type-check against the package: the py.typed marker must ship (PEP 561).
.venv/bin/python -c 'import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if "handbook/py.typed" in names else "wheel: handbook/py.typed missing")' "$work"/dist/*.whl
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "$work"/dist/*.whl
(cd "$work" && "$work/venv/bin/handbook" lint --config-file "$OLDPWD/mkdocs.yml")
"$work/venv/bin/handbook" schema adr >/dev/null
# The plugin and its site assets come from package data too: build our own docs with it.
(cd "$work" && "$work/venv/bin/mkdocs" build --strict --quiet --config-file "$OLDPWD/mkdocs.yml" --site-dir "$work/site")
test -s "$work/site/assets/handbook/vendor/mermaid/mermaid.min.js"
test -s "$work/site/graph.json"
echo "wheel check: installed wheel lints docs/ clean"
