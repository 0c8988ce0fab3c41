"""Combines the results of `scripts/bench queue` into a table or one JSON object.

Each input file holds the JSON object one run printed: ScriptDesk on SQLite and on
PostgreSQL (`scriptdesk-bench queue --json`), and huey and procrastinate (the peers here),
each peer once at each of its concurrencies. Every peer run measures enqueue, drain and
idle pickup, and every one is reported. A peer's best run is the one with the highest
drain throughput; the peer's single figures (`huey_jobs_per_s`, `huey_enqueue_jobs_per_s`,
`huey_idle_pickup_p99_ms` and the like, and its entry in `systems` and `concurrency`) are
those of its best run, and the ratios are ScriptDesk's figure over that run's.
Throughput compared is drain throughput unless said otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Result = dict[str, Any]

# What every system's result must hold (besides system, durability and the priority figure,
# which may be null).
REQUIRED_KEYS = (
    "jobs",
    "enqueue_jobs_per_s",
    "drain_jobs_per_s",
    "idle_pickup_p50_ms",
    "idle_pickup_p99_ms",
)

# What each peer run's entry in `huey_runs` and `procrastinate_runs` holds.
RUN_KEYS = (
    "concurrency",
    "enqueue_jobs_per_s",
    "drain_jobs_per_s",
    "idle_pickup_p50_ms",
    "idle_pickup_p99_ms",
)

# The targets the queue is held to.
RATIO_VS_HUEY = 5.0
RATIO_VS_PROCRASTINATE = 10.0
SQLITE_DRAIN = 12_000.0
POSTGRES_DRAIN = 10_000.0
IDLE_PICKUP_P99_MS = 5.0
PRIORITY_PICKUP_P99_MS = 100.0


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    limit: float
    at_least: bool  # True: value >= limit; False: value <= limit
    unit: str

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "at_least": self.at_least,
            "met": self.met,
        }


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ours-sqlite", required=True, help="ScriptDesk on SQLite")
    parser.add_argument(
        "--huey", required=True, nargs="+", help="huey's results, one per concurrency"
    )
    parser.add_argument("--ours-postgres", required=True, help="ScriptDesk on PostgreSQL")
    parser.add_argument(
        "--procrastinate",
        required=True,
        nargs="+",
        help="procrastinate's results, one per concurrency",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def load(path: str) -> Result:
    with open(path, encoding="utf-8") as file:
        result: Result = json.load(file)
    for key in REQUIRED_KEYS:
        if result.get(key) is None:
            raise SystemExit(f"{path}: the result has no '{key}'")
    return result


def load_runs(paths: Sequence[str]) -> list[Result]:
    """A peer's runs, by concurrency; each must say its concurrency, and no two the same."""
    runs = [load(path) for path in paths]
    for path, run in zip(paths, runs):
        if run.get("concurrency") is None:
            raise SystemExit(f"{path}: the result has no 'concurrency'")
    concurrencies = [run["concurrency"] for run in runs]
    if len(set(concurrencies)) != len(concurrencies):
        raise SystemExit(f"{', '.join(paths)}: two runs at the same concurrency")
    return sorted(runs, key=lambda run: run["concurrency"])


def best(runs: list[Result]) -> Result:
    """The run with the highest drain throughput (of equals, the lowest concurrency)."""
    return max(runs, key=lambda run: run["drain_jobs_per_s"])


def ratio(ours: float, peer: float) -> float:
    return round(ours / peer, 2)


def worse(*values: float | None) -> float | None:
    """The larger (worse) latency, ignoring the ones not measured."""
    measured = [value for value in values if value is not None]
    return max(measured) if measured else None


