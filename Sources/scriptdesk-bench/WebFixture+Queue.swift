import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore

/// The queue the operations console's pages are timed over: script-copy jobs as the queue
/// would have left them, written straight into its tables (no job runs), and the last
/// hour's per-minute counts the overview's charts read.
extension WebFixture {
    /// Rows per INSERT: 500 rows of 17 bound values stay well under the bound-parameter
    /// limits of SQLite (32,766) and PostgreSQL (65,535).
    static let jobsPerStatement = 500

    /// INSERTs per transaction: 10,000 jobs a commit, so a million take a hundred commits.
    static let statementsPerTransaction = 20

    /// How far back the finished jobs go: the default retention of succeeded jobs.
    static let finishedSpan: TimeInterval = 14 * 86_400

    /// The finished jobs stop this long before the seeding: the workers stopped then, and
    /// the waiting jobs came in since.
    static let backlogSpan: TimeInterval = 10 * 60

    /// Centres other than the fixture's that jobs are about: the queue serves a whole board,
    /// so the fixture's centre is one job in ten and a centre filter picks out a few.
    static let otherCentres = 99

    /// Why dead jobs died, commonest first: a missing scan outnumbers the rest.
    static let deathCauses: [(code: String, message: String, attempts: Int)] = [
        ("transfer.not_found", "The archive has no page 3 for this script (HTTP 404).", 1),
        ("transfer.not_found", "The archive has no page 1 for this script (HTTP 404).", 1),
        ("transfer.not_found", "The archive has no manifest for this script (HTTP 404).", 1),
        ("transfer.timeout", "The archive did not answer within 30 seconds.", 5),
        ("pdf.blank_page", "The built PDF failed its check: page 2 is blank.", 1),
        ("archive.mismatch", "The manifest lists 12 pages; the archive holds 11.", 1),
    ]

    /// The code most dead jobs have, for the console's error filter.
    static var commonestDeathCode: String { deathCauses[0].code }

    /// One job row as the queue would have left it.
    struct SeededJob: Sendable {
        var lane: Lane
        var state: JobState
        var attempts: Int
        var createdAt: Date
        var runAt: Date
        var startedAt: Date?
        var finishedAt: Date?
        var worker: String?
        var errorCode: String?
        var errorMessage: String?
        var requestID: String
        var centre: String
        var candidate: String
        var component: String
    }

    /// Seeds `finished` finished jobs, then `waiting` waiting ones (so ids rise with time, as
    /// in service), and the per-minute counts of the finished jobs' last hour. Returns the
    /// lowest and highest job id (0 for none).
    func seedQueue(finished: Int, waiting: Int, board: DemoBoard, now: Date, database: Database) async throws -> (first: Int, last: Int) {
        let about = Subjects(board: board)
        try await insertJobs(finished, what: "finished jobs", database: database) { index in
            Self.finishedJob(index, of: finished, about: about, now: now)
        }
        try await insertJobs(waiting, what: "waiting jobs", database: database) { index in
            Self.waitingJob(index, of: waiting, about: about.subject(finished + index), now: now)
        }
        let hourAgo = now.addingTimeInterval(-3600)
        var counts: [MinuteKey: Int] = [:]
        // A job finishes within five minutes of being enqueued, so the jobs enqueued in the
        // last 65 minutes hold every one that finished in the last hour.
        let firstOfHour = Int((Self.finishedSpan - 3900) / Self.finishedStep(finished))
        for index in firstOfHour..<finished {
            let job = Self.finishedJob(index, of: finished, about: about, now: now)
            guard job.state == .succeeded, let started = job.startedAt, let ended = job.finishedAt, ended > hourAgo else { continue }
            let minute = QueueMinutes.minute(of: ended)
            let queued = QueueMinutes.bucket(of: started.timeIntervalSince(job.runAt))
            let run = QueueMinutes.bucket(of: ended.timeIntervalSince(started))
            counts[MinuteKey(lane: job.lane, minute: minute, measure: .queued, bucket: queued), default: 0] += 1
            counts[MinuteKey(lane: job.lane, minute: minute, measure: .run, bucket: run), default: 0] += 1
        }
        try await insertMinutes(counts, database: database)
        return try await database.read { db in
            let range = try await db.raw("SELECT MIN(id) AS first, MAX(id) AS last FROM jobs").first()
            return (
                try range?.decode(column: "first", as: Int?.self) ?? 0,
                try range?.decode(column: "last", as: Int?.self) ?? 0
            )
        }
    }

