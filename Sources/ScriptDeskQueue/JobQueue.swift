import Foundation
import SQLKit

/// The storage seam of the queue: every driver keeps the same promises, which one
/// conformance suite checks.
public protocol JobQueue: Sendable {
    /// Adds a job inside the caller's transaction, so that the job exists exactly when the
    /// rows it works on do. Returns the job's id, or the live job's id when `uniqueKey` matches one.
    func enqueue(_ job: NewJob, on db: any SQLDatabase, now: Date) async throws -> Int64

    /// Claims the next due job, priority lane first, with a lease until `now + lease`.
    func claim(workerID: String, lease: Duration, now: Date) async throws -> ClaimedJob?

    /// Extends a lease; `false` when the lease is no longer this worker's.
    func heartbeat(_ job: ClaimedJob, lease: Duration, now: Date) async throws -> Bool

    /// Marks a job done; `false` (and no change) when the lease is stale.
    func complete(_ job: ClaimedJob, now: Date) async throws -> Bool

    /// Records a failed run: the job waits again until `retryAt`, or, with `retryAt` nil, is dead.
    /// `false` (and no change) when the lease is stale.
    func fail(_ job: ClaimedJob, failure: JobFailure, retryAt: Date?, now: Date) async throws -> Bool

    /// Returns jobs whose leases lapsed to the waiting state; the count of jobs rescued.
    func rescueExpiredLeases(now: Date) async throws -> Int

    /// Hands a lease back at once (graceful shutdown): the job waits again without using an attempt.
    func release(_ job: ClaimedJob, now: Date) async throws

    /// Counts of jobs by lane and state.
    func depth() async throws -> [Lane: [JobState: Int]]

    /// A doorbell rung when work may be waiting.
    var doorbell: Doorbell { get }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
