public import Foundation
import ScriptDeskCore

/// A job enqueued once per period across every process that runs workers: each period's
/// run is claimed by inserting `(name, period start)`, which only one process can do.
public struct PeriodicJob: Sendable, Hashable {
    /// Names the schedule, such as `queue.prune`.
    public var name: String
    /// How often; periods start at whole multiples of it since 1970 (UTC).
    public var every: Duration
    /// The job to enqueue each period (its `runAt` is ignored: it runs at once).
    public var job: NewJob

    /// A schedule named `name` that enqueues `job` once every `every`.
    public init(name: String, every: Duration, job: NewJob) {
        self.name = name
        self.every = every
        self.job = job
    }

    /// The start of the period `now` falls in.
    public func periodStart(containing now: Date) -> Date {
        let length = max(every.timeInterval, 1)
        return Date(timeIntervalSince1970: (now.timeIntervalSince1970 / length).rounded(.down) * length)
    }
}
