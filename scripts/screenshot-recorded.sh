#!/usr/bin/env bash
# Takes the README's picture of a recording: docs/examples/cycles.py recorded
# with source lines, at its last full collection, with a block it made selected.
# Usage: scripts/screenshot-recorded.sh [OUT.png] [BIN_DIR]   (default: build/bin)
# PYTHON picks the interpreter (default: python3 on PATH, the project's 3.11.7
# under pyenv, rather than the distribution's python the build links).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/images/recorded.png}
bin=${2:-build/bin}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A short folder, so the inspector's source line shows the whole path.
cp docs/examples/cycles.py "$tmp/"
"$bin/arenascope-cli" record "$tmp/cycles.py" --python "${PYTHON:-python3}" --source-lines --out "$tmp/cycles.trace.gz" >"$tmp/output"
address=$(sed -n 's/^keep\[0\]\.name is at //p' "$tmp/output")
# Steps count allocator events; the last "gc_start 2" is the script's last gc.collect().
step=$(gzip -dc "$tmp/cycles.trace.gz" |
  awk '/^(malloc|calloc|realloc|free|arena_alloc|arena_free) /{n++} /^gc_start 2$/{s=n} END{print s}')
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
# A throw-away settings folder, so the picture does not depend on past use.
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME
xvfb-run -a -s "-screen 0 1400x950x24" "$bin/arenascope" "$tmp/cycles.trace.gz" \
  --step "$step" --select "$address" --screenshot "$out"
