#!/usr/bin/env bash
# A program stepped on the real interpreter (issue 13, item 8): the time to
# record SCRIPT line by line (`arenascope-cli run --out`), then what opening
# the recording and stepping through it cost (arenascope-scenario-bench on
# the recording, through the same door as the window).
#
#   bash bench/step_bench.sh [BUILD_DIR] [SCRIPT] [PYTHON]
#
# Defaults: build/, bench/step_workload.py (20,000 lines), the build's python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
script=${2:-$here/step_workload.py}
python=${3:-}
cli=$build/bin/arenascope-cli
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(run "$script" --out "$out/rec.trace")
[[ -n $python ]] && args+=(--python "$python")
"$cli" "${args[@]}" >/dev/null # the recorder is compiled once, before the timed run
t0=$(date +%s%N)
"$cli" "${args[@]}" >/dev/null
t1=$(date +%s%N)
steps=$(grep -c '^step ' "$out/rec.trace" || true)
echo "record: $(echo "scale=3; ($t1 - $t0) / 1000000000" | bc) s for $steps steps ($(du -h "$out/rec.trace" | cut -f1))"
"$build/bin/arenascope-scenario-bench" --builtin "$out/rec.trace" --no-generated --runs 5
