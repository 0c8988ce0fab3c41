"""The procrastinate application of the benchmark, on the database named in the environment.

Imported both by `procrastinate_peer.py`, which defers jobs, and by the `procrastinate
worker` command, which runs them, as a procrastinate user splits the two.
"""

from __future__ import annotations

import os

import procrastinate

from common import Recorder, now_ns

app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(
        conninfo=os.environ["SCRIPTDESK_BENCH_PROCRASTINATE_DATABASE"]
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
