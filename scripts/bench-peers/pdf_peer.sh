#!/usr/bin/env bash
# The pipeline a user would script with Debian's tools, for each script folder of an
# archive: img2pdf builds the PDF (JPEGs embedded losslessly), pdfinfo reads its page count
# (which must match the pages given), pdftoppm renders the first page's thumbnail, and cp
# publishes it. Runs PARALLEL scripts at a time and prints the seconds the whole batch took.
#
#   pdf_peer.sh ARCHIVE WORK PARALLEL
set -euo pipefail
archive="$1" work="$2" parallel="$3"
mkdir -p "$work/published"

one_script() {
    local folder="$1" work="$2" name out pages expected
    name="$(basename "$folder")"
    out="$work/$name"
    mkdir -p "$out"
    img2pdf "$folder"/page-*.jpg -o "$out/copy.pdf"
    pages="$(pdfinfo "$out/copy.pdf" | sed -n 's/^Pages: *//p')"
    expected="$(find "$folder" -name 'page-*.jpg' | wc -l)"
    [[ $pages == "$expected" ]] || {
        echo "$name: $pages pages, expected $expected" >&2
        exit 1
    }
    pdftoppm -png -f 1 -l 1 -scale-to 240 -singlefile "$out/copy.pdf" "$out/thumbnail"
    cp "$out/copy.pdf" "$work/published/$name.pdf"
    rm -rf "$out"
}
export -f one_script

start="$(date +%s.%N)"
find "$archive" -mindepth 1 -maxdepth 1 -name 'script-*' -print0 | sort -z |
    xargs -0 -P "$parallel" -I{} bash -c 'one_script "$1" "$2"' _ {} "$work"
end="$(date +%s.%N)"
awk -v start="$start" -v end="$end" 'BEGIN { printf "%.3f\n", end - start }'
