"""Merges `scripts/bench web --json` objects, one per database, into one for `--database both`.

Arguments: the JSON objects, each as one argument.

The console's figures already end in their database (`monitor_jobs_p99_ms_sqlite`) and
are kept as they are; every other figure gets its database as a suffix the same way
(`results_page_p99_ms_postgres`, `load_average_sqlite`). The settings both runs share
(clients, the target, what server time means) are kept once, and `databases` lists the
runs in order.
"""

import json
import sys

SHARED = ("clients", "target_p99_ms", "server_time")

merged = {"databases": []}
for text in sys.argv[1:]:
    report = json.loads(text)
    database = report.pop("database")
    merged["databases"].append(database)
    for key, value in report.items():
        if key in SHARED or key.endswith(f"_{database}"):
            merged[key] = value
        else:
            merged[f"{key}_{database}"] = value
print(json.dumps(merged, sort_keys=True))
