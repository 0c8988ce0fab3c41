public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// The storage seam of the queue: every driver (SQLite, PostgreSQL, in memory) keeps the
/// same promises, which one behaviour suite checks against all three. Jobs are enqueued in
/// the caller's own unit of work (a `StoreConnection`), so a job exists exactly when the
/// rows it works on do; nothing here speaks SQL.
public protocol JobQueue: Sendable {
    /// Adds a job inside the caller's transaction, so that the job exists exactly when the
    /// rows it works on do, and wakes workers once it commits. Returns the job's id, or the
    /// live job's id when `uniqueKey` matches one.
    func enqueue(_ job: NewJob, in transaction: StoreConnection, now: Date) async throws -> Int64

    /// Adds many jobs inside the caller's transaction, a multi-row insert per few hundred
    /// and one wake-up for all; returns their ids in order. Jobs with a unique key go one by
    /// one, as `enqueue(_:in:now:)`.
    func enqueue(_ jobs: [NewJob], in transaction: StoreConnection, now: Date) async throws -> [Int64]

    /// Claims due jobs as `plan` says, oldest first within a lane, in one transaction, each
    /// with a lease until `now + lease`.
    func claim(_ plan: ClaimPlan, workerID: String, lease: Duration, now: Date) async throws -> [ClaimedJob]

    /// Extends a lease; `false` when the lease is no longer this worker's.
    func heartbeat(_ job: ClaimedJob, lease: Duration, now: Date) async throws -> Bool

    /// Marks jobs done in one transaction; returns the ids done. A job whose lease is stale
    /// is left as it is.
    func complete(_ jobs: [ClaimedJob], now: Date) async throws -> Set<Int64>

    /// Records a failed run: the job waits again until `retryAt`, or, with `retryAt` nil, is
    /// dead, and then `onDeath` runs in the same transaction (so whatever waits on the job is
    /// told exactly when the job dies). `false` (and no change) when the lease is stale.
    func fail(_ job: ClaimedJob, failure: JobFailure, retryAt: Date?, now: Date, onDeath: DeathRecorder?) async throws -> Bool

    /// Returns jobs whose leases lapsed to the waiting state, or makes them dead when their
    /// worker was lost on every allowed attempt (a job that kills its worker is quarantined);
    /// `onDeath` runs for each such job in the same transaction. Returns the jobs rescued.
    func rescueExpiredLeases(now: Date, onDeath: DeathRecorder?) async throws -> Int

    /// Whether `job`'s lease is still current, read inside the caller's transaction: work that
    /// publishes a result checks it in the same transaction, so a stale run never publishes.
    func holdsLease(_ job: ClaimedJob, in transaction: StoreConnection) async throws -> Bool

    /// Hands a lease back at once (graceful shutdown): the job waits again without using an attempt.
    func release(_ job: ClaimedJob, now: Date) async throws

    /// Retries or cancels the waiting or dead jobs matching `filter` (at most `limit` of
    /// them, oldest first) in one transaction. Each job's handler hears of it first through
    /// `onControl` and may refuse; a job with a newer live job of the same unique key is not
    /// retried.
    func control(
        _ action: JobControl,
        _ filter: JobFilter,
        limit: Int,
        now: Date,
        onControl: ControlRecorder?
    ) async throws
        -> JobControlOutcome

    /// Counts of jobs by lane and state.
    func depth() async throws -> [Lane: [JobState: Int]]

    /// Pauses or resumes a lane in every process: claims skip a paused lane's jobs.
    func setPaused(_ lane: Lane, _ paused: Bool, now: Date) async throws

    /// The monitor's view: depth, oldest waiting age, running jobs and the newest dead ones.
    func snapshot(now: Date, deadLimit: Int) async throws -> QueueSnapshot

    /// Records that a worker process is alive with `concurrency` slots; returns the
    /// concurrency operations asked it to run with, if they did.
    func workerHeartbeat(_ worker: String, concurrency: Int, now: Date) async throws -> Int?

    /// Forgets a worker process that stopped.
    func workerStopped(_ worker: String) async throws

    /// Asks one worker process (or, with `worker` nil, every live one) to run `concurrency`
    /// slots from its next heartbeat on; returns the processes asked.
    func setConcurrency(_ concurrency: Int, worker: String?, now: Date) async throws -> [String]

    /// Enqueues each periodic job whose current period has no run yet, exactly once across
    /// every process; returns the names enqueued.
    func schedule(_ periodic: [PeriodicJob], now: Date) async throws -> [String]

    /// Deletes up to `limit` succeeded or cancelled jobs that finished before `cutoff`, with
    /// their error history; returns how many went. Dead jobs stay until operations act.
    func prune(finishedBefore cutoff: Date, limit: Int) async throws -> Int

    /// Rings the doorbell when another process adds or frees work, until the task is
    /// cancelled. Returns at once for drivers without notifications between processes
    /// (workers there find new work at their next poll).
    func listenForWork() async

    /// A doorbell rung when work may be waiting.
    var doorbell: Doorbell { get }
}

/// Records a job's death in the queue's transaction: `(job, why, the transaction)`.
public typealias DeathRecorder = @Sendable (ClaimedJob, JobFailure, StoreConnection) async throws -> Void

extension JobQueue {
    /// Claims the next due job in `order`.
    public func claim(workerID: String, lease: Duration, now: Date, order: ClaimOrder = .priorityFirst) async throws -> ClaimedJob? {
        try await claim(order.plan, workerID: workerID, lease: lease, now: now).first
    }

    /// Marks a job done; `false` (and no change) when the lease is stale.
    public func complete(_ job: ClaimedJob, now: Date) async throws -> Bool {
        try await complete([job], now: now).contains(job.id)
    }
}
