import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// Deletes finished jobs past their retention, in batches so no transaction holds the write
/// lock for long. Requests keep their own timelines; dead jobs stay until operations act.
public struct PruneJob: JobHandler {
    /// The job kind in the queue.
    public static let kind = "queue.prune"

    let queue: any JobQueue
    /// How long a succeeded or cancelled job is kept after it finished.
    let retention: Duration
    let clock: WallClock

    /// A prune of `queue` that deletes jobs finished more than `retention` before the time
    /// `clock` reads.
    public init(queue: any JobQueue, retention: Duration, clock: WallClock) {
        self.queue = queue
        self.retention = retention
        self.clock = clock
    }

    /// The hourly schedule that runs this job once an hour across every process.
    public static func hourly() -> PeriodicJob {
        PeriodicJob(
            name: kind,
            every: .seconds(3600),
            job: NewJob(kind: kind, lane: .standard, payload: "{}", uniqueKey: kind, maxAttempts: 3)
        )
    }

    /// Deletes the finished jobs past retention in batches of 5,000 until a batch comes back
    /// short; stops between batches when cancelled.
    public func run(_ job: ClaimedJob) async throws {
        let cutoff = clock.now.addingTimeInterval(-retention.timeInterval)
        let batch = 5_000
        while try await queue.prune(finishedBefore: cutoff, limit: batch) == batch {
            try Task.checkCancellation()
        }
    }

    /// Nothing waits on a prune: the next hour's run tries again.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}
