"""The huey application of the benchmark: SqliteHuey on the file named in the environment.

Imported both by `huey_peer.py`, which enqueues, and by `huey_consumer`, which runs the
tasks, exactly as a huey user splits producer and consumer.
"""

from __future__ import annotations

import os

from huey import SqliteHuey

from common import Recorder, now_ns

# SqliteHuey's own defaults throughout: WAL journal, SQLite's default synchronous level
# (FULL), one transaction per enqueue and per dequeue.
huey = SqliteHuey("bench", filename=os.environ["SCRIPTDESK_BENCH_HUEY_DATABASE"])

_recorder = Recorder()


@huey.task(name="noop")
def noop(index: int) -> None:
    """Does nothing but note when it ran."""
    started = now_ns()
    _recorder.record(index, started, now_ns())
