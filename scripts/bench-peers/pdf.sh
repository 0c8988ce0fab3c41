#!/usr/bin/env bash
# Benchmarks producing script copies: ScriptDesk's own pipeline (libcurl fetch with every
# page's size and SHA-256 verified, cairo build, a check in a child process that decodes
# every embedded image, fsynced publish, first-page thumbnail) against the shell pipeline a
# user would write with Debian's tools (img2pdf, pdfinfo, pdftoppm, cp), on the same
# archive of 200-dpi greyscale JPEG pages, at the same parallelism, one after the other.
#
#   scripts/bench pdf [--scripts N] [--long-scripts M] [--parallel P] [--statements S] [--quick] [--json]
#
#   --scripts N       12-page scripts (default 60)
#   --long-scripts M  40-page scripts (default 20)
#   --parallel P      scripts produced at the same time by each side (default 2)
#   --statements S    statements of results in the results-day run (default 10000)
#   --quick           a smoke run: 6 and 2 scripts, 500 statements; not a benchmark
#   --json            print one JSON object instead of the table
#
# Peak memory is measured on one 100-page script, alone. Statements of results are made
# for S candidates through the queue, drawn, checked in child processes and published, as
# on results day (`statements_per_s`). Installs what a fresh Debian 12
# machine is missing and builds in release mode. Progress goes to stderr; the result to stdout.
source "$(dirname "$0")/../lib.sh"

usage() {
    sed -n '8,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

scripts=60 long_scripts=20 parallel=2 statements=10000 json=0
while (($#)); do
    case "$1" in
        --scripts) scripts="$(positive_number --scripts "${2:-}")"; shift ;;
        --long-scripts) long_scripts="$(positive_number --long-scripts "${2:-}")"; shift ;;
        --parallel) parallel="$(positive_number --parallel "${2:-}")"; shift ;;
        --statements) statements="$(positive_number --statements "${2:-}")"; shift ;;
        --quick) scripts=6 long_scripts=2 statements=500 ;;
        --json) json=1 ;;
        -h | --help) usage ;;
        *)
            echo "Unknown argument: $1" >&2
            usage
            ;;
    esac
    shift
done

ensure_swift
# img2pdf and poppler-utils: the peer pipeline's tools.
ensure_packages "${RUNTIME_PACKAGES[@]}" img2pdf poppler-utils >&2
cd "$ROOT"
echo "== swift build -c release (scriptdesk, scriptdesk-bench)" >&2
swift build -c release --product scriptdesk >&2
swift build -c release --product scriptdesk-bench >&2
BENCH="$ROOT/.build/release/scriptdesk-bench"
CHECKER="$ROOT/.build/release/scriptdesk"

# On the project's own disk: publishing fsyncs, and a tmpfs would make that free.
WORK="$(mktemp -d "$ROOT/.build/bench-pdf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== drawing the archive: $scripts scripts of 12 pages, $long_scripts of 40, one of 100" >&2
"$BENCH" pdf-archive --out "$WORK/archive-12" --scripts "$scripts" --pages 12 2>/dev/null
"$BENCH" pdf-archive --out "$WORK/archive-40" --scripts "$long_scripts" --pages 40 2>/dev/null
"$BENCH" pdf-archive --out "$WORK/archive-100" --scripts 1 --pages 100 2>/dev/null

ours() {
    "$BENCH" pdf --archive "$WORK/archive-$1" --work "$WORK/ours-$1" --checker "$CHECKER" --parallel "$2" 2>/dev/null
}
peer() {
    "$ROOT/scripts/bench-peers/pdf_peer.sh" "$WORK/archive-$1" "$WORK/peer-$1" "$2"
}

echo "== 12-page scripts, $parallel at a time: ScriptDesk, then the peer pipeline" >&2
ours_12="$(ours 12 "$parallel")"
peer_12="$(peer 12 "$parallel")"
echo "== 40-page scripts, $parallel at a time: ScriptDesk, then the peer pipeline" >&2
ours_40="$(ours 40 "$parallel")"
peer_40="$(peer 40 "$parallel")"
echo "== one 100-page script alone, for peak memory" >&2
ours_100="$(ours 100 1)"
echo "== statements of results for $statements candidates through the queue" >&2
ours_statements="$("$BENCH" statements --storage "$WORK/statements" --checker "$CHECKER" --candidates "$statements" 2>/dev/null)"

python3 "$ROOT/scripts/bench-peers/pdf_report.py" "$json" "$scripts" "$long_scripts" "$parallel" \
    "$ours_12" "$peer_12" "$ours_40" "$peer_40" "$ours_100" "$ours_statements"
