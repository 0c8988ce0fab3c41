public import Foundation
import ScriptDeskCore
import ScriptDeskStore
import Synchronization

/// Operations' actions, the monitor, worker processes, periodic jobs and retention, in memory.
extension MemoryJobQueue {
    /// Asks each matching job's handler in turn (with an unconnected store connection), then
    /// changes every job it agreed to at once; a dead job is not retried while a live job has
    /// its unique key.
    public func control(
        _ action: JobControl,
        _ filter: JobFilter,
        limit: Int,
        now: Date,
        onControl: ControlRecorder?
    ) async throws -> JobControlOutcome {
        var filter = filter
        filter.states.formIntersection([.waiting, .dead])
        var outcome = JobControlOutcome(action: action, changed: [], skipped: [])
        let matching = state.withLock { state in
            state.jobs.values.filter { filter.matches($0.record, lastErrorCode: $0.lastError?.code) }.sorted { $0.id < $1.id }
                .prefix(max(limit, 0))
        }
        for job in matching {
            if action == .retry, job.state == .dead, let key = job.uniqueKey, let other = state.withLock({ $0.liveJob(withKey: key) }) {
                outcome.skipped.append(.init(id: job.id, reason: "Job #\(other) already does the same work."))
                continue
            }
            do {
                try await onControl?(job.record, action, .unconnected())
            } catch let refusal as JobControlRefused {
                outcome.skipped.append(.init(id: job.id, reason: refusal.reason))
                continue
            }
            outcome.changed.append(job.id)
        }
        // Every handler has agreed: the whole command takes effect at once.
        state.withLock { state in
            for id in outcome.changed {
                guard var job = state.jobs[id] else { continue }
                switch (action, job.state) {
                case (.retry, .dead):
                    job.state = .waiting
                    job.attempts = 0
                    job.runAt = now
                    job.finishedAt = nil
                case (.retry, _):
                    job.runAt = now
                case (.cancel, _):
                    job.state = .cancelled
                    job.finishedAt = now
                }
                state.jobs[id] = job
            }
        }
        if action == .retry, !outcome.changed.isEmpty { doorbell.ring() }
        return outcome
    }

    /// Counts the jobs held, by lane and state.
    public func depth() async throws -> [Lane: [JobState: Int]] {
        state.withLock { state in
            var depth: [Lane: [JobState: Int]] = [:]
            for job in state.jobs.values { depth[job.lane, default: [:]][job.state, default: 0] += 1 }
            return depth
        }
    }

    /// Adds or removes the lane from the paused set; resuming rings the doorbell.
    public func setPaused(_ lane: Lane, _ paused: Bool, now: Date) async throws {
        state.withLock { state in
            if paused { state.paused.insert(lane) } else { state.paused.remove(lane) }
        }
        if !paused { doorbell.ring() }
    }

