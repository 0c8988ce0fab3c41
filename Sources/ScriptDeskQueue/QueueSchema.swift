public import ScriptDeskStore

/// The queue's tables.
public enum QueueSchema {
    /// Every step, in order.
    public static let migrations: [Migration] = [jobs, probes, lanes, workers, announcements, console, centreSearch]

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

    /// What the operations console reads: what each job is about (request, centre, candidate
    /// and component, for search), when its current run started, which worker ran each failed
    /// attempt, each worker process's host, process id and version, jobs finished per lane and
    /// minute with their times as histogram buckets (so the overview reads a few hundred rows
    /// however long the queue), and every operator action with its progress.
    static let console = Migration(id: "queue.006.console") { dialect in
        [
            "ALTER TABLE jobs ADD COLUMN started_at TEXT",
            "ALTER TABLE jobs ADD COLUMN request_id TEXT",
            "ALTER TABLE jobs ADD COLUMN centre TEXT",
            "ALTER TABLE jobs ADD COLUMN candidate TEXT",
            "ALTER TABLE jobs ADD COLUMN component TEXT",
            "CREATE INDEX jobs_by_state ON jobs (state, id)",
            "CREATE INDEX jobs_by_centre ON jobs (centre, id)",
            "CREATE INDEX jobs_by_request ON jobs (request_id)",
            "CREATE INDEX jobs_by_error ON jobs (last_error_code, id)",
            "ALTER TABLE job_errors ADD COLUMN worker_id TEXT",
            "ALTER TABLE job_errors ADD COLUMN started_at TEXT",
            "ALTER TABLE queue_workers ADD COLUMN host TEXT",
            "ALTER TABLE queue_workers ADD COLUMN process_id INTEGER",
            "ALTER TABLE queue_workers ADD COLUMN version TEXT",
            """
            CREATE TABLE queue_minutes (
                lane TEXT NOT NULL, minute TEXT NOT NULL, measure TEXT NOT NULL, bucket INTEGER NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (lane, minute, measure, bucket))
            """,
            """
            CREATE TABLE queue_actions (
                id \(dialect.autoIncrementKey), actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, address TEXT,
                action TEXT NOT NULL, target TEXT NOT NULL, state TEXT NOT NULL, matched INTEGER NOT NULL,
                changed INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0, cursor_id BIGINT NOT NULL DEFAULT 0,
                job_id BIGINT, requested_at TEXT NOT NULL, finished_at TEXT, note TEXT)
            """,
            "CREATE INDEX queue_actions_recent ON queue_actions (requested_at, id)",
        ]
    }

    /// What probe jobs record; deliberately without a unique key, so a duplicate run would show.
    static let probes = Migration(id: "queue.002.probes") { _ in
        ["CREATE TABLE queue_probes (job_id BIGINT NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL)"]
    }

    /// A centre's jobs in one state, newest first, read from the index alone: the state rides
    /// along with each entry, so a search for a centre's finished jobs skips its newer waiting
    /// ones without reading their rows.
    static let centreSearch = Migration(id: "queue.007.centre-search") { _ in
        ["DROP INDEX jobs_by_centre", "CREATE INDEX jobs_by_centre ON jobs (centre, id, state)"]
    }
}
