#!/usr/bin/env bash
# Installs what is missing, builds the program (Release, Ninja, in build/) and
# opens its window on the built-in demo.
#
#   bash scripts/demo.sh            open the built-in demo
#   bash scripts/demo.sh FILE       open FILE (a trace or a scenario) instead
#
# Overrides: see scripts/common.sh (ARENASCOPE_BUILD_DIR, ARENASCOPE_SKIP_DEPS, ...).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_deps

echo "== configure ($BUILD_DIR)"
configure -DCMAKE_BUILD_TYPE=Release -DARENASCOPE_BUILD_GUI=ON

# Build only the window and what it links (not the tests or benchmarks).
echo "== build"
if ! cmake --build "$BUILD_DIR" --target arenascope; then
    echo "demo.sh: building the window (target 'arenascope') failed; see above." >&2
    echo "(Is the GUI switched off? Check ARENASCOPE_CMAKE_ARGS and $BUILD_DIR/CMakeCache.txt.)" >&2
    exit 1
fi

app="$BUILD_DIR/bin/arenascope"
if [[ ! -x $app ]]; then
    echo "demo.sh: the build did not produce $app" >&2
    exit 1
fi
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    echo "demo.sh: built $app, but there is no display to open its window on." >&2
    echo "Run this from a desktop session, or under a virtual display:" >&2
    echo "  xvfb-run -a bash scripts/demo.sh" >&2
    exit 1
fi

echo "== run $app $*"
exec "$app" "$@"