def combine(
    sqlite: Result, huey_runs: list[Result], postgres: Result, procrastinate_runs: list[Result]
) -> tuple[Result, list[Target]]:
    huey, procrastinate = best(huey_runs), best(procrastinate_runs)
    systems = {
        "scriptdesk_sqlite": sqlite,
        "huey": huey,
        "scriptdesk_postgres": postgres,
        "procrastinate": procrastinate,
    }
    priority_key = "priority_pickup_p99_ms_under_backlog"
    summary: Result = {
        "jobs": sqlite["jobs"],
        "concurrency": {name: result.get("concurrency") for name, result in systems.items()},
        "sqlite_jobs_per_s": sqlite["drain_jobs_per_s"],
        "huey_jobs_per_s": huey["drain_jobs_per_s"],
        "ratio_sqlite_vs_huey": ratio(sqlite["drain_jobs_per_s"], huey["drain_jobs_per_s"]),
        "postgres_jobs_per_s": postgres["drain_jobs_per_s"],
        "procrastinate_jobs_per_s": procrastinate["drain_jobs_per_s"],
        "ratio_postgres_vs_procrastinate": ratio(
            postgres["drain_jobs_per_s"], procrastinate["drain_jobs_per_s"]
        ),
        "sqlite_enqueue_jobs_per_s": sqlite["enqueue_jobs_per_s"],
        "huey_enqueue_jobs_per_s": huey["enqueue_jobs_per_s"],
        "ratio_sqlite_vs_huey_enqueue": ratio(
            sqlite["enqueue_jobs_per_s"], huey["enqueue_jobs_per_s"]
        ),
        "postgres_enqueue_jobs_per_s": postgres["enqueue_jobs_per_s"],
        "procrastinate_enqueue_jobs_per_s": procrastinate["enqueue_jobs_per_s"],
        "ratio_postgres_vs_procrastinate_enqueue": ratio(
            postgres["enqueue_jobs_per_s"], procrastinate["enqueue_jobs_per_s"]
        ),
        "idle_pickup_p99_ms": worse(sqlite["idle_pickup_p99_ms"], postgres["idle_pickup_p99_ms"]),
        "sqlite_idle_pickup_p50_ms": sqlite["idle_pickup_p50_ms"],
        "sqlite_idle_pickup_p99_ms": sqlite["idle_pickup_p99_ms"],
        "postgres_idle_pickup_p50_ms": postgres["idle_pickup_p50_ms"],
        "postgres_idle_pickup_p99_ms": postgres["idle_pickup_p99_ms"],
        "huey_idle_pickup_p99_ms": huey["idle_pickup_p99_ms"],
        "procrastinate_idle_pickup_p99_ms": procrastinate["idle_pickup_p99_ms"],
        "huey_idle_pickup_p50_ms": huey["idle_pickup_p50_ms"],
        "procrastinate_idle_pickup_p50_ms": procrastinate["idle_pickup_p50_ms"],
        priority_key: worse(sqlite.get(priority_key), postgres.get(priority_key)),
        f"sqlite_{priority_key}": sqlite.get(priority_key),
        f"postgres_{priority_key}": postgres.get(priority_key),
        "huey_best_concurrency": huey["concurrency"],
        "huey_runs": [{key: run[key] for key in RUN_KEYS} for run in huey_runs],
        "procrastinate_best_concurrency": procrastinate["concurrency"],
        "procrastinate_runs": [{key: run[key] for key in RUN_KEYS} for run in procrastinate_runs],
    }
    targets = [
        Target("SQLite drain vs huey", summary["ratio_sqlite_vs_huey"], RATIO_VS_HUEY, True, "x"),
        Target(
            "PostgreSQL drain vs procrastinate",
            summary["ratio_postgres_vs_procrastinate"],
            RATIO_VS_PROCRASTINATE,
            True,
            "x",
        ),
        Target("SQLite drain", summary["sqlite_jobs_per_s"], SQLITE_DRAIN, True, "jobs/s"),
        Target("PostgreSQL drain", summary["postgres_jobs_per_s"], POSTGRES_DRAIN, True, "jobs/s"),
        Target("Idle pickup p99", summary["idle_pickup_p99_ms"], IDLE_PICKUP_P99_MS, False, "ms"),
        # No worse than procrastinate's, measured in the same run (its best-drain run).
        Target(
            "Idle pickup p99 vs procrastinate",
            summary["idle_pickup_p99_ms"],
            procrastinate["idle_pickup_p99_ms"],
            False,
            "ms",
        ),
        Target(
            "Priority pickup p99 under backlog",
            summary[priority_key],
            PRIORITY_PICKUP_P99_MS,
            False,
            "ms",
        ),
    ]
    summary["targets"] = [target.as_json() for target in targets]
    summary["targets_met"] = all(target.met for target in targets)
    summary["systems"] = systems
    return summary, targets


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "not measured"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:,.0f}" + (f" {unit}" if unit else "")


