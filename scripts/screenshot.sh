#!/usr/bin/env bash
# Takes the README's screenshot of the window: a fixture mid-run with a pool
# selected, under Xvfb. Usage: scripts/screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/images/window.png}
mkdir -p "$(dirname "$out")"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
# A throw-away settings folder, so the picture does not depend on past use.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
xvfb-run -a -s "-screen 0 1400x950x24" build/bin/arenascope \
  tests/data/fixtures/startup_listcomp.trace.gz \
  --step 12000 --select 0x7fd56d1f0070 --screenshot "$out"
