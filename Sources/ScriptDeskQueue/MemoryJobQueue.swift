public import Foundation
public import Logging
public import ScriptDeskCore
public import ScriptDeskStore
import Synchronization

/// The queue kept in this process's memory: the same promises as the SQL queue, which the
/// shared behaviour suite checks, with nothing written anywhere. For unit tests of code
/// that runs on a queue, and as the reference the drivers are measured against; nothing
/// survives the process.
///
/// A job enqueued in a store transaction joins the queue when that transaction commits. A
/// handler told of a death or an operations action is lent an unconnected store connection.
public final class MemoryJobQueue: JobQueue {
    /// Rung when a job is enqueued, released, retried or rescued, or a lane resumes.
    public let doorbell = Doorbell()
    /// How long a standard job may wait before it is claimed ahead of priority work.
    public let standardAgeing: Duration
    let logger: Logger
    let state = Mutex(MemoryQueueState())

    /// An empty queue, logging to `logger`; a standard job waiting longer than `standardAgeing`
    /// is claimed ahead of priority work.
    public init(logger: Logger, standardAgeing: Duration = .seconds(600)) {
        self.logger = logger
        self.standardAgeing = standardAgeing
    }

    /// Reserves the job's id now and adds the job when `transaction` commits; a live job with
    /// the same unique key is returned instead.
    public func enqueue(_ job: NewJob, in transaction: StoreConnection, now: Date) async throws -> Int64 {
        try await enqueue([job], in: transaction, now: now)[0]
    }

    /// Reserves the ids now and adds the jobs when `transaction` commits, with one ring of the
    /// doorbell.
    public func enqueue(_ jobs: [NewJob], in transaction: StoreConnection, now: Date) async throws -> [Int64] {
        let planned = state.withLock { state in
            jobs.map { job in job.uniqueKey.flatMap { state.liveJob(withKey: $0) } ?? state.reserveID() }
        }
        transaction.afterCommit { [self] in
            state.withLock { state in
                for (job, id) in zip(jobs, planned) where state.jobs[id] == nil {
                    if let key = job.uniqueKey, state.liveJob(withKey: key) != nil { continue }
                    state.jobs[id] = MemoryQueueState.Job(id: id, job: job, now: now)
                }
            }
            doorbell.ring()
        }
        return planned
    }

    /// Adds jobs outside any store transaction.
    public func enqueue(_ jobs: [NewJob], now: Date) async throws -> [Int64] {
        let unit = StoreConnection.unconnected()
        let ids = try await enqueue(jobs, in: unit, now: now)
        unit.committed()
        return ids
    }

    /// Claims under the queue's lock, pass by pass as `plan` says, skipping paused lanes; the
    /// jobs come back by due time, then id.
    public func claim(_ plan: ClaimPlan, workerID: String, lease: Duration, now: Date) async throws -> [ClaimedJob] {
        guard plan.limit > 0 else { return [] }
        let token = UUID().uuidString.lowercased()
        let expires = now.addingTimeInterval(lease.timeInterval)
        let agedBefore = now.addingTimeInterval(-standardAgeing.timeInterval)
        return state.withLock { state in
            var claimed: [ClaimedJob] = []
            var standard = 0
            for pass in plan.passes where !state.paused.contains(pass.lane) {
                let room = plan.limit - claimed.count
                let most = min(room, pass.lane == .standard ? pass.most - standard : pass.most)
                guard most > 0 else { continue }
                let due = pass.aged ? agedBefore : now
                for id in state.due(in: pass.lane, by: due, most: most) {
                    claimed.append(state.claim(id, token: token, worker: workerID, expires: expires, now: now))
                    if pass.lane == .standard { standard += 1 }
                }
            }
            return claimed.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        }
    }

    /// Moves the lease's end to `now + lease` while the job still holds it.
    public func heartbeat(_ job: ClaimedJob, lease: Duration, now: Date) async throws -> Bool {
        state.withLock { state in
            state.updateLeased(job) { $0.leaseExpiresAt = now.addingTimeInterval(lease.timeInterval) }
        }
    }

    /// Marks each job whose lease is current succeeded; returns their ids.
    public func complete(_ jobs: [ClaimedJob], now: Date) async throws -> Set<Int64> {
        state.withLock { state in
            Set(
                jobs.filter { job in
                    state.updateLeased(job) { stored in
                        stored.state = .succeeded
                        stored.finishedAt = now
                        stored.dropLease()
                    }
                }.map(\.id)
            )
        }
    }

    /// Records the failure as the protocol says; `onDeath` runs first, with an unconnected
    /// store connection, and its error leaves the job as it was.
    public func fail(_ job: ClaimedJob, failure: JobFailure, retryAt: Date?, now: Date, onDeath: DeathRecorder?) async throws -> Bool {
        guard state.withLock({ $0.holds(job) }) else { return false }
        if retryAt == nil { try await onDeath?(job, failure, .unconnected()) }
        return state.withLock { state in
            state.updateLeased(job) { stored in
                if let retryAt {
                    stored.state = .waiting
                    stored.runAt = retryAt
                } else {
                    stored.state = .dead
                    stored.finishedAt = now
                }
                stored.lastError = (failure.code, failure.message)
                stored.dropLease()
            }
        }
    }

    /// Sends each running job whose lease ended before `now` back to waiting, or makes it dead
    /// with `job.worker_lost` when it has used every attempt; `onDeath` runs for those first,
    /// with an unconnected store connection.
    public func rescueExpiredLeases(now: Date, onDeath: DeathRecorder?) async throws -> Int {
        let lost = JobFailure(
            code: "job.worker_lost",
            message: "The worker running this job stopped answering on every allowed attempt; the job is quarantined.",
            isTransient: false
        )
        let expired = state.withLock { state in state.jobs.values.filter { $0.state == .running && $0.leaseExpiresAt.map { $0 < now } == true } }
        for job in expired where job.attempts >= job.maxAttempts {
            try await onDeath?(job.claimed(leaseToken: "", leaseExpiresAt: now), lost, .unconnected())
        }
        state.withLock { state in
            for job in expired {
                guard var stored = state.jobs[job.id], stored.state == .running else { continue }
                if stored.attempts >= stored.maxAttempts {
                    stored.state = .dead
                    stored.finishedAt = now
                    stored.lastError = (lost.code, lost.message)
                } else {
                    stored.state = .waiting
                }
                stored.dropLease()
                state.jobs[job.id] = stored
            }
        }
        if !expired.isEmpty { doorbell.ring() }
        return expired.count
    }

    /// Whether the job is running under this lease token; `transaction` is not read.
    public func holdsLease(_ job: ClaimedJob, in transaction: StoreConnection) async throws -> Bool {
        state.withLock { $0.holds(job) }
    }

    /// Puts the job back to waiting and gives back its attempt, while it still holds the lease.
    public func release(_ job: ClaimedJob, now: Date) async throws {
        let released = state.withLock { state in
            state.updateLeased(job) { stored in
                stored.state = .waiting
                stored.attempts -= 1
                stored.dropLease()
            }
        }
        if released { doorbell.ring() }
    }

    /// Returns at once: there is no other process to hear from.
    public func listenForWork() async {}
}
