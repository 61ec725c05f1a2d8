#!/usr/bin/env bash
# Makes the README's example exports (docs/images/export-*) from a fixture
# with the headless command, exactly as a user would.
# Usage: scripts/export-examples.sh [CLI]   (default: build/bin/arenascope-cli)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cli=${1:-build/bin/arenascope-cli}
trace=tests/data/fixtures/startup_listcomp.trace.gz
out=docs/images
mkdir -p "$out"
"$cli" export "$trace" --at 12000 --width 1200 --out "$out/export-heap.png"
"$cli" export "$trace" --at 12000 --width 1200 --theme print --out "$out/export-heap-print.png"
"$cli" export "$trace" --at 12000 --width 1200 --out "$out/export-heap.svg"
"$cli" export "$trace" --at 3000 --width 1000 --view pool:0x7fd56d233640 --out "$out/export-pool.png"
"$cli" export "$trace" --at 3000 --width 1000 --view pool:0x7fd56d233640 --theme print \
  --out "$out/export-pool-print.png"
"$cli" export "$trace" --at 12000 --width 1000 --view charts --out "$out/export-charts.png"
