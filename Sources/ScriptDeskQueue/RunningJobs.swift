import Foundation
import Synchronization

/// The jobs this process's slots are running, each with its handler's task: one lease
/// keeper renews all their leases and one timer ends the shutdown grace for all of them,
/// rather than two tasks of their own beside every job (which cost more than a short job).
final class RunningJobs: Sendable {
    /// Why a running job's handler was stopped from outside.
    enum StopReason: Sendable {
        case leaseLost
        case shutdownGraceOver
    }

    private struct Entry {
        var job: ClaimedJob
        var run: Task<Void, any Error>
        /// When the lease was last taken or renewed, by the monotonic clock.
        var renewed: ContinuousClock.Instant
        var stopped: StopReason?
    }

    /// A run of a job: the job's id and the lease token of the claim it runs under (a job
    /// whose lease was lost may be claimed here again while its first run winds down).
    private struct Key: Hashable {
        var id: Int64
        var leaseToken: String

        init(_ job: ClaimedJob) {
            id = job.id
            leaseToken = job.leaseToken
        }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Set by `stopAll`: every run added after it is stopped at once, for this reason.
        var stoppingAll: StopReason?
    }

    private let state = Mutex(State())

    /// Records `job` as running in `run`, its lease taken just now; after `stopAll`, cancels
    /// `run` at once.
    func add(_ job: ClaimedJob, run: Task<Void, any Error>) {
        let stopped = state.withLock { state in
            state.entries[Key(job)] = Entry(job: job, run: run, renewed: .now, stopped: state.stoppingAll)
            return state.stoppingAll != nil
        }
        if stopped { run.cancel() }
    }

    /// Forgets `job` once its handler has returned; why it was stopped, if it was.
    func remove(_ job: ClaimedJob) -> StopReason? {
        state.withLock { $0.entries.removeValue(forKey: Key(job))?.stopped }
    }

    /// The running jobs whose lease was last renewed at least `age` ago.
    func renewable(olderThan age: Duration) -> [ClaimedJob] {
        let now = ContinuousClock.now
        return state.withLock { $0.entries.values.filter { now - $0.renewed >= age }.map(\.job) }
    }

    /// Notes that `job`'s lease was renewed at `instant`.
    func renewed(_ job: ClaimedJob, at instant: ContinuousClock.Instant) {
        state.withLock { $0.entries[Key(job)]?.renewed = instant }
    }

    /// Cancels `job`'s handler, for `reason`, if it still runs.
    func stop(_ job: ClaimedJob, because reason: StopReason) {
        let run = state.withLock { state -> Task<Void, any Error>? in
            let key = Key(job)
            guard state.entries[key]?.stopped == nil else { return nil }
            state.entries[key]?.stopped = reason
            return state.entries[key]?.run
        }
        run?.cancel()
    }

    /// Cancels every running handler, and every one added from now on, for `reason`.
    func stopAll(because reason: StopReason) {
        let runs = state.withLock { state -> [Task<Void, any Error>] in
            state.stoppingAll = reason
            var runs: [Task<Void, any Error>] = []
            for (key, entry) in state.entries where entry.stopped == nil {
                state.entries[key]?.stopped = reason
                runs.append(entry.run)
            }
            return runs
        }
        for run in runs { run.cancel() }
    }
}
