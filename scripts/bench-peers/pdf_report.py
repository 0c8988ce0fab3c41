"""Sets ScriptDesk's PDF figures beside the peer pipeline's: a table, or one JSON object.

Arguments: json-flag scripts long-scripts parallel ours-12 peer-12-seconds ours-40
peer-40-seconds ours-100 ours-statements, where each `ours-*` is scriptdesk-bench's JSON.
"""

import json
import sys

as_json, scripts, long_scripts, parallel = sys.argv[1] == "1", int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ours_12, ours_40, ours_100 = json.loads(sys.argv[5]), json.loads(sys.argv[7]), json.loads(sys.argv[9])
statements = json.loads(sys.argv[10])
peer_12 = scripts / float(sys.argv[6])
peer_40 = long_scripts / float(sys.argv[8])

result = {
    "ours_scripts_per_s": round(ours_12["scripts_per_s"], 2),
    "peer_scripts_per_s": round(peer_12, 2),
    "ratio": round(ours_12["scripts_per_s"] / peer_12, 2),
    "ours_40_page_scripts_per_s": round(ours_40["scripts_per_s"], 2),
    "peer_40_page_scripts_per_s": round(peer_40, 2),
    "ratio_40_pages": round(ours_40["scripts_per_s"] / peer_40, 2),
    "build_pages_per_s": round(ours_12["build_pages_per_s"], 1),
    "check_ms_per_page": round(ours_12["check_ms_per_page"], 2),
    "fetch_ms_per_script": round(ours_12["fetch_ms_per_script"], 1),
    "publish_ms_per_script": round(ours_12["publish_ms_per_script"], 1),
    "peak_rss_mb_100_pages": round(max(ours_100["peak_rss_mb"], ours_100["peak_child_rss_mb"]), 1),
    "peak_rss_mb_100_pages_worker": round(ours_100["peak_rss_mb"], 1),
    "peak_rss_mb_100_pages_check": round(ours_100["peak_child_rss_mb"], 1),
    "statements_per_s": round(statements["statements_per_s"], 1),
    "statements": int(statements["statements"]),
    "statement_mean_bytes": round(statements["mean_bytes"]),
    "parallel": parallel,
    "scripts": scripts,
    "long_scripts": long_scripts,
}

if as_json:
    print(json.dumps(result, sort_keys=True))
    sys.exit(0)

targets = [
    ("12-page scripts/s, ScriptDesk", result["ours_scripts_per_s"], ""),
    ("12-page scripts/s, img2pdf+pdfinfo+pdftoppm+cp", result["peer_scripts_per_s"], ""),
    ("ratio", result["ratio"], "target >= 5"),
    ("40-page scripts/s, ScriptDesk", result["ours_40_page_scripts_per_s"], ""),
    ("40-page scripts/s, peer pipeline", result["peer_40_page_scripts_per_s"], ""),
    ("ratio, 40 pages", result["ratio_40_pages"], ""),
    ("build pages/s (one thread)", result["build_pages_per_s"], "target >= 500"),
    ("check ms/page (child process, every image decoded)", result["check_ms_per_page"], "target <= 5"),
    ("fetch ms/script (libcurl, size and SHA-256 verified)", result["fetch_ms_per_script"], ""),
    ("publish ms/script (fsync, rename)", result["publish_ms_per_script"], ""),
    ("peak RSS MB, 100-page script", result["peak_rss_mb_100_pages"], "target <= 100"),
    (f"statements of results/s ({result['statements']}, queue+check+publish)", result["statements_per_s"], "target >= 100"),
]
width = max(len(name) for name, _, _ in targets)
print(f"{scripts} twelve-page and {long_scripts} forty-page scripts, {parallel} at a time")
for name, value, target in targets:
    print(f"{name:<{width}}  {value:>10}  {target}")
