#!/usr/bin/env bash
# Times the results and requests pages for a large centre: one centre with 2,000
# candidates (4,000 results in series 2026-06) and 20,000 script requests, signed in as
# its exams officer; and the operations console's overview (/ops) and jobs pages
# (/ops/jobs) over a queue of 1,000,000 finished and 100,000 waiting jobs, signed in as
# an operations person. `scriptdesk serve --workers 0` serves the pages over that storage;
# 3 clients on keep-alive loopback connections ask for a spread of pages of each kind
# (first, second, middle and last, and filtered ones), 100 of each kind to warm up, then
# 600 of each kind, shuffled together. Server time is the pages' `Server-Timing` header.
#
#   scripts/bench web [--database sqlite|postgres|both] [--clients C] [--samples N] [--quick] [--json]
#
#   --database D  sqlite (default: the storage folder's file), postgres (a fresh database
#                 on SCRIPTDESK_TEST_POSTGRES_URL's server if set, else on a throwaway
#                 PostgreSQL started for the run, fsync on; vacuumed and analysed
#                 after seeding, as autovacuum would be in service), or both: the whole
#                 benchmark on sqlite then on postgres; with --json one object, each figure's
#                 key ending in its database (results_page_p99_ms_sqlite, …)
#   --clients C   concurrent clients (default 3)
#   --samples N   measured pages of each kind (default 600)
#   --quick       a smoke run: 50 warm-up and 100 measured pages of each kind; not a benchmark
#   --json        print one JSON object instead of the table
#
# The fixture is seeded through the repositories in batched transactions into a fresh
# folder under .build (`scriptdesk-bench web-fixture`), and removed afterwards. Builds in
# release mode. Progress goes to stderr; the result to stdout.
source "$(dirname "$0")/../lib.sh"

usage() {
    sed -n '11,23p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

database=sqlite clients=3 samples=600 warmup=100 json=0
# What each run of `--database both` is given again.
forwarded=()
while (($#)); do
    case "$1" in
        --database)
            database="${2:-}"
            [[ $database == sqlite || $database == postgres || $database == both ]] || {
                echo "--database takes sqlite, postgres or both, not '$database'" >&2
                usage
            }
            shift
            ;;
        --clients) clients="$(positive_number --clients "${2:-}")"; forwarded+=(--clients "$clients"); shift ;;
        --samples) samples="$(positive_number --samples "${2:-}")"; forwarded+=(--samples "$samples"); shift ;;
        --quick) samples=100 warmup=50 forwarded+=(--quick) ;;
        --json) json=1 forwarded+=(--json) ;;
        -h | --help) usage ;;
        *)
            echo "Unknown argument: $1" >&2
            usage
            ;;
    esac
    shift
done

if [[ $database == both ]]; then
    if ((json)); then
        sqlite="$("$0" --database sqlite "${forwarded[@]}")"
        postgres="$("$0" --database postgres "${forwarded[@]}")"
        python3 "$ROOT/scripts/bench-peers/web_report.py" "$sqlite" "$postgres"
    else
        "$0" --database sqlite "${forwarded[@]}"
        echo
        "$0" --database postgres "${forwarded[@]}"
    fi
    exit 0
fi

ensure_swift
ensure_packages "${RUNTIME_PACKAGES[@]}" curl >&2
cd "$ROOT"
echo "== swift build -c release (scriptdesk, scriptdesk-bench)" >&2
swift build -c release --product scriptdesk >&2
swift build -c release --product scriptdesk-bench >&2
BENCH="$ROOT/.build/release/scriptdesk-bench"
SCRIPTDESK="$ROOT/.build/release/scriptdesk"

database_args=()
if [[ $database == postgres ]]; then
    if [[ -z ${SCRIPTDESK_TEST_POSTGRES_URL:-} ]]; then
        start_postgres durable >&2
    fi
    PSQL="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}/psql"
    name="bench_web_$$"
    "$PSQL" -X -q -v ON_ERROR_STOP=1 "$SCRIPTDESK_TEST_POSTGRES_URL" -c "CREATE DATABASE $name"
    on_exit "\"$PSQL\" -X -q \"\$SCRIPTDESK_TEST_POSTGRES_URL\" -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)' >/dev/null 2>&1"
    database_args=(--database "${SCRIPTDESK_TEST_POSTGRES_URL/\/postgres\?//$name?}")
fi

# On the project's own disk, as production's database would be.
WORK="$(mktemp -d "$ROOT/.build/bench-web.XXXXXX")"
SERVER_PID=""
on_exit 'stop_process "$SERVER_PID"; rm -rf "$WORK"'

echo "== seeding one centre: 2,000 candidates, their results, 20,000 requests; 1,100,000 jobs ($database)" >&2
fixture="$("$BENCH" web-fixture --storage "$WORK/storage" "${database_args[@]}")"
if [[ $database == postgres ]]; then
    # As autovacuum would have by the time anyone looks: statistics, and the visibility map
    # that lets a count or a page's ids come from the index alone. Without it a freshly
    # loaded table is planned as unknown and every index entry is checked against the heap.
    "$PSQL" -X -q -v ON_ERROR_STOP=1 "${database_args[1]}" -c "VACUUM ANALYZE"
fi

port="$(free_ports 1)"
echo "== scriptdesk serve --workers 0 on 127.0.0.1:$port" >&2
"$SCRIPTDESK" serve --storage "$WORK/storage" "${database_args[@]}" --workers 0 --host 127.0.0.1 --port "$port" \
    >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break
    kill -0 "$SERVER_PID" 2>/dev/null || {
        echo "The server exited before answering; its log:" >&2
        cat "$WORK/serve.log" >&2
        exit 1
    }
    sleep 0.1
done

python3 "$ROOT/scripts/bench-peers/web_load.py" "$json" "http://127.0.0.1:$port" "$fixture" "$clients" "$samples" "$warmup" "$database"
