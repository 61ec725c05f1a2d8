#!/usr/bin/env bash
# The recorder's cost: a script's wall time under `arenascope-cli record`
# against plain python, with and without --source-lines, text and .gz.
#
#   bash bench/record_bench.sh [BUILD_DIR] [SCRIPT] [RUNS]
#
# Defaults: build/, bench/record_workload.py, best of 3. The plain run uses
# the interpreter the recorder embeds (the first line of the trace says so).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
script=${2:-$here/record_workload.py}
runs=${3:-3}
cli=$build/bin/arenascope-cli
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Best wall time of $runs runs of the command, in seconds.
best() {
    local best_ns=
    for ((i = 0; i < runs; i++)); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        if [[ -z $best_ns ]] || ((t1 - t0 < best_ns)); then best_ns=$((t1 - t0)); fi
    done
    echo "scale=3; $best_ns / 1000000000" | bc
}

# The interpreter the recorder runs scripts with, asked through the recorder.
echo 'import sys; print(sys.executable, sys.version.split()[0])' >"$out/which.py"
read -r exe python < <("$cli" record "$out/which.py" --out "$out/which.trace")
"$cli" record "$script" --out "$out/probe.trace" >/dev/null
events=$("$cli" verify "$out/probe.trace" | sed -n 's/^events \([0-9]*\).*/\1/p')

plain=$(best "$exe" "$script")
printf '%-32s %8s %9s %12s\n' "run (Python $python)" seconds slowdown "trace MB"
printf '%-32s %8.3f %9s %12s\n' "python" "$plain" "1.00x" "-"
for mode in "text" "text --source-lines" "gz" "gz --source-lines"; do
    ext=.trace
    [[ $mode == gz* ]] && ext=.trace.gz
    flags=()
    [[ $mode == *source-lines ]] && flags=(--source-lines)
    t=$(best "$cli" record "$script" --out "$out/t$ext" "${flags[@]}")
    mb=$(echo "scale=1; $(stat -c %s "$out/t$ext") / 1048576" | bc)
    printf '%-32s %8.3f %8.2fx %12s\n' "record ($mode)" "$t" "$(echo "scale=4; $t / $plain" | bc)" "$mb"
done
echo "events in the trace (without source lines): $events"
