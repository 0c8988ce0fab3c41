#!/usr/bin/env bash
# Benchmarks downloads: ScriptDesk's `GET /d/{token}` (token checked, link and request read
# from SQLite, the download audited in a committed transaction, the file streamed) against
# nginx serving the same two files statically (sendfile, tcp_nopush, no access log), with
# wrk on loopback, one after the other, never at the same time. Every wrk run must answer
# 200 with the file's length on every response, or the benchmark stops.
#
#   scripts/bench download [--duration S] [--connections C] [--threads T] [--quick] [--json]
#
#   --duration S     seconds of load per server and file (default 10)
#   --connections C  wrk's open connections, kept alive (default 16)
#   --threads T      wrk's threads (default 2)
#   --quick          a smoke run: 3 s per server and file, a shorter token loop; not a benchmark
#   --json           print one JSON object instead of the table
#
# The copies (about 5 MB and 200 KB) are made by the pipeline itself in a fresh storage
# folder (`scriptdesk-bench download-fixture`); `scriptdesk serve --workers 0` serves them.
# The token micro-benchmark (`scriptdesk-bench token-verify`) runs alone afterwards.
# Installs what a fresh Debian 12 machine is missing (wrk, nginx) and builds in release
# mode. Progress goes to stderr; the result to stdout.
source "$(dirname "$0")/../lib.sh"

usage() {
    sed -n '8,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

duration=10 connections=16 threads=2 json=0 token_iterations=20000
while (($#)); do
    case "$1" in
        --duration) duration="$(positive_number --duration "${2:-}")"; shift ;;
        --connections) connections="$(positive_number --connections "${2:-}")"; shift ;;
        --threads) threads="$(positive_number --threads "${2:-}")"; shift ;;
        --quick) duration=3 token_iterations=5000 ;;
        --json) json=1 ;;
        -h | --help) usage ;;
        *)
            echo "Unknown argument: $1" >&2
            usage
            ;;
    esac
    shift
done
((threads <= connections)) || {
    echo "--threads must not exceed --connections (wrk gives each thread at least one)" >&2
    usage
}

ensure_swift
# wrk drives the load; nginx is the peer. Debian's nginx package would start the system
# service; this script never uses it and runs its own from a generated configuration.
ensure_packages "${RUNTIME_PACKAGES[@]}" wrk nginx curl >&2
cd "$ROOT"
echo "== swift build -c release (scriptdesk, scriptdesk-bench)" >&2
swift build -c release --product scriptdesk >&2
swift build -c release --product scriptdesk-bench >&2
BENCH="$ROOT/.build/release/scriptdesk-bench"
SCRIPTDESK="$ROOT/.build/release/scriptdesk"
PEERS="$ROOT/scripts/bench-peers"

# On the project's own disk: each download's audit commits with fsync, and a tmpfs would
# make that free.
WORK="$(mktemp -d "$ROOT/.build/bench-download.XXXXXX")"
SERVER_PID="" NGINX_PID=""
cleanup() {
    stop_process "$SERVER_PID"
    stop_process "$NGINX_PID" QUIT
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 30 s for URL to answer at all; stops the benchmark if the process PID died.
wait_for() {
    local url="$1" pid="$2" log="$3"
    for _ in $(seq 300); do
        curl -s -o /dev/null "$url" && return 0
        kill -0 "$pid" 2>/dev/null || {
            echo "The server exited before answering; its log:" >&2
            cat "$log" >&2
            exit 1
        }
        sleep 0.1
    done
    echo "No answer from $url within 30 s" >&2
    exit 1
}

echo "== making the copies through the pipeline (seed, request, fetch, build, check, publish, link)" >&2
fixture="$("$BENCH" download-fixture --storage "$WORK/storage" --checker "$SCRIPTDESK")"
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]][sys.argv[3]])' "$fixture" "$1" "$2"; }

mkdir -p "$WORK/nginx/files"
cp "$(field large file)" "$WORK/nginx/files/large.pdf"
cp "$(field small file)" "$WORK/nginx/files/small.pdf"

ours_port="$(free_port)"
echo "== scriptdesk serve --workers 0 on 127.0.0.1:$ours_port" >&2
"$SCRIPTDESK" serve --storage "$WORK/storage" --workers 0 --host 127.0.0.1 --port "$ours_port" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
wait_for "http://127.0.0.1:$ours_port/healthz" "$SERVER_PID" "$WORK/serve.log"

nginx_port="$(free_port)"
mkdir -p "$WORK/nginx/temp"
user_line=""
# As root the workers would otherwise drop to nobody, who cannot read the temporary folder.
[[ $(id -u) -eq 0 ]] && user_line="user $(id -un) $(id -gn);"
cat >"$WORK/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    types { application/pdf pdf; }
    server {
        listen 127.0.0.1:$nginx_port;
        root $WORK/nginx/files;
    }
}
EOF
echo "== nginx $(nginx -v 2>&1 | sed 's|.*/||') on 127.0.0.1:$nginx_port (2 workers, sendfile)" >&2
nginx -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
wait_for "http://127.0.0.1:$nginx_port/small.pdf" "$NGINX_PID" "$WORK/nginx/error.log"

# Fetches URL once and insists on 200, the file's exact bytes, and its SHA-256; prints the
# size of a whole response (headers and body), which the wrk runs are checked against.
verify() {
    local url="$1" bytes="$2" sha256="$3" out="$WORK/fetched.pdf" answer status headers body
    answer="$(curl -s -o "$out" -w '%{http_code} %{size_header} %{size_download}' "$url")"
    read -r status headers body <<<"$answer"
    if [[ $status != 200 || $body != "$bytes" ]]; then
        echo "$url answered $status with $body bytes, not 200 with $bytes:" >&2
        head -c 500 "$out" >&2
        echo >&2
        exit 1
    fi
    [[ $(sha256sum "$out" | cut -d' ' -f1) == "$sha256" ]] || {
        echo "$url sent $bytes bytes that are not the copy" >&2
        exit 1
    }
    echo $((headers + body))
}

# Runs wrk against URL for S seconds; prints its JSON summary line.
load() {
    local url="$1" seconds="$2" output
    output="$(wrk --latency -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s -s "$PEERS/wrk_summary.lua" "$url")"
    sed -n 's/^wrk-summary //p' <<<"$output"
}

runs=()
for size in large small; do
    bytes="$(field "$size" bytes)" sha256="$(field "$size" sha256)"
    for side in ours nginx; do
        if [[ $side == ours ]]; then
            url="http://127.0.0.1:$ours_port$(field "$size" path)"
        else
            url="http://127.0.0.1:$nginx_port/$size.pdf"
        fi
        response="$(verify "$url" "$bytes" "$sha256")"
        echo "== wrk, $side, $size copy ($bytes bytes): warm-up 2 s, then ${duration} s with $connections connections on $threads threads" >&2
        load "$url" 2 >/dev/null
        summary="$(load "$url" "$duration")"
        [[ -n $summary ]] || {
            echo "wrk printed no summary for $url" >&2
            exit 1
        }
        runs+=("$side" "$size" "$bytes" "$response" "$summary")
    done
done
serve_rss_kb="$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")"

echo "== token verification, $token_iterations per round, alone" >&2
token="$("$BENCH" token-verify --iterations "$token_iterations")"

python3 "$PEERS/download_report.py" "$json" "$duration" "$connections" "$threads" "$token" "$serve_rss_kb" "${runs[@]}"
