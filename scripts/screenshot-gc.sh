#!/usr/bin/env bash
# Takes the README's pictures of the collector mid-collection: the window on
# the reference_cycle scenario (docs/images/gc-view.png, under Xvfb) and the
# same step exported by the command line (docs/images/export-gc.png).
# Usage: scripts/screenshot-gc.sh [BIN_DIR]   (default: build/bin)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-build/bin}
scenario=resources/scenarios/reference_cycle.py
# Operation 21: move_unreachable of the gc.collect() on line 17, with the two
# lists of the cycle on the unreachable list.
step=21
mkdir -p docs/images
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
# A throw-away settings folder, so the picture does not depend on past use.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
# --select: the first list's block, outlined in the pool view and the GC view.
xvfb-run -a -s "-screen 0 1400x950x24" "$bin/arenascope" "$scenario" \
  --step "$step" --select 0x7f3a5bfc80b0 --screenshot docs/images/gc-view.png
"$bin/arenascope-cli" export "$scenario" --view gc --at "$step" --width 1200 --out docs/images/export-gc.png
