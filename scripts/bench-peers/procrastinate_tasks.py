"""The procrastinate application of the benchmark, on the database named in the environment.

Imported both by `procrastinate_peer.py`, which defers jobs, and by the `procrastinate
worker` command, which runs them, as a procrastinate user splits the two.
"""

from __future__ import annotations

import os

import procrastinate

from common import Recorder, now_ns

# Connections in the connector's pool, opened up front and kept. psycopg_pool's default is
# 4, enough for deferring, but a worker needs one per job finishing at the same moment
# besides its job fetches, heartbeat and abort polling (its LISTEN connection is its own),
# so `procrastinate_peer.py` sizes the worker's pool from its concurrency.
POOL_SIZE_VARIABLE = "SCRIPTDESK_BENCH_PROCRASTINATE_POOL_SIZE"
POOL_SIZE = int(os.environ.get(POOL_SIZE_VARIABLE, "4"))

app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(
        conninfo=os.environ["SCRIPTDESK_BENCH_PROCRASTINATE_DATABASE"],
        min_size=POOL_SIZE,
        max_size=POOL_SIZE,
    )
)

_recorder = Recorder()


# Asynchronous, as procrastinate recommends for concurrency above one: a synchronous task
# would run in a thread pool.
@app.task(name="noop")
async def noop(index: int) -> None:
    """Does nothing but note when it ran."""
    started = now_ns()
    _recorder.record(index, started, now_ns())
