public import Foundation
public import ScriptDeskQueue

/// What the operations console holds the queue to: how long the oldest due job of each lane
/// may wait (its target), and when to raise an alert.
public struct QueueWatchRules: Sendable, Hashable {
    /// The longest the oldest due job of each lane should wait, in seconds.
    public var targets: [Lane: TimeInterval]
    /// Dead jobs in the last hour, across lanes, at or above which the console raises an alert.
    public var deadPerHour: Int
    /// A worker process not heard from for this long is marked silent (its lease).
    public var workerSilence: TimeInterval

    /// Rules with the documented defaults: priority copies within 5 minutes, standard work
    /// within 24 hours, an alert at 10 dead jobs in an hour, a worker silent after 30 seconds.
    public init(
        targets: [Lane: TimeInterval] = [.priority: 5 * 60, .standard: 24 * 3600],
        deadPerHour: Int = 10,
        workerSilence: TimeInterval = 30
    ) {
        self.targets = targets
        self.deadPerHour = deadPerHour
        self.workerSilence = workerSilence
    }

    /// The target of `lane`.
    public func target(of lane: Lane) -> TimeInterval {
        targets[lane] ?? 24 * 3600
    }
}
