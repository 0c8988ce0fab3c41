"""Measures huey with its SQLite storage, run the way its documentation runs it.

The producer (this process) enqueues every job by calling the task, the only enqueue path
huey has; then `huey_consumer` runs them in a separate process with thread workers and
the consumer's default polling (first wait 0.1 s when the queue is empty, growing by 1.15
each empty poll up to 10 s), logging only warnings (`-q`). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import common

SYSTEM = "huey"
HERE = Path(__file__).resolve().parent


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="path of a new SQLite file")
    parser.add_argument("--jobs", type=int, default=20_000, help="jobs to enqueue and drain")
    parser.add_argument("--concurrency", type=int, default=4, help="consumer worker threads")
    parser.add_argument(
        "--samples", type=int, default=common.IDLE_SAMPLES, help="idle-pickup probes"
    )
    return parser.parse_args()


def start_consumer(concurrency: int) -> subprocess.Popen[bytes]:
    consumer = Path(sys.executable).parent / "huey_consumer"
    command = [str(consumer), "huey_tasks.huey", "--workers", str(concurrency)]
    command += ["--worker-type", "thread", "--quiet"]
    # Its output (warnings only) belongs with the progress lines on stderr.
    return subprocess.Popen(command, cwd=HERE, stdout=sys.stderr, stderr=sys.stderr)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the consumer the way an operator would: SIGINT, a graceful shutdown."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    arguments = parse_arguments()
    database = Path(arguments.database).resolve()
    os.environ["SCRIPTDESK_BENCH_HUEY_DATABASE"] = str(database)
    os.environ[common.RECORD_PATH_VARIABLE] = str(database) + ".runs"
    os.environ["PYTHONPATH"] = str(HERE)
    reader = common.RecordReader(str(database) + ".runs")

    import huey_tasks  # configured by the environment just set

    connection = huey_tasks.huey.storage.conn
    journal = connection.execute("pragma journal_mode").fetchone()[0]
    synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
        connection.execute("pragma synchronous").fetchone()[0]
    ]

    jobs = arguments.jobs
    common.progress(SYSTEM, f"enqueueing {jobs} jobs (one task call each)")
    started = time.perf_counter()
    for index in range(jobs):
        huey_tasks.noop(index)
    enqueue_rate = jobs / (time.perf_counter() - started)
    common.progress(SYSTEM, f"enqueued at {enqueue_rate:,.0f} jobs/s")

    consumer = start_consumer(arguments.concurrency)
    try:

        def alive() -> bool:
            return consumer.poll() is None

        common.progress(SYSTEM, f"draining with {arguments.concurrency} worker threads")
        drained = reader.wait_for(jobs, timeout=900, poll=0.02, alive=alive)
        drain = common.drain_rate(drained)
        common.progress(SYSTEM, f"drained at {drain:,.0f} jobs/s")

        time.sleep(common.IDLE_SETTLE_SECONDS)
        common.progress(SYSTEM, f"idle pickup: {arguments.samples} probes")
        latencies: list[float] = []
        for probe, gap in enumerate(common.idle_gaps(arguments.samples)):
            time.sleep(gap)
            enqueued = common.now_ns()
            huey_tasks.noop(jobs + probe)
            (run,) = reader.wait_for(1, timeout=60, poll=0.0005, alive=alive)
            latencies.append((run.started_ns - enqueued) / 1e6)
    finally:
        stop(consumer)

    common.emit(
        system=SYSTEM,
        jobs=jobs,
        enqueue_jobs_per_s=enqueue_rate,
        drain_jobs_per_s=drain,
        idle_latencies_ms=latencies,
        durability=(
            f"SQLite journal_mode={journal.upper()}, synchronous={synchronous} "
            "(SqliteHuey defaults); one transaction per enqueue and per dequeue"
        ),
        notes=(
            f"huey {version('huey')}; enqueue: one task call per job; huey_consumer "
            f"--workers {arguments.concurrency} --worker-type thread --quiet, default "
            "polling: 0.1 s first wait, x1.15 backoff, 10 s cap"
        ),
        extra={
            "concurrency": arguments.concurrency,
            "enqueue_method": "task call (huey has no batch enqueue)",
        },
    )


if __name__ == "__main__":
    main()
