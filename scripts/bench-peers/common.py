"""Measurement shared by the peer queues of `scripts/bench queue`.

Every peer runs the same no-op task. The task stamps the moment its first line runs and
the moment its body ends with the system-wide monotonic clock (CLOCK_MONOTONIC, the same
in every process on the machine) and appends one fixed-size record to a file opened with
O_APPEND: a single small write(2) per task, atomic between processes and cheap next to
what any queue spends on a job. The benchmark process reads the file to learn when the
drain started and ended and when each idle-pickup probe began to run.

Results are printed as one JSON object on stdout, with the same keys as ScriptDesk's own
`scriptdesk-bench queue --json`; progress goes to stderr.
"""

from __future__ import annotations

import json
import math
import os
import random
import struct
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# One record per task run: the job's index, its start and its end, in nanoseconds.
RECORD = struct.Struct("<qqq")

# Environment variable through which the worker processes learn where to record.
RECORD_PATH_VARIABLE = "SCRIPTDESK_BENCH_RECORD_PATH"

# Idle-pickup probes: how many, and the random pause before each (after the previous
# probe has started running), uniform between these bounds as in scriptdesk-bench, from a
# fixed seed so that every peer sees the same sequence of pauses.
IDLE_SAMPLES = 1000
IDLE_GAP_SECONDS = (0.005, 0.020)
IDLE_SEED = 20_000

# How long the worker sits idle after the drain before the first probe.
IDLE_SETTLE_SECONDS = 1.0


def now_ns() -> int:
    """The system-wide monotonic clock, comparable across processes."""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class Recorder:
    """The task side: appends one record per run to the file named in the environment."""

    def __init__(self) -> None:
        self._fd: int | None = None

    def record(self, index: int, started_ns: int, ended_ns: int) -> None:
        if self._fd is None:
            self._fd = os.open(
                os.environ[RECORD_PATH_VARIABLE], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644
            )
        os.write(self._fd, RECORD.pack(index, started_ns, ended_ns))


@dataclass(frozen=True)
class Run:
    """One task run as recorded by the task."""

    index: int
    started_ns: int
    ended_ns: int


class RecordReader:
    """The benchmark side: follows the record file as the workers append to it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._offset = 0
        self._partial = b""
        # Created empty here so that the workers only ever append.
        open(path, "wb").close()

    def read_new(self) -> list[Run]:
        """Every run recorded since the last call."""
        with open(self.path, "rb") as file:
            file.seek(self._offset)
            data = self._partial + file.read()
        self._offset += len(data) - len(self._partial)
        whole = len(data) - len(data) % RECORD.size
        self._partial = data[whole:]
        return [Run(*fields) for fields in RECORD.iter_unpack(data[:whole])]

    def wait_for(
        self, count: int, timeout: float, poll: float, alive: Callable[[], bool]
    ) -> list[Run]:
        """Waits until `count` more runs have been recorded; returns them."""
        runs: list[Run] = []
        deadline = time.monotonic() + timeout
        while len(runs) < count:
            runs.extend(self.read_new())
            if len(runs) >= count:
                break
            if not alive():
                raise SystemExit("the worker process exited before the jobs were done")
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out: {len(runs)} of {count} jobs ran in {timeout:.0f} s")
            time.sleep(poll)
        return runs


def idle_gaps(samples: int = IDLE_SAMPLES) -> Iterator[float]:
    """The pauses before each idle probe, in seconds."""
    generator = random.Random(IDLE_SEED)
    for _ in range(samples):
        yield generator.uniform(*IDLE_GAP_SECONDS)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the smallest value with `fraction` of values at or below)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def drain_rate(runs: list[Run]) -> float:
    """Jobs per second from the first job's start to the last job's end."""
    first = min(run.started_ns for run in runs)
    last = max(run.ended_ns for run in runs)
    return len(runs) / ((last - first) / 1e9)


def progress(system: str, message: str) -> None:
    print(f"[{system}] {message}", file=sys.stderr, flush=True)


def emit(
    *,
    system: str,
    jobs: int,
    enqueue_jobs_per_s: float,
    drain_jobs_per_s: float,
    idle_latencies_ms: list[float],
    durability: str,
    notes: str,
    extra: dict[str, object] | None = None,
) -> None:
    """Prints the result object on stdout."""
    result: dict[str, object] = {
        "system": system,
        "jobs": jobs,
        "enqueue_jobs_per_s": round(enqueue_jobs_per_s, 1),
        "drain_jobs_per_s": round(drain_jobs_per_s, 1),
        "idle_pickup_p50_ms": round(percentile(idle_latencies_ms, 0.50), 3),
        "idle_pickup_p99_ms": round(percentile(idle_latencies_ms, 0.99), 3),
        # Not measured for the peers: their priority handling is not what is compared.
        "priority_pickup_p99_ms_under_backlog": None,
        "durability": durability,
        "notes": notes,
        "idle_samples": len(idle_latencies_ms),
        **(extra or {}),
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
