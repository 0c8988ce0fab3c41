# Shared set-up for scripts/demo, scripts/test and scripts/bench: installs what a fresh
# Debian 12 machine is missing. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"

# Debian packages the build and the product need:
#   libpoppler-glib-dev  poppler-glib, glib and cairo (PDF checking and drawing)
#   libcurl4-openssl-dev libcurl (fetching from the script archive)
#   libturbojpeg0-dev    JPEG encoding of the demo archive's scanned pages
#   libsqlite3-dev       SQLite headers for the embedded database driver
#   fonts-dejavu-core    the font cover sheets and demo pages are set in
#   pkg-config           how SwiftPM finds the C libraries
RUNTIME_PACKAGES=(libpoppler-glib-dev libcurl4-openssl-dev libturbojpeg0-dev libsqlite3-dev fonts-dejavu-core pkg-config)

# Installs the given Debian packages where missing (non-interactive).
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]})); then
        echo "Installing: ${missing[*]}" >&2
        local sudo=""
        [[ $(id -u) -ne 0 ]] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
}

ensure_swift() {
    if ! command -v swift >/dev/null; then
        echo "Swift 6 is required (expected at /opt/swift/usr/bin/swift)." >&2
        exit 1
    fi
}
