public import Foundation
import SQLKit
public import ScriptDeskStore

/// What the operations console reads from the queue's tables. Every query walks an index
/// by a bounded range: the overview counts unfinished jobs by lane and state and reads the
/// last hour's per-minute counts, never the finished jobs themselves; lists page by keyset
/// on the job id, so the millionth row costs what the first does.
public struct QueueConsole: Sendable {
    let database: Database

    /// The console over the queue in `database`.
    public init(database: Database) {
        self.database = database
    }

    /// Running jobs listed on the overview.
    public static let runningLimit = 100

    /// Worker processes silent for longer than this are not listed.
    static let workersForgotten: TimeInterval = 20 * 60

    /// The overview's facts at `now`, in one read transaction.
    public func facts(now: Date) async throws -> ConsoleFacts {
        let stamp = SQLTime.text(now)
        let hourAgo = now.addingTimeInterval(-3600)
        return try await database.read { db in
            let paused = try await SQLJobQueue.pausedLanes(on: db)
            var lanes: [ConsoleFacts.LaneFacts] = []
            let minutes = try await minuteFigures(since: hourAgo, until: now, on: db)
            for lane in Lane.allCases {
                let name = lane.rawValue
                let waiting = try await count(
                    "state = 'waiting' AND lane = \(bind: name) AND run_at <= \(bind: stamp)",
                    on: db
                )
                let scheduled = try await count("state = 'waiting' AND lane = \(bind: name) AND run_at > \(bind: stamp)", on: db)
                let running = try await count("state = 'running' AND lane = \(bind: name)", on: db)
                let dead = try await count("state = 'dead' AND lane = \(bind: name)", on: db)
                let deadLastHour = try await count(
                    "state = 'dead' AND finished_at >= \(bind: SQLTime.text(hourAgo)) AND lane = \(bind: name)",
                    on: db
                )
                let oldest = try await db.raw(
                    """
                    SELECT run_at FROM jobs WHERE state = 'waiting' AND lane = \(bind: name) AND run_at <= \(bind: stamp)
                    ORDER BY run_at, id LIMIT 1
                    """
                ).first()
                lanes.append(
                    ConsoleFacts.LaneFacts(
                        lane: lane,
                        waiting: waiting,
                        scheduled: scheduled,
                        running: running,
                        dead: dead,
                        deadLastHour: deadLastHour,
                        paused: paused.contains(lane),
                        oldestDueAt: try oldest?.date("run_at"),
                        minutes: minutes[lane] ?? []
                    )
                )
            }
            let busy = Dictionary(
                try await db.raw("SELECT worker_id, COUNT(*) AS n FROM jobs WHERE state = 'running' GROUP BY worker_id").all().map {
                    (try $0.optionalString("worker_id") ?? "", try $0.int("n"))
                },
                uniquingKeysWith: +
            )
            let workers = try await db.raw(
                """
                SELECT id, host, process_id, version, concurrency, desired_concurrency, started_at, heartbeat_at FROM queue_workers
                WHERE heartbeat_at >= \(bind: SQLTime.text(now.addingTimeInterval(-Self.workersForgotten))) ORDER BY id
                """
            ).all().map { row in
                let id = try row.string("id")
                return WorkerView(
                    id: id,
                    host: try row.optionalString("host"),
                    processID: try row.optionalInt("process_id"),
                    version: try row.optionalString("version"),
                    slots: try row.int("concurrency"),
                    requestedSlots: try row.optionalInt("desired_concurrency"),
                    busy: busy[id] ?? 0,
                    startedAt: try row.date("started_at"),
                    lastHeartbeatAt: try row.date("heartbeat_at")
                )
            }
            let running = try await db.raw(
                "SELECT \(unsafeRaw: Self.rowColumns) FROM jobs WHERE state = 'running' ORDER BY started_at, id LIMIT \(literal: Self.runningLimit)"
            ).all().map(Self.row)
            return ConsoleFacts(
                readAt: now,
                lanes: lanes,
                workers: workers,
                running: running,
                runningCount: busy.values.reduce(0, +)
            )
        }
    }

