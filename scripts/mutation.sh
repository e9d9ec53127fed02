#!/usr/bin/env bash
# Mutation testing with mutmut 3 over the scope in pyproject.toml ([tool.mutmut]).
#   bash scripts/mutation.sh            run (resumes: mutants already tested keep their result)
#   bash scripts/mutation.sh results    list the survivors; `.venv/bin/mutmut show NAME` shows one
# One child at a time: the suite's own tests are not written to run in parallel, and CI
# machines are small. mutmut writes its copy of the code and its results to mutants/.
set -euo pipefail
cd "$(dirname "$0")/.."
# mutmut knows only the ./, src/ and source/ layouts; this repository keeps the package in
# plugin/. A src link for the run lets mutmut name modules handbook.* as the tests import them.
if [ ! -e src ]; then
  ln -s plugin src
  trap 'rm -f src' EXIT
fi
if [ "${1:-run}" = "run" ]; then
  shift || true
  .venv/bin/mutmut run --max-children 1 "$@"
  .venv/bin/mutmut results --all true | awk '{print $NF}' | sort | uniq -c
else
  .venv/bin/mutmut "$@"
fi