    /// Inserts jobs `0..<count` as `job` makes them, `jobsPerStatement` to an INSERT and
    /// `statementsPerTransaction` INSERTs to a transaction, with progress at each commit.
    private func insertJobs(_ count: Int, what: String, database: Database, _ job: @escaping @Sendable (Int) -> SeededJob) async throws {
        let perTransaction = Self.jobsPerStatement * Self.statementsPerTransaction
        var start = 0
        while start < count {
            let end = min(start + perTransaction, count)
            try await database.transaction { db in
                for first in stride(from: start, to: end, by: Self.jobsPerStatement) {
                    let rows = (first..<min(first + Self.jobsPerStatement, end)).map { Self.values(of: job($0)) }
                    try await db.raw(
                        """
                        INSERT INTO jobs (kind, lane, payload, unique_key, state, attempts, max_attempts, run_at, worker_id,
                            created_at, updated_at, started_at, finished_at, last_error_code, last_error_message, request_id,
                            centre, candidate, component)
                        VALUES \(SQLList(rows))
                        """
                    ).run()
                }
            }
            start = end
            progress("\(what): \(start) of \(count)")
        }
    }

    /// The VALUES tuple of `job`, its times as the queue stores them.
    private static func values(of job: SeededJob) -> SQLQueryString {
        let payload = #"{"requestID":"\#(job.requestID)"}"#
        let updatedAt = job.finishedAt ?? job.createdAt
        return """
            (\(literal: ScriptCopyJob.kind), \(bind: job.lane.rawValue), \(bind: payload), \(bind: "\(ScriptCopyJob.kind):\(job.requestID)"),
                \(bind: job.state.rawValue), \(bind: job.attempts), 5, \(bind: SQLTime.text(job.runAt)), \(bind: job.worker),
                \(bind: SQLTime.text(job.createdAt)), \(bind: SQLTime.text(updatedAt)), \(bind: job.startedAt.map(SQLTime.text)),
                \(bind: job.finishedAt.map(SQLTime.text)), \(bind: job.errorCode), \(bind: job.errorMessage), \(bind: job.requestID),
                \(bind: job.centre), \(bind: job.candidate), \(bind: job.component))
            """
    }

    /// Inserts the per-minute counts, `jobsPerStatement` rows to an INSERT, in one transaction.
    private func insertMinutes(_ counts: [MinuteKey: Int], database: Database) async throws {
        let rows = counts.map { key, n in
            SQLQueryString(
                "(\(bind: key.lane.rawValue), \(bind: key.minute), \(bind: key.measure.rawValue), \(bind: key.bucket), \(bind: n))"
            )
        }
        progress("per-minute counts of the last hour: \(rows.count) rows")
        try await database.transaction { db in
            for first in stride(from: 0, to: rows.count, by: Self.jobsPerStatement) {
                let slice = Array(rows[first..<min(first + Self.jobsPerStatement, rows.count)])
                try await db.raw("INSERT INTO queue_minutes (lane, minute, measure, bucket, n) VALUES \(SQLList(slice))").run()
            }
        }
    }

