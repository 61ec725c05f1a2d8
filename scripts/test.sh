#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, and runs
# every test. Exits non-zero on any failure. This is what CI runs (.ci/run).
#
#   bash scripts/test.sh
#
# Extra arguments are passed to ctest, e.g. `bash scripts/test.sh -R Conformance`.
# Overrides: see scripts/common.sh (ARENASCOPE_CMAKE_ARGS, ARENASCOPE_BUILD_DIR, ...).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_deps

# The GUI tests draw offscreen unless told otherwise: no display needed, and
# the same pixels on every machine.
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

echo "== configure ($BUILD_DIR)"
configure -DCMAKE_BUILD_TYPE=Release \
    -DARENASCOPE_WERROR=ON \
    -DARENASCOPE_BUILD_GUI=ON \
    -DARENASCOPE_BUILD_TESTS=ON \
    -DARENASCOPE_BUILD_BENCH=ON

echo "== build"
cmake --build "$BUILD_DIR"

echo "== test"
ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j2 --timeout 1200 "$@"