def row(label: str, result: Result, mark: str = "") -> str:
    """One run's line of the table: `mark` is put after it."""
    priority = result.get("priority_pickup_p99_ms_under_backlog")
    return (
        f"{label:30}{result.get('concurrency', '?'):>6}"
        f"{result['enqueue_jobs_per_s']:>11,.0f}{result['drain_jobs_per_s']:>10,.0f}"
        f"{result['idle_pickup_p50_ms']:>8.2f} ms{result['idle_pickup_p99_ms']:>8.2f} ms"
        + (f"{priority:>12.2f} ms" if priority is not None else f"{'-':>15}")
        + mark
    )


def table(summary: Result, targets: list[Target]) -> str:
    systems: dict[str, Result] = summary["systems"]
    labels = {
        "scriptdesk_sqlite": "ScriptDesk, SQLite",
        "huey": "huey 3 (SQLite)",
        "scriptdesk_postgres": "ScriptDesk, PostgreSQL",
        "procrastinate": "procrastinate 3 (PostgreSQL)",
    }
    lines = [
        f"Queue benchmark: {summary['jobs']:,} no-op jobs per run, {os.cpu_count()} cores",
        "",
        f"{'':30}{'slots':>6}{'enqueue/s':>11}{'drain/s':>10}{'idle p50':>11}{'idle p99':>11}"
        f"{'priority p99':>15}",
    ]
    for key, label in labels.items():
        if key in ("huey", "procrastinate"):
            best_concurrency = summary[f"{key}_best_concurrency"]
            for run in summary[f"{key}_runs"]:
                mark = "  best" if run["concurrency"] == best_concurrency else ""
                lines.append(row(label, run, mark))
        else:
            lines.append(row(label, systems[key]))
    lines += [
        "",
        "Each peer ran once at each concurrency (huey: consumer threads; procrastinate: worker",
        "tasks), each run on a fresh database and measuring enqueue, drain and idle pickup.",
        "Its best run is the one with the highest drain; the ratios are against that run.",
        "",
        f"{'ScriptDesk / peer (best run)':36}{'enqueue':>11}{'drain':>10}",
    ]
    for label, ratio_key, peer in (
        ("SQLite vs huey", "ratio_sqlite_vs_huey", "huey"),
        ("PostgreSQL vs procrastinate", "ratio_postgres_vs_procrastinate", "procrastinate"),
    ):
        enqueue, drain = summary[f"{ratio_key}_enqueue"], summary[ratio_key]
        label = f"{label} at {summary[f'{peer}_best_concurrency']}"
        lines.append(f"{label:36}{enqueue:>10.2f}x{drain:>9.2f}x")
    lines += [
        "",
        "Targets (ScriptDesk's latencies are the worse of its SQLite and PostgreSQL runs)",
    ]
    for target in targets:
        comparison = ">=" if target.at_least else "<="
        wanted = f"{comparison} {number(target.limit, target.unit)}"
        lines.append(
            f"  {'met' if target.met else 'MISSED':7}{target.name:36}{wanted:>18}"
            f"   measured {number(target.value, target.unit)}"
        )
    lines += ["", "How each system ran (the peers: their best runs)"]
    for key, label in labels.items():
        result = systems[key]
        details = [result.get("durability", "durability not stated")]
        if result.get("wakeups"):
            details.append(f"wakeups: {result['wakeups']}")
        if result.get("backlog") is not None:
            details.append(f"priority pickup measured under a backlog of {result['backlog']:,.0f}")
        if result.get("notes"):
            details.append(result["notes"])
        lines.append(f"  {label}: {details[0]}")
        lines += [f"  {'':{len(label)}}  {detail}" for detail in details[1:]]
    return "\n".join(lines)


def main() -> None:
    arguments = parse_arguments()
    summary, targets = combine(
        load(arguments.ours_sqlite),
        load_runs(arguments.huey),
        load(arguments.ours_postgres),
        load_runs(arguments.procrastinate),
    )
    if arguments.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(table(summary, targets))


if __name__ == "__main__":
    main()
