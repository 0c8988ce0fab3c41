"""Measures procrastinate on PostgreSQL, run the way its documentation runs it.

This process creates procrastinate's schema in the given (new, empty) database and defers
the jobs; the `procrastinate worker` command then runs them in a separate process, with an
asynchronous no-op task, the worker's defaults (LISTEN/NOTIFY wake-ups with a 5 s fallback
poll, finished jobs kept) and logging at warning level. Prints one JSON object.

The worker's connection pool is sized to its concurrency (psycopg_pool's default of 4
connections would leave job slots waiting for a connection to record their jobs' ends).

Between deferring and draining, the jobs table is analysed, as autovacuum keeps it on a
database in service; a benchmark's brand-new table would otherwise be planned as empty.

Enqueue throughput is that of `batch_defer_async`, procrastinate's fastest documented way
to defer many jobs; the rate of one `defer_async` call per job, its everyday path, is
measured on the first jobs and reported beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import common

SYSTEM = "procrastinate"
HERE = Path(__file__).resolve().parent

# The worker's pool holds one connection per job slot and these besides: one for the job
# fetches (one at a time), one each for the heartbeat and the abort polling, and a spare.
# The worker's LISTEN connection is outside the pool.
WORKER_POOL_EXTRA = 4


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="URL of a new, empty database")
    parser.add_argument("--jobs", type=int, default=20_000, help="jobs to enqueue and drain")
    parser.add_argument("--concurrency", type=int, default=4, help="worker job slots")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=500,
        help="jobs per batch_defer_async call (scriptdesk-bench commits 500 per transaction)",
    )
    parser.add_argument(
        "--single-jobs",
        type=int,
        default=1_000,
        help="of the jobs, how many are deferred one call each (at most a tenth of --jobs)",
    )
    parser.add_argument(
        "--samples", type=int, default=common.IDLE_SAMPLES, help="idle-pickup probes"
    )
    return parser.parse_args()


def start_worker(concurrency: int, pool_size: int) -> subprocess.Popen[bytes]:
    """Starts `procrastinate worker` with a connection pool of `pool_size` connections."""
    command = [str(Path(sys.executable).parent / "procrastinate")]
    command += ["--app", "procrastinate_tasks.app", "--log-level", "warning"]
    command += ["worker", "--concurrency", str(concurrency)]
    environment = dict(os.environ)
    environment["SCRIPTDESK_BENCH_PROCRASTINATE_POOL_SIZE"] = str(pool_size)
    # Its output (warnings only) belongs with the progress lines on stderr.
    return subprocess.Popen(
        command, cwd=HERE, env=environment, stdout=sys.stderr, stderr=sys.stderr
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the worker the way an operator would: SIGTERM, a graceful shutdown."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def run(arguments: argparse.Namespace) -> None:
    os.environ["SCRIPTDESK_BENCH_PROCRASTINATE_DATABASE"] = arguments.database
    descriptor, runs_path = tempfile.mkstemp(prefix="procrastinate-", suffix=".runs")
    os.close(descriptor)
    os.environ[common.RECORD_PATH_VARIABLE] = runs_path
    os.environ["PYTHONPATH"] = str(HERE)
    reader = common.RecordReader(runs_path)

    import procrastinate_tasks  # configured by the environment just set

    app, noop = procrastinate_tasks.app, procrastinate_tasks.noop
    jobs = arguments.jobs
    single = min(arguments.single_jobs, jobs // 10)

    async with app.open_async():
        await app.schema_manager.apply_schema_async()
        settings = {}
        for name in ("server_version", "fsync", "synchronous_commit"):
            row = await app.connector.execute_query_one_async(f"SHOW {name}")
            settings[name] = row[name]

        common.progress(SYSTEM, f"deferring {single} jobs one defer_async call each")
        started = time.perf_counter()
        for index in range(single):
            await noop.defer_async(index=index)
        single_rate = single / (time.perf_counter() - started)
        common.progress(SYSTEM, f"deferred one by one at {single_rate:,.0f} jobs/s")

        common.progress(
            SYSTEM,
            f"deferring {jobs - single} jobs with batch_defer_async, "
            f"{arguments.batch_size} per call",
        )
        started = time.perf_counter()
        for first in range(single, jobs, arguments.batch_size):
            last = min(first + arguments.batch_size, jobs)
            await noop.batch_defer_async(*({"index": index} for index in range(first, last)))
        batch_rate = (jobs - single) / (time.perf_counter() - started)
        common.progress(SYSTEM, f"deferred in batches at {batch_rate:,.0f} jobs/s")

        # Statistics as autovacuum keeps them on a database in service. Without them, on a
        # table last analysed empty, PostgreSQL plans procrastinate's fetch as a sort of
        # every waiting job, and each fetch costs milliseconds instead of microseconds.
        await app.connector.execute_query_async("ANALYZE procrastinate_jobs")

        pool_size = arguments.concurrency + WORKER_POOL_EXTRA
        worker = start_worker(arguments.concurrency, pool_size)
        try:

            def alive() -> bool:
                return worker.poll() is None

            common.progress(SYSTEM, f"draining with concurrency {arguments.concurrency}")
            drained = reader.wait_for(jobs, timeout=900, poll=0.02, alive=alive)
            drain = common.drain_rate(drained)
            common.progress(SYSTEM, f"drained at {drain:,.0f} jobs/s")

            await asyncio.sleep(common.IDLE_SETTLE_SECONDS)
            common.progress(SYSTEM, f"idle pickup: {arguments.samples} probes")
            latencies: list[float] = []
            for probe, gap in enumerate(common.idle_gaps(arguments.samples)):
                await asyncio.sleep(gap)
                enqueued = common.now_ns()
                await noop.defer_async(index=jobs + probe)
                (run,) = reader.wait_for(1, timeout=60, poll=0.0005, alive=alive)
                latencies.append((run.started_ns - enqueued) / 1e6)
        finally:
            stop(worker)
            os.unlink(runs_path)

    common.emit(
        system=SYSTEM,
        jobs=jobs,
        enqueue_jobs_per_s=batch_rate,
        drain_jobs_per_s=drain,
        idle_latencies_ms=latencies,
        durability=(
            f"PostgreSQL {settings['server_version']}, fsync={settings['fsync']}, "
            f"synchronous_commit={settings['synchronous_commit']}; a transaction per "
            "defer call, per job fetch and per job completion"
        ),
        notes=(
            f"procrastinate {version('procrastinate')}, psycopg {version('psycopg')}; "
            f"enqueue: batch_defer_async, {arguments.batch_size} jobs per call "
            f"(one defer_async per job: {single_rate:,.0f} jobs/s); procrastinate worker "
            f"--concurrency {arguments.concurrency} with a pool of {pool_size} connections, "
            "async task, LISTEN/NOTIFY with the default 5 s fallback poll, finished jobs "
            "kept (the default); jobs table analysed after enqueueing, as autovacuum keeps "
            "it in service"
        ),
        extra={
            "concurrency": arguments.concurrency,
            "worker_pool_connections": pool_size,
            "enqueue_method": f"batch_defer_async, {arguments.batch_size} jobs per call",
            "enqueue_single_jobs_per_s": round(single_rate, 1),
        },
    )


def main() -> None:
    asyncio.run(run(parse_arguments()))


if __name__ == "__main__":
    main()
