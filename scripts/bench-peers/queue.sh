#!/usr/bin/env bash
# Benchmarks ScriptDesk's job queue against the queues a team would otherwise reach for:
# huey on SQLite and procrastinate on PostgreSQL. Every run gets a fresh database and the
# same number of no-op jobs, and is measured the same way: enqueue throughput (workers
# stopped), drain throughput (from the first job's start to the last job's end), and idle
# pickup latency (from the enqueue call to the job's first line, with the workers idle).
# Each peer runs once at each of its concurrencies, and ScriptDesk is compared with the
# peer's best drain among those runs. Runs are one after another, never at the same time.
#
#   scripts/bench queue [--jobs N] [--backlog B] [--concurrency C] [--peer-concurrency LIST]
#                       [--quick] [--json]
#
#   --jobs N         jobs per run (default 20000; at least 20000 unless --quick)
#   --backlog B      standard jobs waiting while ScriptDesk's priority pickup is
#                    measured (default: scriptdesk-bench's own; 2000 with --quick)
#   --concurrency C  ScriptDesk's worker slots (default 512: async tasks, and each claim
#                    or completion transaction serves up to that many jobs)
#   --peer-concurrency LIST
#                    the peers' concurrencies, comma-separated, each from 1 to 180: one
#                    run of each peer at each, with that many huey consumer threads and
#                    procrastinate worker tasks (default 2,8,32,64; 2,8 with --quick)
#   --quick          a smoke run: 2000 jobs, fewer latency probes and, unless
#                    --peer-concurrency is given, peer concurrencies 2,8; not a benchmark
#   --json           print one JSON object instead of the table
#
# Installs what a fresh Debian 12 machine is missing, builds scriptdesk-bench in release
# mode, keeps the peers in a private virtualenv (.build/bench-venv), and starts a
# throwaway PostgreSQL with fsync on. Progress goes to stderr; only the result to stdout.
source "$(dirname "$0")/../lib.sh"

usage() {
    sed -n '10,24p' "$0" | sed 's/^# \{0,1\}//' >&2
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

# procrastinate's worker holds a PostgreSQL connection for each task (and a few more), and
# the throwaway server takes 200 connections.
MAX_PEER_CONCURRENCY=180

# Reads a comma-separated list of different whole numbers from 1 to MAX_PEER_CONCURRENCY
# and prints it with spaces, or stops with the usage.
concurrency_list() {
    local value seen=" "
    [[ $2 =~ ^[0-9]+(,[0-9]+)*$ ]] || {
        echo "$1 needs whole numbers separated by commas, not '$2'" >&2
        usage
    }
    for value in ${2//,/ }; do
        ((10#$value >= 1 && 10#$value <= MAX_PEER_CONCURRENCY)) || {
            echo "$1: $value is not from 1 to $MAX_PEER_CONCURRENCY" >&2
            usage
        }
        value=$((10#$value))
        [[ $seen != *" $value "* ]] || {
            echo "$1: $value is given twice" >&2
            usage
        }
        seen+="$value "
    done
    echo "${seen:1:-1}"
}

jobs="" backlog="" concurrency=512 peer_concurrencies="" quick=0 json=0
while (($#)); do
    case "$1" in
        --jobs) jobs="$(whole_number --jobs "${2:-}")"; shift ;;
        --backlog) backlog="$(whole_number --backlog "${2:-}")"; shift ;;
        --concurrency) concurrency="$(whole_number --concurrency "${2:-}")"; shift ;;
        --peer-concurrency) peer_concurrencies="$(concurrency_list --peer-concurrency "${2:-}")"; shift ;;
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
    peer_concurrencies="${peer_concurrencies:-2 8}"
else
    jobs="${jobs:-20000}" samples=1000
    peer_concurrencies="${peer_concurrencies:-2 8 32 64}"
    # Fewer jobs than this measure start-up more than throughput.
    ((jobs >= 20000)) || {
        echo "--jobs must be at least 20000 (use --quick for a smoke run)" >&2
        exit 2
    }
fi
((jobs > 0 && concurrency > 0)) || {
    echo "--jobs and --concurrency must be above zero" >&2
    exit 2
}
read -r -a peer_concurrencies <<<"$peer_concurrencies"

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

# Every run gets the same jobs and latency probes.
ours=(queue --jobs "$jobs" --concurrency "$concurrency" --samples "$samples" --json)
if [[ -n $backlog ]]; then
    ours+=(--backlog "$backlog")
fi
peers=(--jobs "$jobs" --samples "$samples")

# Each peer runs once at each concurrency, on a database of its own, after ScriptDesk on
# the same kind of database; every run measures enqueue, drain and idle pickup.
huey_results=() procrastinate_results=()
run_system scriptdesk-sqlite "$BENCH" "${ours[@]}" --database "$WORK/scriptdesk.sqlite"
for peer_concurrency in "${peer_concurrencies[@]}"; do
    run_system "huey-c$peer_concurrency" "$PYTHON" "$PEERS/huey_peer.py" "${peers[@]}" \
        --concurrency "$peer_concurrency" --database "$WORK/huey-c$peer_concurrency.sqlite"
    huey_results+=("$WORK/huey-c$peer_concurrency.json")
done

create_database bench_scriptdesk
run_system scriptdesk-postgres "$BENCH" "${ours[@]}" --database "$(database_url bench_scriptdesk)"
for peer_concurrency in "${peer_concurrencies[@]}"; do
    create_database "bench_procrastinate_c$peer_concurrency"
    run_system "procrastinate-c$peer_concurrency" "$PYTHON" "$PEERS/procrastinate_peer.py" \
        "${peers[@]}" --concurrency "$peer_concurrency" \
        --database "$(database_url "bench_procrastinate_c$peer_concurrency")"
    procrastinate_results+=("$WORK/procrastinate-c$peer_concurrency.json")
done

report=(--ours-sqlite "$WORK/scriptdesk-sqlite.json" --huey "${huey_results[@]}"
    --ours-postgres "$WORK/scriptdesk-postgres.json"
    --procrastinate "${procrastinate_results[@]}")
if ((json)); then
    report+=(--json)
fi
"$PYTHON" "$PEERS/report.py" "${report[@]}"
