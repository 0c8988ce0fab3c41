# Shared set-up for scripts/demo, scripts/test and scripts/bench: installs what a fresh
# Debian 12 machine is missing. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"

# Debian packages the build and the product need:
#   libpoppler-glib-dev  poppler-glib, glib and cairo (PDF checking and drawing)
#   libcurl4-openssl-dev libcurl (fetching from the script archive)
#   libturbojpeg0-dev    JPEG encoding of demo pages, strict JPEG decoding in checks
#   libtiff-dev          TIFF scanned pages
#   zlib1g-dev           inflating Flate streams, bounded, when a PDF is checked
#   libsqlite3-dev       SQLite headers for the embedded database driver
#   fonts-dejavu-core    the font cover sheets and demo pages are set in
#   pkg-config           how SwiftPM finds the C libraries
RUNTIME_PACKAGES=(libpoppler-glib-dev libcurl4-openssl-dev libturbojpeg0-dev libtiff-dev zlib1g-dev libsqlite3-dev fonts-dejavu-core pkg-config)

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

# Starts a throwaway PostgreSQL cluster in a temporary folder on a free loopback port,
# exports SCRIPTDESK_TEST_POSTGRES_URL (a superuser URL to the `postgres` database; tests
# create and drop their own databases), sets PG_BIN to the folder of its programs (psql,
# createdb), and stops and removes it when the script exits.
#   start_postgres           fsync off: durability is not under test, and a shared
#                            two-core machine stays quick
#   start_postgres durable   PostgreSQL's own default, fsync on: for benchmarks, where
#                            what a commit costs on disk is part of what is measured
start_postgres() {
    local fsync=off
    case "${1:-}" in
        "") ;;
        durable) fsync=on ;;
        *)
            echo "start_postgres: unknown mode '$1' (expected nothing or 'durable')" >&2
            exit 2
            ;;
    esac
    ensure_packages postgresql
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    PG_BIN="$bin"
    PG_DIR="$(mktemp -d /tmp/scriptdesk-pg.XXXXXX)"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    local runas=()
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres "$PG_DIR"
        runas=(runuser -u postgres --)
    fi
    "${runas[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U scriptdesk -E UTF8 >/dev/null
    "${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=200" >/dev/null
    PG_STOP=("${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop)
    trap stop_postgres EXIT
    export SCRIPTDESK_TEST_POSTGRES_URL="postgres://scriptdesk@127.0.0.1:$port/postgres?sslmode=disable"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR, fsync $fsync)" >&2
}

stop_postgres() {
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
