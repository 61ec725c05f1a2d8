# Shared by demo.sh and test.sh (sourced, not run): where things are and how
# the build directory is configured.
#
# Environment overrides (all optional):
#   ARENASCOPE_BUILD_DIR    build directory (default: build/ in the repository)
#   ARENASCOPE_CMAKE_ARGS   extra arguments for the CMake configure step, added
#                           last so they win, e.g. "-DARENASCOPE_BUILD_GUI=OFF"
#   ARENASCOPE_SKIP_DEPS=1  do not check or install Debian packages

ARENASCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${ARENASCOPE_BUILD_DIR:-$ARENASCOPE_ROOT/build}

# Word-split the override the way a shell would split unquoted arguments.
read -r -a EXTRA_CMAKE_ARGS <<<"${ARENASCOPE_CMAKE_ARGS:-}"

install_deps() {
    if [[ ${ARENASCOPE_SKIP_DEPS:-0} == 1 ]]; then
        echo "install-deps: skipped (ARENASCOPE_SKIP_DEPS=1)"
        return 0
    fi
    bash "$ARENASCOPE_ROOT/scripts/install-deps.sh"
}

# configure ARGS...: runs CMake on the repository with Ninja (unless the build
# directory was already set up with another generator), ARGS, then the overrides.
configure() {
    local generator=(-G Ninja)
    if [[ -f $BUILD_DIR/CMakeCache.txt ]] &&
        ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$BUILD_DIR/CMakeCache.txt"; then
        echo "note: $BUILD_DIR was configured with another generator; keeping it" \
            "(delete $BUILD_DIR to start over with Ninja)"
        generator=()
    fi
    if ((${#EXTRA_CMAKE_ARGS[@]} > 0)); then
        echo "note: extra CMake arguments from ARENASCOPE_CMAKE_ARGS: ${EXTRA_CMAKE_ARGS[*]}"
    fi
    cmake -S "$ARENASCOPE_ROOT" -B "$BUILD_DIR" "${generator[@]}" "$@" "${EXTRA_CMAKE_ARGS[@]}"
}
