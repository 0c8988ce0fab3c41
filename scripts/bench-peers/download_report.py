"""Sets ScriptDesk's download figures beside nginx's: a table, or one JSON object.

Arguments: json-flag duration connections threads token-json serve-peak-rss-kb, then for
each wrk run five values: side (ours or nginx), size (large or small), the file's bytes,
the bytes of one whole response (headers and body), and wrk's JSON summary.

Every run is checked before anything is printed: no socket error, timeout or error
status, and the bytes wrk read must be those of whole 200 responses of this file (a run
that was answered 403, 410 or anything shorter cannot pass).
"""

import json
import sys

as_json = sys.argv[1] == "1"
duration, connections, threads = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
token = json.loads(sys.argv[5])
serve_rss_mb = int(sys.argv[6] or 0) / 1024
values = sys.argv[7:]
LABELS = {"large": "5mb", "small": "200kb"}
NAMES = {"large": "5 MB copy", "small": "200 KB copy"}


def fail(message):
    print(f"download benchmark: {message}", file=sys.stderr)
    sys.exit(1)


runs = {}
for index in range(0, len(values), 5):
    side, size, file_bytes, response_bytes, summary = values[index:index + 5]
    file_bytes, response_bytes, summary = int(file_bytes), int(response_bytes), json.loads(summary)
    where = f"{side}, {size} copy"
    errors = {key: summary[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")}
    if any(errors.values()):
        fail(f"{where}: wrk saw errors {errors}")
    requests = summary["requests"]
    if requests == 0:
        fail(f"{where}: no request completed")
    # Whole responses only; at most one response per connection still in flight at the end,
    # and a little slack per response for headers whose length may vary (the date).
    low, high = requests * response_bytes, (requests + connections) * response_bytes + requests * 16
    if not low <= summary["bytes"] <= high:
        fail(f"{where}: wrk read {summary['bytes']} bytes for {requests} responses of {response_bytes}; not the file each time")
    seconds = summary["duration_us"] / 1e6
    runs[(side, size)] = {
        "req_per_s": requests / seconds,
        "mb_per_s": requests * file_bytes / seconds / 1e6,
        "bytes": file_bytes,
        "p50_ms": summary["latency_p50_us"] / 1000,
        "p99_ms": summary["latency_p99_us"] / 1000,
    }

result = {
    "duration_s": duration,
    "wrk_connections": connections,
    "wrk_threads": threads,
    "token_verify_us": token["token_verify_us"],
    "token_claim_us": token["token_claim_us"],
    "serve_peak_rss_mb": round(serve_rss_mb, 1),
}
for size, label in LABELS.items():
    ours, nginx = runs[("ours", size)], runs[("nginx", size)]
    result[f"bytes_{label}"] = ours["bytes"]
    for side, run in (("ours", ours), ("nginx", nginx)):
        result[f"{side}_{label}_req_per_s"] = round(run["req_per_s"], 1)
        result[f"{side}_{label}_mb_per_s"] = round(run["mb_per_s"], 1)
        result[f"{side}_{label}_p50_ms"] = round(run["p50_ms"], 2)
        result[f"{side}_{label}_p99_ms"] = round(run["p99_ms"], 2)
    result[f"ratio_{label}"] = round(ours["req_per_s"] / nginx["req_per_s"], 3)
result["targets_met"] = {
    "ratio_5mb": result["ratio_5mb"] >= 0.5,
    "ratio_200kb": result["ratio_200kb"] >= 0.5,
    "token_verify_us": result["token_verify_us"] <= 5,
}

if as_json:
    print(json.dumps(result, sort_keys=True))
    sys.exit(0)


def verdict(met):
    return "met" if met else "MISSED"


print(f"wrk on loopback: {connections} keep-alive connections, {threads} threads, {duration} s per server and file")
print(f"copies of {runs[('ours', 'large')]['bytes']:,} and {runs[('ours', 'small')]['bytes']:,} bytes")
print(f"{'':<24}{'ScriptDesk /d/{token}':>24}{'nginx (sendfile)':>20}{'ratio':>8}  target")
for size, label in LABELS.items():
    ours, nginx = runs[("ours", size)], runs[("nginx", size)]
    name = NAMES[size]
    ratio = result[f"ratio_{label}"]
    print(f"{name + ', requests/s':<24}{ours['req_per_s']:>24,.0f}{nginx['req_per_s']:>20,.0f}{ratio:>8.2f}  "
          f">= 0.5: {verdict(result['targets_met'][f'ratio_{label}'])}")
    print(f"{'  MB/s':<24}{ours['mb_per_s']:>24,.0f}{nginx['mb_per_s']:>20,.0f}")
    print(f"{'  latency p50 / p99, ms':<24}{ours['p50_ms']:>15.1f} / {ours['p99_ms']:>6.1f}{nginx['p50_ms']:>11.1f} / {nginx['p99_ms']:>6.1f}")
print(f"{'token verify, us':<24}{result['token_verify_us']:>24.2f}{'':>28}  <= 5: {verdict(result['targets_met']['token_verify_us'])}")
print(f"{'  of which claim, us':<24}{result['token_claim_us']:>24.2f}")
print(f"{'serve peak RSS, MB':<24}{result['serve_peak_rss_mb']:>24.1f}")