    /// Up to `limit` jobs matching `search` with ids below `before` (all, when `nil`), newest first.
    public func jobs(_ search: JobSearch, before: Int64?, limit: Int) async throws -> JobPage {
        let limit = min(max(limit, 1), 1000)
        let below: SQLQueryString = before.map { " AND id < \(bind: $0)" } ?? ""
        let rows = try await database.read { db in
            // The page's ids first, from an index alone where the search's columns are in one
            // (a centre's jobs carry their state), and only then those rows: a search that
            // skips many jobs skips index entries, not rows.
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.rowColumns) FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE \(search.clause)\(below) ORDER BY id DESC LIMIT \(bind: limit + 1))
                ORDER BY id DESC
                """
            ).all().map(Self.row)
        }
        let page = Array(rows.prefix(limit))
        return JobPage(rows: page, nextBefore: rows.count > limit ? page.last?.id : nil)
    }

    /// The ids of up to `limit` jobs matching `search` with ids above `after`, lowest first:
    /// the next slice of a bulk action.
    public func ids(_ search: JobSearch, after: Int64, limit: Int) async throws -> [Int64] {
        try await database.read { db in
            try await db.raw(
                "SELECT id FROM jobs WHERE \(search.clause) AND id > \(bind: after) ORDER BY id LIMIT \(bind: max(limit, 1))"
            ).all().map { Int64(try $0.int("id")) }
        }
    }

    /// How many jobs match `search`.
    public func count(_ search: JobSearch) async throws -> Int {
        try await database.read { db in try await count(search.clause, on: db) }
    }

    /// The job with `id`, with every attempt, or `nil`.
    public func job(_ id: Int64) async throws -> JobDetail? {
        try await database.read { db in
            guard
                let found = try await db.raw(
                    "SELECT \(unsafeRaw: Self.rowColumns), payload, unique_key FROM jobs WHERE id = \(bind: id)"
                ).first()
            else { return nil }
            let row = try Self.row(found)
            var attempts = try await db.raw(
                """
                SELECT attempt, worker_id, started_at, at, code, message, transient FROM job_errors
                WHERE job_id = \(bind: id) ORDER BY id
                """
            ).all().map { error in
                JobDetail.Attempt(
                    number: try error.int("attempt"),
                    worker: try error.optionalString("worker_id"),
                    startedAt: try error.optionalDate("started_at"),
                    endedAt: try error.date("at"),
                    error: JobFailure(code: try error.string("code"), message: try error.string("message"), isTransient: try error.bool("transient")),
                    succeeded: false
                )
            }
            // The current or last run, when no error closed it: running, or succeeded, or
            // ended by cancellation or an operator.
            if row.attempts > 0, !attempts.contains(where: { $0.number == row.attempts }) {
                attempts.append(
                    JobDetail.Attempt(
                        number: row.attempts,
                        worker: row.worker,
                        startedAt: row.startedAt,
                        endedAt: row.state == .running ? nil : row.finishedAt,
                        error: nil,
                        succeeded: row.state == .succeeded
                    )
                )
            }
            return JobDetail(row: row, payload: try found.string("payload"), uniqueKey: try found.optionalString("unique_key"), attempts: attempts)
        }
    }

    /// Every lane's per-minute figures for minutes from `start` to `end`, one entry per minute.
    private func minuteFigures(since start: Date, until end: Date, on db: StoreConnection) async throws -> [Lane: [ConsoleFacts.MinuteFigures]] {
        let rows = try await db.raw(
            """
            SELECT lane, minute, measure, bucket, n FROM queue_minutes
            WHERE minute > \(bind: QueueMinutes.minute(of: start)) AND minute <= \(bind: QueueMinutes.minute(of: end))
            """
        ).all()
        var figures: [Lane: [String: ConsoleFacts.MinuteFigures]] = [:]
        let first = QueueMinutes.minuteStart(of: start).addingTimeInterval(60)
        let minutes = (0..<60).map { first.addingTimeInterval(Double($0) * 60) }
        for lane in Lane.allCases {
            figures[lane] = Dictionary(
                uniqueKeysWithValues: minutes.map {
                    (QueueMinutes.minute(of: $0), ConsoleFacts.MinuteFigures(minute: $0, queued: .init(), run: .init()))
                }
            )
        }
        for row in rows {
            guard let lane = Lane(rawValue: try row.string("lane")), let measure = QueueMinutes.Measure(rawValue: try row.string("measure"))
            else { continue }
            let minute = try row.string("minute")
            guard figures[lane]?[minute] != nil else { continue }
            switch measure {
            case .queued: figures[lane]?[minute]?.queued.add(bucket: try row.int("bucket"), try row.int("n"))
            case .run: figures[lane]?[minute]?.run.add(bucket: try row.int("bucket"), try row.int("n"))
            }
        }
        return figures.mapValues { $0.values.sorted { $0.minute < $1.minute } }
    }

    private func count(_ condition: SQLQueryString, on db: StoreConnection) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE \(condition)").first()?.int("n") ?? 0
    }

    private static let rowColumns = """
        id, kind, lane, state, attempts, max_attempts, request_id, centre, candidate, component, created_at, run_at, started_at,
        finished_at, lease_expires_at, worker_id, last_error_code, last_error_message
        """

    private static func row(_ row: any SQLRow) throws -> JobRow {
        JobRow(
            id: Int64(try row.int("id")),
            kind: try row.string("kind"),
            lane: try row.value("lane", as: Lane.self),
            state: try row.value("state", as: JobState.self),
            attempts: try row.int("attempts"),
            maxAttempts: try row.int("max_attempts"),
            about: JobSubject(
                requestID: try row.optionalString("request_id"),
                centre: try row.optionalString("centre"),
                candidate: try row.optionalString("candidate"),
                component: try row.optionalString("component")
            ),
            enqueuedAt: try row.date("created_at"),
            dueAt: try row.date("run_at"),
            startedAt: try row.optionalDate("started_at"),
            finishedAt: try row.optionalDate("finished_at"),
            leaseExpiresAt: try row.optionalDate("lease_expires_at"),
            worker: try row.optionalString("worker_id"),
            lastErrorCode: try row.optionalString("last_error_code"),
            lastErrorMessage: try row.optionalString("last_error_message")
        )
    }
}
