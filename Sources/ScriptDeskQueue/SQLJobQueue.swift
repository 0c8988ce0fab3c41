public import Foundation
public import Logging
import Metrics
import SQLKit
public import ScriptDeskCore
public import ScriptDeskStore

/// The queue kept in the application's own database, so that a request and its job are
/// written in one transaction.
public final class SQLJobQueue: JobQueue {
    /// Rung in this process when work is added or freed here, and, while `listenForWork()` runs
    /// on PostgreSQL, when another process announces work.
    public let doorbell = Doorbell()
    let database: Database
    let logger: Logger

    /// How long a standard job may wait before it is claimed ahead of priority work.
    public let standardAgeing: Duration

    /// A queue in `database`'s `jobs` tables, logging to `logger`; a standard job waiting
    /// longer than `standardAgeing` is claimed ahead of priority work.
    public init(database: Database, logger: Logger, standardAgeing: Duration = .seconds(600)) {
        self.database = database
        self.logger = logger
        self.standardAgeing = standardAgeing
    }

    /// The state column in a re-check beside a list of ids, written so that no index on it
    /// can serve: the planner would otherwise walk every job in that state through the state
    /// index and test each against the list (linear in the backlog). SQLite's planner does so
    /// whenever the state is common; PostgreSQL's does when its statistics were taken while
    /// few jobs were in that state (an idle queue says no job runs), and a completion of 500
    /// jobs then took 20 seconds. The ids are looked up by key either way.
    static let stateCheck = "(state || '')"

    /// Inserts the job in `db`'s transaction, or returns the id of the waiting or running job
    /// with the same unique key.
    public func enqueue(_ job: NewJob, in db: StoreConnection, now: Date) async throws -> Int64 {
        if let key = job.uniqueKey,
            let live = try await db.raw(
                "SELECT id FROM jobs WHERE unique_key = \(bind: key) AND state IN ('waiting', 'running')"
            ).first()
        {
            return Int64(try live.decode(column: "id", as: Int.self))
        }
        let stamp = SQLTime.text(now)
        let row = try await db.raw(
            """
            INSERT INTO jobs (kind, lane, payload, unique_key, state, attempts, max_attempts, run_at, created_at, updated_at,
                request_id, centre, candidate, component)
            VALUES (\(bind: job.kind), \(bind: job.lane.rawValue), \(bind: job.payload), \(bind: job.uniqueKey), 'waiting', 0,
                \(bind: max(job.maxAttempts, 1)), \(bind: SQLTime.text(job.runAt ?? now)), \(bind: stamp), \(bind: stamp),
                \(bind: job.about?.requestID), \(bind: job.about?.centre), \(bind: job.about?.candidate), \(bind: job.about?.component))
            RETURNING id
            """
        ).first()
        guard let row else { throw StoreError.missing(what: "The new job's id") }
        jobsAdded(on: db)
        Counter(label: "scriptdesk_queue_enqueued_total", dimensions: [("lane", job.lane.rawValue)]).increment()
        return Int64(try row.decode(column: "id", as: Int.self))
    }

