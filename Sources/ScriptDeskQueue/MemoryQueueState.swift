import Foundation

/// What the in-memory queue holds, kept behind its lock.
struct MemoryQueueState {
    /// One job, with the fields the SQL queue keeps in its row.
    struct Job {
        var id: Int64
        var kind: String
        var lane: Lane
        var payload: String
        var uniqueKey: String?
        var state: JobState
        var attempts: Int
        var maxAttempts: Int
        var runAt: Date
        var createdAt: Date
        var leaseToken: String?
        var leaseExpiresAt: Date?
        var workerID: String?
        var finishedAt: Date?
        var lastError: (code: String, message: String)?

        init(id: Int64, job: NewJob, now: Date) {
            self.id = id
            kind = job.kind
            lane = job.lane
            payload = job.payload
            uniqueKey = job.uniqueKey
            state = .waiting
            attempts = 0
            maxAttempts = max(job.maxAttempts, 1)
            runAt = job.runAt ?? now
            createdAt = now
        }

        mutating func dropLease() {
            leaseToken = nil
            leaseExpiresAt = nil
            if state != .running { workerID = nil }
        }

        func claimed(leaseToken: String, leaseExpiresAt: Date, claimedAt: Date? = nil) -> ClaimedJob {
            ClaimedJob(
                id: id,
                kind: kind,
                lane: lane,
                payload: payload,
                attempt: attempts,
                maxAttempts: maxAttempts,
                leaseToken: leaseToken,
                leaseExpiresAt: leaseExpiresAt,
                enqueuedAt: createdAt,
                dueAt: runAt,
                claimedAt: claimedAt
            )
        }

        var record: JobRecord {
            JobRecord(id: id, kind: kind, lane: lane, payload: payload, state: state, attempts: attempts)
        }
    }

    /// A worker process, from its heartbeats.
    struct Worker {
        var concurrency: Int
        var desiredConcurrency: Int?
        var startedAt: Date
        var heartbeatAt: Date
    }

    var jobs: [Int64: Job] = [:]
    var lastID: Int64 = 0
    var paused: Set<Lane> = []
    var workers: [String: Worker] = [:]
    /// `name` and period start of each periodic run enqueued.
    var periodicRuns: [String: Set<Date>] = [:]

    mutating func reserveID() -> Int64 {
        lastID += 1
        return lastID
    }

    func liveJob(withKey key: String) -> Int64? {
        jobs.values.first { $0.uniqueKey == key && ($0.state == .waiting || $0.state == .running) }?.id
    }

    /// Up to `most` waiting jobs of `lane` due by `due`, oldest first.
    func due(in lane: Lane, by due: Date, most: Int) -> [Int64] {
        jobs.values.filter { $0.state == .waiting && $0.lane == lane && $0.runAt <= due }
            .sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
            .prefix(most).map(\.id)
    }

    mutating func claim(_ id: Int64, token: String, worker: String, expires: Date, now: Date) -> ClaimedJob {
        var job = jobs[id]!
        job.state = .running
        job.attempts += 1
        job.leaseToken = token
        job.leaseExpiresAt = expires
        job.workerID = worker
        jobs[id] = job
        return job.claimed(leaseToken: token, leaseExpiresAt: expires, claimedAt: now)
    }

    func holds(_ job: ClaimedJob) -> Bool {
        jobs[job.id].map { $0.state == .running && $0.leaseToken == job.leaseToken } ?? false
    }

    /// Applies `change` to the job only while `job`'s lease is current; returns whether it did.
    mutating func updateLeased(_ job: ClaimedJob, _ change: (inout Job) -> Void) -> Bool {
        guard holds(job), var stored = jobs[job.id] else { return false }
        change(&stored)
        jobs[job.id] = stored
        return true
    }
}
