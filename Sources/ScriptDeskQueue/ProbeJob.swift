import Foundation
import SQLKit
public import ScriptDeskCore
public import ScriptDeskStore

/// A job that does nothing but record, exactly once, that it ran: for crash tests and
/// benchmarks of the queue itself. Its payload is how many milliseconds to take.
///
/// The effect is written in one transaction with a check of the lease, and a re-run finds
/// it already there, so however often workers die mid-job, each probe leaves one row.
public struct ProbeJob: JobHandler {
    /// The job kind in the queue.
    public static let kind = "queue-probe"

    let queue: any JobQueue
    let database: Database
    let clock: WallClock

    /// A probe that checks its lease on `queue` and records its run in `database` at the time
    /// `clock` reads.
    public init(queue: any JobQueue, database: Database, clock: WallClock) {
        self.queue = queue
        self.database = database
        self.clock = clock
    }

    /// Sleeps for the payload's milliseconds, then records the run unless the lease is lost or
    /// a run is already recorded.
    public func run(_ job: ClaimedJob) async throws {
        if let milliseconds = Int(job.payload), milliseconds > 0 {
            try await Task.sleep(for: .milliseconds(milliseconds))
        }
        try await database.transaction { db in
            guard try await queue.holdsLease(job, in: db) else { return }
            let done = try await db.raw("SELECT job_id FROM queue_probes WHERE job_id = \(bind: job.id)").first() != nil
            guard !done else { return }
            try await db.raw(
                "INSERT INTO queue_probes (job_id, attempt, at) VALUES (\(bind: job.id), \(bind: job.attempt), \(bind: SQLTime.text(clock.now)))"
            ).run()
        }
    }

    /// Nothing waits on a probe: records nothing.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}