    /// Inserts runs of keyless jobs at up to 500 rows a statement, jobs with a unique key one
    /// by one, and announces work once.
    public func enqueue(_ jobs: [NewJob], in db: StoreConnection, now: Date) async throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(jobs.count)
        let stamp = SQLTime.text(now)
        var start = jobs.startIndex
        while start < jobs.endIndex {
            if jobs[start].uniqueKey != nil {
                ids.append(try await enqueue(jobs[start], in: db, now: now))
                start += 1
                continue
            }
            // A run of keyless jobs, at most 500 rows (bind parameters are limited) per insert.
            var end = start
            while end < jobs.endIndex, end - start < 500, jobs[end].uniqueKey == nil { end += 1 }
            let rows = SQLList(
                jobs[start..<end].map { job in
                    SQLQueryString(
                        """
                        (\(bind: job.kind), \(bind: job.lane.rawValue), \(bind: job.payload), 'waiting', 0, \(bind: max(job.maxAttempts, 1)),
                            \(bind: SQLTime.text(job.runAt ?? now)), \(bind: stamp), \(bind: stamp), \(bind: job.about?.requestID),
                            \(bind: job.about?.centre), \(bind: job.about?.candidate), \(bind: job.about?.component))
                        """
                    )
                }
            )
            let inserted = try await db.raw(
                """
                INSERT INTO jobs (kind, lane, payload, state, attempts, max_attempts, run_at, created_at, updated_at, request_id,
                    centre, candidate, component)
                VALUES \(rows) RETURNING id
                """
            ).all()
            ids += try inserted.map { Int64(try $0.decode(column: "id", as: Int.self)) }.sorted()
            for lane in Lane.allCases {
                let count = jobs[start..<end].count { $0.lane == lane }
                if count > 0 { Counter(label: "scriptdesk_queue_enqueued_total", dimensions: [("lane", lane.rawValue)]).increment(by: count) }
            }
            start = end
        }
        if !jobs.isEmpty { jobsAdded(on: db) }
        return ids
    }

    /// Claims in one statement (`ClaimStatement`; a unit of work of its own, not flushed on
    /// its own on SQLite: a claim lost to a power cut leaves its jobs waiting), skipping paused
    /// lanes and, on PostgreSQL, rows other claimers hold; the jobs come back by due time, then id.
    public func claim(_ plan: ClaimPlan, workerID: String, lease: Duration, now: Date) async throws -> [ClaimedJob] {
        guard plan.limit > 0 else { return [] }
        let token = UUID().uuidString.lowercased()
        let expires = now.addingTimeInterval(lease.timeInterval)
        let statement = ClaimStatement(
            plan: plan,
            now: SQLTime.text(now),
            agedBefore: SQLTime.text(now.addingTimeInterval(-standardAgeing.timeInterval)),
            token: token,
            expires: SQLTime.text(expires),
            worker: workerID
        )
        let rows = try await database.writeStatement(flushed: false) { db in try await db.run(statement) }
        let jobs = try rows.map { try Self.job(from: $0, leaseToken: token, leaseExpiresAt: expires, claimedAt: now) }.sorted {
            ($0.dueAt, $0.id) < ($1.dueAt, $1.id)
        }
        for lane in Lane.allCases {
            let count = jobs.count { $0.lane == lane }
            if count > 0 { Counter(label: "scriptdesk_queue_claims_total", dimensions: [("lane", lane.rawValue)]).increment(by: count) }
        }
        return jobs
    }

    /// Moves the lease's end to `now + lease` while the job still holds it.
    public func heartbeat(_ job: ClaimedJob, lease: Duration, now: Date) async throws -> Bool {
        let expires = now.addingTimeInterval(lease.timeInterval)
        return try await updateLeased(
            job,
            set: "lease_expires_at = \(bind: SQLTime.text(expires)), updated_at = \(bind: SQLTime.text(now))"
        )
    }

    /// Marks the jobs whose lease is current succeeded, in one statement (not flushed on its
    /// own on SQLite: a completion lost to a power cut runs its jobs again); returns their ids.
    public func complete(_ jobs: [ClaimedJob], now: Date) async throws -> Set<Int64> {
        guard !jobs.isEmpty else { return [] }
        let stamp = SQLTime.text(now)
        let claimed: [any Encodable & Sendable] = jobs.map(\.id)
        // Each claim gave its jobs one lease token, so a batch holds a few tokens at most:
        // a job counts only under the token it was claimed with.
        let leases = SQLList(
            Dictionary(grouping: jobs, by: \.leaseToken).sorted { $0.key < $1.key }.map { token, held in
                let ids: [any Encodable & Sendable] = held.map(\.id)
                return SQLQueryString("(lease_token = \(bind: token) AND id IN (\(binds: ids)))")
            },
            separator: SQLRaw(" OR ")
        )
        let done = try await database.writeStatement(flushed: false) { db in
            let rows = try await db.raw(
                """
                UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_expires_at = NULL, finished_at = \(bind: stamp),
                    updated_at = \(bind: stamp)
                WHERE id IN (\(binds: claimed)) AND \(unsafeRaw: Self.stateCheck) = 'running' AND (\(leases))
                RETURNING id, lane
                """
            ).all()
            let succeeded = Set(try rows.map { Int64(try $0.decode(column: "id", as: Int.self)) })
            try await QueueMinutes.record(jobs.filter { succeeded.contains($0.id) }, finishedAt: now, on: db)
            return rows
        }
        var ids = Set<Int64>()
        var byLane: [String: Int] = [:]
        for row in done {
            ids.insert(Int64(try row.decode(column: "id", as: Int.self)))
            byLane[try row.decode(column: "lane", as: String.self), default: 0] += 1
        }
        for (lane, count) in byLane {
            Counter(label: "scriptdesk_queue_completed_total", dimensions: [("lane", lane)]).increment(by: count)
        }
        return ids
    }

    /// Updates the job and adds the attempt's error to `job_errors` in one transaction, with
    /// `onDeath` when the job dies.
    public func fail(_ job: ClaimedJob, failure: JobFailure, retryAt: Date?, now: Date, onDeath: DeathRecorder?) async throws -> Bool {
        let stamp = SQLTime.text(now)
        let assignment: SQLQueryString =
            if let retryAt {
                "state = 'waiting', run_at = \(bind: SQLTime.text(retryAt))"
            } else {
                "state = 'dead', finished_at = \(bind: stamp)"
            }
        let recorded = try await database.transaction { db in
            let changed = try await db.raw(
                """
                UPDATE jobs SET \(assignment), lease_token = NULL, lease_expires_at = NULL, updated_at = \(bind: stamp),
                    last_error_code = \(bind: failure.code), last_error_message = \(bind: failure.message)
                WHERE id = \(bind: job.id) AND lease_token = \(bind: job.leaseToken) AND state = 'running'
                RETURNING id, worker_id
                """
            ).first()
            guard let changed else { return false }
            try await db.raw(
                """
                INSERT INTO job_errors (job_id, attempt, at, code, message, transient, worker_id, started_at)
                VALUES (\(bind: job.id), \(bind: job.attempt), \(bind: stamp), \(bind: failure.code), \(bind: failure.message),
                    \(bind: failure.isTransient ? 1 : 0), \(bind: try changed.decode(column: "worker_id", as: String?.self)),
                    \(bind: SQLTime.text(job.claimedAt)))
                """
            ).run()
            if retryAt == nil { try await onDeath?(job, failure, db) }
            return true
        }
        if recorded {
            let label = retryAt == nil ? "scriptdesk_queue_dead_total" : "scriptdesk_queue_retries_total"
            Counter(label: label, dimensions: [("lane", job.lane.rawValue)]).increment()
        }
        return recorded
    }

    /// Sends each running job whose lease ended before `now` back to waiting, or makes it dead
    /// with `job.worker_lost` when it has used every attempt, in one statement; `onDeath` runs
    /// for those in the same transaction.
    public func rescueExpiredLeases(now: Date, onDeath: DeathRecorder?) async throws -> Int {
        let stamp = SQLTime.text(now)
        let lost = JobFailure(
            code: "job.worker_lost",
            message: "The worker running this job stopped answering on every allowed attempt; the job is quarantined.",
            isTransient: false
        )
        let (rescued, dead) = try await database.transaction { db -> (Int, Int) in
            let rows = try await db.raw(
                """
                UPDATE jobs SET
                    state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'waiting' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN \(bind: stamp) ELSE NULL END,
                    last_error_code = CASE WHEN attempts >= max_attempts THEN \(bind: lost.code) ELSE last_error_code END,
                    last_error_message = CASE WHEN attempts >= max_attempts THEN \(bind: lost.message) ELSE last_error_message END,
                    lease_token = NULL, lease_expires_at = NULL, worker_id = NULL, updated_at = \(bind: stamp)
                WHERE state = 'running' AND lease_expires_at < \(bind: stamp)
                RETURNING id, kind, lane, payload, attempts, max_attempts, created_at, run_at, state
                """
            ).all()
            if !rows.isEmpty { try await notifyWork(on: db) }
            var dead = 0
            for row in rows where try row.decode(column: "state", as: String.self) == JobState.dead.rawValue {
                dead += 1
                let job = try Self.job(from: row, leaseToken: "", leaseExpiresAt: now)
                try await onDeath?(job, lost, db)
            }
            return (rows.count, dead)
        }
        if rescued > 0 {
            Counter(label: "scriptdesk_queue_lease_expiries_total").increment(by: rescued)
            logger.warning(
                "Rescued jobs whose leases lapsed",
                metadata: ["scriptdesk.jobs.rescued": "\(rescued)", "scriptdesk.jobs.quarantined": "\(dead)"]
            )
        }
        return rescued
    }

    /// Whether the job's row is running under this lease token, read in `db`'s transaction.
    public func holdsLease(_ job: ClaimedJob, in db: StoreConnection) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM jobs WHERE id = \(bind: job.id) AND lease_token = \(bind: job.leaseToken) AND state = 'running'"
        ).first() != nil
    }

    /// Puts the job back to waiting and gives back its attempt, while it still holds the lease;
    /// announces the work.
    public func release(_ job: ClaimedJob, now: Date) async throws {
        let stamp = SQLTime.text(now)
        let released = try await updateLeased(
            job,
            set: """
                state = 'waiting', attempts = attempts - 1, lease_token = NULL, lease_expires_at = NULL, worker_id = NULL,
                updated_at = \(bind: stamp)
                """
        )
        if released { try await announceWork() }
    }

    /// Locks the matching jobs (on PostgreSQL), asks each one's handler in the same
    /// transaction, and changes those it agreed to; logs what changed and announces retried
    /// work.
    public func control(
        _ action: JobControl,
        _ filter: JobFilter,
        limit: Int,
        now: Date,
        onControl: ControlRecorder?
    ) async throws
        -> JobControlOutcome
    {
        var filter = filter
        filter.states.formIntersection([.waiting, .dead])
        let stamp = SQLTime.text(now)
        let outcome = try await database.transaction { db -> JobControlOutcome in
            var outcome = JobControlOutcome(action: action, changed: [], skipped: [])
            var agreed: [JobState: [Int64]] = [:]
            guard !filter.states.isEmpty else { return outcome }
            let rows = try await db.raw(
                """
                SELECT id, kind, lane, payload, state, attempts, unique_key FROM jobs WHERE \(filter.clause)
                ORDER BY id LIMIT \(bind: max(limit, 0)) \(unsafeRaw: database.dialect == .postgres ? "FOR UPDATE" : "")
                """
            ).all()
            for row in rows {
                let job = JobRecord(
                    id: Int64(try row.decode(column: "id", as: Int.self)),
                    kind: try row.decode(column: "kind", as: String.self),
                    lane: Lane(rawValue: try row.decode(column: "lane", as: String.self)) ?? .standard,
                    payload: try row.decode(column: "payload", as: String.self),
                    state: JobState(rawValue: try row.decode(column: "state", as: String.self)) ?? .dead,
                    attempts: try row.decode(column: "attempts", as: Int.self)
                )
                if action == .retry, job.state == .dead, let key = try row.decode(column: "unique_key", as: String?.self),
                    let live = try await db.raw(
                        "SELECT id FROM jobs WHERE unique_key = \(bind: key) AND state IN ('waiting', 'running')"
                    ).first()
                {
                    let other = try live.decode(column: "id", as: Int.self)
                    outcome.skipped.append(.init(id: job.id, reason: "Job #\(other) already does the same work."))
                    continue
                }
                do {
                    try await onControl?(job, action, db)
                } catch let refusal as JobControlRefused {
                    outcome.skipped.append(.init(id: job.id, reason: refusal.reason))
                    continue
                }
                agreed[job.state, default: []].append(job.id)
                outcome.changed.append(job.id)
            }
            // One statement per state the agreed jobs were in.
            for (state, ids) in agreed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let assignment: SQLQueryString =
                    switch (action, state) {
                    case (.retry, .dead): "state = 'waiting', attempts = 0, run_at = \(bind: stamp), finished_at = NULL"
                    case (.retry, _): "run_at = \(bind: stamp)"
                    case (.cancel, _): "state = 'cancelled', finished_at = \(bind: stamp)"
                    }
                let bound: [any Encodable & Sendable] = ids
                try await db.raw("UPDATE jobs SET \(assignment), updated_at = \(bind: stamp) WHERE id IN (\(binds: bound))").run()
            }
            return outcome
        }
        if !outcome.changed.isEmpty {
            logger.notice(
                action == .retry ? "Operations retried jobs" : "Operations cancelled jobs",
                metadata: ["scriptdesk.jobs.changed": "\(outcome.changed.count)", "scriptdesk.jobs.skipped": "\(outcome.skipped.count)"]
            )
            if action == .retry { try await announceWork() }
        }
        return outcome
    }

    /// Counts the jobs by lane and state in one query.
    public func depth() async throws -> [Lane: [JobState: Int]] {
        let rows = try await database.read { db in
            try await db.raw("SELECT lane, state, COUNT(*) AS n FROM jobs GROUP BY lane, state").all()
        }
        var depth: [Lane: [JobState: Int]] = [:]
        for row in rows {
            guard let lane = Lane(rawValue: try row.decode(column: "lane", as: String.self)),
                let state = JobState(rawValue: try row.decode(column: "state", as: String.self))
            else { continue }
            depth[lane, default: [:]][state] = try row.decode(column: "n", as: Int.self)
        }
        return depth
    }

    /// Records the lane's pause in `queue_lanes`, which every process's claims read; resuming
    /// announces work.
    public func setPaused(_ lane: Lane, _ paused: Bool, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO queue_lanes (lane, paused, updated_at) VALUES (\(bind: lane.rawValue), \(bind: paused ? 1 : 0), \(bind: SQLTime.text(now)))
                ON CONFLICT (lane) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
                """
            ).run()
        }
        logger.notice(paused ? "Lane paused" : "Lane resumed", metadata: ["scriptdesk.lane": "\(lane.rawValue)"])
        if !paused { try await announceWork() }
    }

    static func pausedLanes(on db: StoreConnection) async throws -> Set<Lane> {
        Set(
            try await db.raw("SELECT lane FROM queue_lanes WHERE paused = 1").all().compactMap {
                Lane(rawValue: try $0.decode(column: "lane", as: String.self))
            }
        )
    }

    /// The PostgreSQL channel on which work is announced.
    static let workChannel = "scriptdesk_jobs"

    /// Announces work to this process's workers and, on PostgreSQL, to every listening
    /// process, when the caller's transaction commits. PostgreSQL sends one notification per
    /// transaction however many jobs it made waiting (equal notifications in one transaction
    /// are folded), so a batch wakes each worker once.
    func notifyWork(on db: StoreConnection) async throws {
        db.afterCommit { [doorbell] in doorbell.ring() }
        guard database.dialect == .postgres else { return }
        try await db.raw("SELECT pg_notify(\(bind: Self.workChannel), '')").run()
    }

    /// Announces added jobs to this process's workers when the caller's transaction commits;
    /// on PostgreSQL the insert itself announced them to every listening process (a trigger
    /// on `jobs`).
    func jobsAdded(on db: StoreConnection) {
        db.afterCommit { [doorbell] in doorbell.ring() }
    }

    /// Wakes this process's workers, and every other process's on PostgreSQL.
    func announceWork() async throws {
        guard database.dialect == .postgres else { return doorbell.ring() }
        try await database.transaction { try await notifyWork(on: $0) }
    }

    /// On PostgreSQL, listens on the work channel and rings the doorbell for each notification,
    /// listening again a second after a failure, until the task is cancelled; on SQLite,
    /// returns at once.
    public func listenForWork() async {
        while !Task.isCancelled {
            do {
                try await database.listen(on: Self.workChannel) { [doorbell] in doorbell.ring() }
                return
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "Listening for new jobs failed; polling until it is back",
                    metadata: ["scriptdesk.error": "\(error)"]
                )
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// A job from a row returned by a claim or a rescue.
    private static func job(from row: any SQLRow, leaseToken: String, leaseExpiresAt: Date, claimedAt: Date? = nil) throws -> ClaimedJob {
        ClaimedJob(
            id: Int64(try row.decode(column: "id", as: Int.self)),
            kind: try row.decode(column: "kind", as: String.self),
            lane: Lane(rawValue: try row.decode(column: "lane", as: String.self)) ?? .standard,
            payload: try row.decode(column: "payload", as: String.self),
            attempt: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            leaseToken: leaseToken,
            leaseExpiresAt: leaseExpiresAt,
            enqueuedAt: try SQLTime.date(row.decode(column: "created_at", as: String.self)),
            dueAt: try SQLTime.date(row.decode(column: "run_at", as: String.self)),
            claimedAt: claimedAt
        )
    }

    /// Applies `set` to the job only while this worker's lease is current.
    private func updateLeased(_ job: ClaimedJob, set assignment: SQLQueryString) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE jobs SET \(assignment)
                WHERE id = \(bind: job.id) AND lease_token = \(bind: job.leaseToken) AND state = 'running'
                RETURNING id
                """
            ).first() != nil
        }
    }
}
