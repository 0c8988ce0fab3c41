public import ScriptDeskStore

/// The queue's tables.
public enum QueueSchema {
    /// Every step, in order.
    public static let migrations: [Migration] = [jobs, probes, lanes, workers, announcements]

    static let jobs = Migration(id: "queue.001.jobs") { dialect in
        [
            """
            CREATE TABLE jobs (
                id \(dialect.autoIncrementKey), kind TEXT NOT NULL, lane TEXT NOT NULL, payload TEXT NOT NULL,
                unique_key TEXT, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL, run_at TEXT NOT NULL, lease_token TEXT, lease_expires_at TEXT,
                worker_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
                last_error_code TEXT, last_error_message TEXT)
            """,
            "CREATE INDEX jobs_claimable ON jobs (state, lane, run_at, id)",
            "CREATE INDEX jobs_leases ON jobs (state, lease_expires_at)",
            "CREATE UNIQUE INDEX jobs_live_unique ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('waiting', 'running')",
            """
            CREATE TABLE job_errors (
                id \(dialect.autoIncrementKey), job_id BIGINT NOT NULL REFERENCES jobs(id), attempt INTEGER NOT NULL,
                at TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, transient INTEGER NOT NULL)
            """,
            "CREATE INDEX job_errors_by_job ON job_errors (job_id, id)",
        ]
    }

    /// Lanes operations have paused: no job of a paused lane is claimed until it is resumed.
    static let lanes = Migration(id: "queue.003.lanes") { _ in
        ["CREATE TABLE queue_lanes (lane TEXT PRIMARY KEY, paused INTEGER NOT NULL, updated_at TEXT NOT NULL)"]
    }

    /// Worker processes and their heartbeats (for the monitor and for changing concurrency at
    /// run time), the periods in which each periodic job was enqueued, and an index for
    /// throughput and retention over finished jobs.
    static let workers = Migration(id: "queue.004.workers") { _ in
        [
            """
            CREATE TABLE queue_workers (
                id TEXT PRIMARY KEY, concurrency INTEGER NOT NULL, desired_concurrency INTEGER,
                started_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE queue_periodic_runs (
                name TEXT NOT NULL, period_start TEXT NOT NULL, job_id BIGINT NOT NULL, PRIMARY KEY (name, period_start))
            """,
            "CREATE INDEX jobs_finished ON jobs (state, finished_at)",
        ]
    }

    /// On PostgreSQL, every statement that adds jobs announces work on the work channel
    /// itself, once per statement (and PostgreSQL folds equal notifications of one
    /// transaction into one, delivered at its commit): an enqueue needs no statement of its
    /// own for it, and jobs added by any other means wake the workers too.
    static let announcements = Migration(id: "queue.005.announcements") { dialect in
        guard dialect == .postgres else { return [] }
        return [
            """
            CREATE FUNCTION scriptdesk_announce_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(SQLJobQueue.workChannel)', '');
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER jobs_announce AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION scriptdesk_announce_jobs()",
        ]
    }

    /// What probe jobs record; deliberately without a unique key, so a duplicate run would show.
    static let probes = Migration(id: "queue.002.probes") { _ in
        ["CREATE TABLE queue_probes (job_id BIGINT NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL)"]
    }
}
