#!/usr/bin/env bash
# Mutation testing with mutmut 3, one module group at a time ([tool.mutmut] in pyproject.toml).
#   bash scripts/mutation.sh run GROUP        run one group (resumes: tested mutants keep their result)
#   bash scripts/mutation.sh results GROUP    list that group's survivors
#   bash scripts/mutation.sh GROUP show NAME  any other mutmut command, in that group's folder
# GROUP is a key of [tool.mutmut.groups] (html, parse, authoring, rules, report, graph): the
# files it mutates and the fast in-process tests that reach them. Each group runs in its own
# folder, .mutation/GROUP/, where mutmut keeps its mutated copy and results (mutants/).
# One child at a time: the suite's own tests are not written to run in parallel, and CI
# machines are small.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cmd=${1:?usage: mutation.sh run|results GROUP, or mutation.sh GROUP MUTMUT-ARGS...}
if [ "$cmd" = run ] || [ "$cmd" = results ]; then
  group=${2:?name a group of [tool.mutmut.groups]}
  shift 2
else
  group=$cmd
  cmd=other
  shift
fi
dir=.mutation/$group
mkdir -p "$dir"
# mutmut knows only the ./, src/ and source/ layouts; this repository keeps the package in
# plugin/. A src link lets mutmut name modules handbook.* as the tests import them; it copies
# tests/, schemas/, bench/ and the pyproject.toml written here into $dir/mutants/.
ln -sfn ../../plugin "$dir/src"
ln -sfn ../../tests "$dir/tests"
ln -sfn ../../schemas "$dir/schemas"
ln -sfn ../../bench "$dir/bench"
.venv/bin/python - "$group" "$dir/pyproject.toml" <<'PY'
import json
import sys
import tomllib
from pathlib import Path

group, out = sys.argv[1], Path(sys.argv[2])
project = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))
mutmut = dict(project["tool"]["mutmut"])
groups = mutmut.pop("groups")
if group not in groups:
    sys.exit(f"mutation.sh: no group {group!r}; the groups are {', '.join(groups)}")
chosen = dict(groups[group])
mutmut["pytest_add_cli_args_test_selection"] = chosen.pop("tests")
mutmut.update(chosen)  # only_mutate, and any setting the group sets for itself
lines = ["[tool.pytest.ini_options]"]
lines += [f"{k} = {json.dumps(v)}" for k, v in project["tool"]["pytest"]["ini_options"].items()]
lines += ["", "[tool.mutmut]"]
lines += [f"{k} = {json.dumps(v)}" for k, v in mutmut.items()]
text = "\n".join(lines) + "\n"
if not out.exists() or out.read_text("utf-8") != text:
    out.write_text(text, "utf-8")
PY
cd "$dir"
case $cmd in
  run)
    nice -n 19 "$root/.venv/bin/mutmut" run --max-children 1 "$@"
    "$root/.venv/bin/mutmut" results --all true | awk '{print $NF}' | sort | uniq -c
    ;;
  results) "$root/.venv/bin/mutmut" results "$@" ;;
  *) "$root/.venv/bin/mutmut" "$@" ;;
esac