    /// Finished job `index` of `count`, enqueued at an even pace over `finishedSpan` up to
    /// `backlogSpan` before `now`: two in five priority; 96% succeeded after a wait and a
    /// run of a few seconds (standard work waits longer), 3% dead with an error, 1% cancelled
    /// before they ran. The same every run.
    static func finishedJob(_ index: Int, of count: Int, about: Subjects, now: Date) -> SeededJob {
        let createdAt = now.addingTimeInterval(-finishedSpan + Double(index) * finishedStep(count))
        let lane: Lane = index % 5 < 2 ? .priority : .standard
        let draw = unitInterval(index)
        let queued = lane == .priority ? 0.05 + 20 * draw * draw : 0.5 + 240 * draw * draw
        let startedAt = createdAt.addingTimeInterval(queued)
        let finishedAt = startedAt.addingTimeInterval(1.5 + 12 * unitInterval(index &+ 0x5EED))
        let subject = about.subject(index)
        var job = SeededJob(
            lane: lane,
            state: .succeeded,
            attempts: 1,
            createdAt: createdAt,
            runAt: createdAt,
            startedAt: startedAt,
            finishedAt: finishedAt,
            worker: "worker-\(index % 4 + 1).bench:\(4100 + index % 4)",
            requestID: subject.requestID,
            centre: subject.centre,
            candidate: subject.candidate,
            component: subject.component
        )
        switch Int(unitInterval(index &+ 0xFA7E) * 100) {
        case 0:
            job.state = .cancelled
            job.attempts = 0
            job.startedAt = nil
            job.worker = nil
            job.finishedAt = startedAt
        case 1...3:
            let cause = deathCauses[(index / 100) % deathCauses.count]
            job.state = .dead
            job.attempts = cause.attempts
            job.errorCode = cause.code
            job.errorMessage = cause.message
        default: break
        }
        return job
    }

    /// The time between one finished job's enqueueing and the next's, of `count`.
    private static func finishedStep(_ count: Int) -> TimeInterval {
        (finishedSpan - backlogSpan) / Double(max(count, 1))
    }

    /// Waiting job `index` of `count`, due at an even pace over the `backlogSpan` before
    /// `now` (the workers have stopped); one in fifty waits to be retried after a timeout.
    static func waitingJob(_ index: Int, of count: Int, about subject: Subject, now: Date) -> SeededJob {
        let runAt = now.addingTimeInterval(-backlogSpan + Double(index) * backlogSpan / Double(max(count, 1)))
        let retried = index % 50 == 0
        return SeededJob(
            lane: index % 5 < 2 ? .priority : .standard,
            state: .waiting,
            attempts: retried ? 1 : 0,
            createdAt: retried ? runAt.addingTimeInterval(-60) : runAt,
            runAt: runAt,
            errorCode: retried ? "transfer.timeout" : nil,
            errorMessage: retried ? "The archive did not answer within 30 seconds." : nil,
            requestID: subject.requestID,
            centre: subject.centre,
            candidate: subject.candidate,
            component: subject.component
        )
    }

    /// A number in [0, 1) drawn from `index` (SplitMix64's finaliser), the same every run.
    private static func unitInterval(_ index: Int) -> Double {
        var z = UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    /// What a job is about.
    struct Subject: Sendable {
        var requestID: String
        var centre: String
        var candidate: String
        var component: String
    }

    /// What job `index` is about: every tenth one of the fixture's scripts, the rest a
    /// script at one of `otherCentres` centres numbered 60001 up; a request of its own each.
    struct Subjects: Sendable {
        let scripts: [(centre: String, candidate: String, component: String)]
        let components: [String]

        init(board: DemoBoard) {
            scripts = board.scripts.map { ($0.centre.rawValue, $0.candidate.rawValue, $0.component) }
            components = board.components.map(\.code)
        }

        func subject(_ index: Int) -> Subject {
            let requestID = String(format: "00000000-0000-4000-8000-%012x", index)
            if index % 10 == 0 {
                let script = scripts[(index / 10 &* 7919) % scripts.count]
                return Subject(requestID: requestID, centre: script.centre, candidate: script.candidate, component: script.component)
            }
            return Subject(
                requestID: requestID,
                centre: String(60_001 + index % WebFixture.otherCentres),
                candidate: String(format: "%04d", (index / WebFixture.otherCentres) % 9_999 + 1),
                component: components[index % components.count]
            )
        }
    }

    /// A row of `queue_minutes`.
    struct MinuteKey: Hashable {
        var lane: Lane
        var minute: String
        var measure: QueueMinutes.Measure
        var bucket: Int
    }
}
