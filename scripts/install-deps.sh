#!/usr/bin/env bash
# Installs the Debian 12 packages that Arenascope needs to build, test and run.
# Idempotent: when every package is already installed it touches nothing.
#
#   bash scripts/install-deps.sh           install whatever is missing
#   bash scripts/install-deps.sh --check   only report; exit 1 if something is missing
#   bash scripts/install-deps.sh --list    print the package names, one a line
set -euo pipefail

# Debian 12 (bookworm) names; Qt is 6.4 there.
PACKAGES=(
    build-essential cmake ninja-build pkg-config  # compiler and build tools
    zlib1g-dev                                    # reading .trace.gz files
    libgtest-dev libgmock-dev                     # tests/
    libbenchmark-dev                              # bench/
    qt6-base-dev qt6-charts-dev qt6-svg-dev       # views/ and app/
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools  # translations (lupdate, lrelease)
    qt6-translations-l10n                         # Qt's own strings (OK, Cancel) in pt_BR
    libgl-dev                                     # required by Qt6::Gui's CMake files
    fonts-dejavu-core                             # a known font for offscreen rendering
    xvfb xauth                                    # a virtual display for screenshots
    python3-dev                                   # the trace recorder embeds Python
)

mode=install
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    --list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps.sh: this script needs a Debian system (dpkg and apt-get)." >&2
    echo "Install these packages (or your system's equivalents) by hand:" >&2
    echo "  ${PACKAGES[*]}" >&2
    exit 2
fi

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#PACKAGES[@]} packages are installed."
    exit 0
fi
echo "install-deps: missing: ${missing[*]}"
if [[ $mode == check ]]; then
    exit 1
fi

# Root installs directly; anyone else goes through sudo.
sudo=()
if [[ $(id -u) != 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps.sh: run as root, or install sudo, to install: ${missing[*]}" >&2
        exit 2
    fi
    sudo=(sudo)
fi

apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
     -o DPkg::Lock::Timeout=600)
# The package lists of a fresh machine may be empty or stale: refresh them once.
"${apt[@]}" update
"${apt[@]}" install "${missing[@]}" </dev/null

# Check again, so a package that apt-get skipped is reported here, not at build time.
still=()
for p in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || still+=("$p")
done
if ((${#still[@]} > 0)); then
    echo "install-deps.sh: still not installed: ${still[*]}" >&2
    exit 1
fi
echo "install-deps: installed ${#missing[@]} package(s)."