    /// The monitor's view of the jobs held at `now`, with at most `deadLimit` dead jobs, newest
    /// first.
    public func snapshot(now: Date, deadLimit: Int) async throws -> QueueSnapshot {
        let depth = try await depth()
        let facts = state.withLock { state in
            let jobs = state.jobs.values
            var oldestDue: [Lane: Date] = [:]
            for job in jobs where job.state == .waiting && job.runAt <= now {
                oldestDue[job.lane] = min(oldestDue[job.lane] ?? job.runAt, job.runAt)
            }
            let succeeded = QueueSnapshot.throughputWindows.map { window in
                var counts: [Lane: Int] = [:]
                for job in jobs where job.state == .succeeded && (job.finishedAt ?? .distantPast) >= now.addingTimeInterval(-window) {
                    counts[job.lane, default: 0] += 1
                }
                return counts
            }
            return QueueSnapshot.Facts(
                depth: depth,
                paused: state.paused,
                oldestDue: oldestDue,
                succeeded: succeeded,
                workers: state.workers.filter { $0.value.heartbeatAt >= now.addingTimeInterval(-QueueSnapshot.workerGone) }
                    .sorted { $0.key < $1.key }
                    .map { id, worker in
                        QueueSnapshot.WorkerProcess(
                            id: id,
                            concurrency: worker.concurrency,
                            requestedConcurrency: worker.desiredConcurrency,
                            startedAt: worker.startedAt,
                            lastHeartbeatAt: worker.heartbeatAt,
                            runningJobs: []
                        )
                    },
                running: jobs.filter { $0.state == .running }.sorted { $0.id < $1.id }.map { job in
                    QueueSnapshot.RunningJob(
                        id: job.id,
                        kind: job.kind,
                        lane: job.lane,
                        worker: job.workerID ?? "",
                        attempt: job.attempts,
                        leaseExpiresAt: job.leaseExpiresAt ?? now
                    )
                },
                dead: jobs.filter { $0.state == .dead }
                    .sorted { ($0.finishedAt ?? .distantPast, $0.id) > ($1.finishedAt ?? .distantPast, $1.id) }
                    .prefix(max(deadLimit, 0))
                    .map { job in
                        QueueSnapshot.DeadJob(
                            id: job.id,
                            kind: job.kind,
                            lane: job.lane,
                            attempts: job.attempts,
                            errorCode: job.lastError?.code,
                            errorMessage: job.lastError?.message,
                            diedAt: job.finishedAt
                        )
                    }
            )
        }
        return QueueSnapshot(takenAt: now, facts: facts)
    }

    /// Records the heartbeat, forgets processes silent for twenty minutes, and returns the slot
    /// count operations asked for.
    public func workerHeartbeat(_ worker: String, concurrency: Int, now: Date) async throws -> Int? {
        state.withLock { state in
            var entry = state.workers[worker] ?? .init(concurrency: concurrency, startedAt: now, heartbeatAt: now)
            entry.concurrency = concurrency
            entry.heartbeatAt = now
            state.workers[worker] = entry
            // Processes killed without a goodbye drop off once they are well past gone.
            state.workers = state.workers.filter { $0.value.heartbeatAt >= now.addingTimeInterval(-10 * QueueSnapshot.workerGone) }
            return entry.desiredConcurrency
        }
    }

    /// Forgets the worker process.
    public func workerStopped(_ worker: String) async throws {
        _ = state.withLock { $0.workers.removeValue(forKey: worker) }
    }

    /// Records the slot count (at least one) for each process heard from in the last two
    /// minutes, or the one named.
    public func setConcurrency(_ concurrency: Int, worker: String?, now: Date) async throws -> [String] {
        state.withLock { state in
            let alive = now.addingTimeInterval(-QueueSnapshot.workerGone)
            let asked = state.workers.filter { $0.value.heartbeatAt >= alive && (worker == nil || $0.key == worker) }.map(\.key).sorted()
            for id in asked { state.workers[id]?.desiredConcurrency = max(concurrency, 1) }
            return asked
        }
    }

    /// Enqueues each periodic job whose current period has no run recorded, and records the
    /// run.
    public func schedule(_ periodic: [PeriodicJob], now: Date) async throws -> [String] {
        let due = state.withLock { state in
            periodic.filter { entry in state.periodicRuns[entry.name, default: []].insert(entry.periodStart(containing: now)).inserted }
        }
        _ = try await enqueue(
            due.map { entry in
                var job = entry.job
                job.runAt = nil
                return job
            },
            now: now
        )
        return due.map(\.name)
    }

    /// Deletes up to `limit` (at least one) succeeded or cancelled jobs, oldest first, and
    /// forgets the periodic runs of periods that started before `cutoff`.
    public func prune(finishedBefore cutoff: Date, limit: Int) async throws -> Int {
        state.withLock { state in
            state.periodicRuns = state.periodicRuns.mapValues { $0.filter { $0 >= cutoff } }
            let old = state.jobs.values.filter { ($0.state == .succeeded || $0.state == .cancelled) && ($0.finishedAt.map { $0 < cutoff } ?? false) }
                .sorted { ($0.finishedAt ?? cutoff) < ($1.finishedAt ?? cutoff) }
                .prefix(max(limit, 1))
            for job in old { state.jobs[job.id] = nil }
            return old.count
        }
    }
}
