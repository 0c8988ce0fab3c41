#!/usr/bin/env bash
# Benchmarks ScriptDesk's job queue against the queues a team would otherwise reach for:
# huey on SQLite and procrastinate on PostgreSQL. Every system gets a fresh database and
# the same number of no-op jobs, and is measured the same way: enqueue throughput
# (workers stopped), drain throughput (from the first job's start to the last job's end),
# and idle pickup latency (from the enqueue call to the job's first line, with the
# workers idle). Runs are one after another, never at the same time.
#
#   scripts/bench queue [--jobs N] [--backlog B] [--concurrency C] [--peer-concurrency P]
#                       [--quick] [--json]
#
#   --jobs N         jobs per system (default 20000; at least 20000 unless --quick)
#   --backlog B      standard jobs waiting while ScriptDesk's priority pickup is
#                    measured (default: scriptdesk-bench's own; 2000 with --quick)
#   --concurrency C  ScriptDesk's worker slots (default 512: async tasks, and each claim
#                    or completion transaction serves up to that many jobs)
#   --peer-concurrency P
#                    huey's consumer threads and procrastinate's worker concurrency
#                    (default 2: huey's consumer with two threads)
#   --quick          a smoke run: 2000 jobs and fewer latency probes; not a benchmark
#   --json           print one JSON object instead of the table
#
# Installs what a fresh Debian 12 machine is missing, builds scriptdesk-bench in release
# mode, keeps the peers in a private virtualenv (.build/bench-venv), and starts a
# throwaway PostgreSQL with fsync on. Progress goes to stderr; only the result to stdout.
source "$(dirname "$0")/../lib.sh"

usage() {
    sed -n '9,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# Reads a whole non-negative number or stops with the usage.
whole_number() {
    [[ $2 =~ ^[0-9]+$ ]] || {
        echo "$1 needs a whole number, not '$2'" >&2
        usage
    }
    echo "$2"
}

jobs="" backlog="" concurrency=512 peer_concurrency=2 quick=0 json=0
while (($#)); do
    case "$1" in
        --jobs) jobs="$(whole_number --jobs "${2:-}")"; shift ;;
        --backlog) backlog="$(whole_number --backlog "${2:-}")"; shift ;;
        --concurrency) concurrency="$(whole_number --concurrency "${2:-}")"; shift ;;
        --peer-concurrency) peer_concurrency="$(whole_number --peer-concurrency "${2:-}")"; shift ;;
        --quick) quick=1 ;;
        --json) json=1 ;;
        -h | --help) usage ;;
        *)
            echo "Unknown argument: $1" >&2
            usage
            ;;
    esac
    shift
done
if ((quick)); then
    jobs="${jobs:-2000}" backlog="${backlog:-2000}" samples=50
else
    jobs="${jobs:-20000}" samples=200
    # Fewer jobs than this measure start-up more than throughput.
    ((jobs >= 20000)) || {
        echo "--jobs must be at least 20000 (use --quick for a smoke run)" >&2
        exit 2
    }
fi
((jobs > 0 && concurrency > 0 && peer_concurrency > 0)) || {
    echo "--jobs, --concurrency and --peer-concurrency must be above zero" >&2
    exit 2
}

ensure_swift
ensure_packages "${RUNTIME_PACKAGES[@]}" >&2
cd "$ROOT"

# The peers' pinned releases, installed once and reused while the requirements (and the
# Python they were installed for) stay the same.
VENV="$ROOT/.build/bench-venv"
PEERS="$ROOT/scripts/bench-peers"
ensure_venv "$VENV" "huey and procrastinate" -r "$PEERS/requirements.txt"
PYTHON="$VENV/bin/python"
# No bytecode caches left beside the scripts in the work tree.
export PYTHONDONTWRITEBYTECODE=1

echo "== swift build -c release --product scriptdesk-bench" >&2
swift build -c release --product scriptdesk-bench >&2
BENCH="$ROOT/.build/release/scriptdesk-bench"

start_postgres durable >&2
# Fresh files on the project's own disk (a tmpfs would make every fsync free).
WORK="$(mktemp -d "$ROOT/.build/bench-run.XXXXXX")"
trap 'stop_postgres; rm -rf "$WORK"' EXIT
export TMPDIR="$WORK"
for folder in "$WORK" "$PG_DIR"; do
    if [[ "$(stat -f -c %T "$folder")" == tmpfs ]]; then
        echo "Warning: $folder is on tmpfs; commits cost no disk flush there." >&2
    fi
done

# A new database on the throwaway cluster, and its URL.
create_database() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$SCRIPTDESK_TEST_POSTGRES_URL" -c "CREATE DATABASE $1"
}
database_url() {
    echo "${SCRIPTDESK_TEST_POSTGRES_URL/\/postgres\?//$1?}"
}

# Runs one system: its JSON result goes to $WORK/NAME.json, its progress to stderr.
run_system() {
    local name="$1"
    shift
    echo "== $name" >&2
    "$@" >"$WORK/$name.json"
}

# Every system gets the same jobs and latency probes.
ours=(queue --jobs "$jobs" --concurrency "$concurrency" --samples "$samples" --json)
if [[ -n $backlog ]]; then
    ours+=(--backlog "$backlog")
fi
peers=(--jobs "$jobs" --concurrency "$peer_concurrency" --samples "$samples")

run_system scriptdesk-sqlite "$BENCH" "${ours[@]}" --database "$WORK/scriptdesk.sqlite"
run_system huey "$PYTHON" "$PEERS/huey_peer.py" "${peers[@]}" --database "$WORK/huey.sqlite"

create_database bench_scriptdesk
run_system scriptdesk-postgres "$BENCH" "${ours[@]}" --database "$(database_url bench_scriptdesk)"
create_database bench_procrastinate
run_system procrastinate "$PYTHON" "$PEERS/procrastinate_peer.py" "${peers[@]}" \
    --database "$(database_url bench_procrastinate)"

report=(--ours-sqlite "$WORK/scriptdesk-sqlite.json" --huey "$WORK/huey.json"
    --ours-postgres "$WORK/scriptdesk-postgres.json" --procrastinate "$WORK/procrastinate.json")
if ((json)); then
    report+=(--json)
fi
"$PYTHON" "$PEERS/report.py" "${report[@]}"
