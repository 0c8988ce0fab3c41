public import Foundation
import ScriptDeskCore

/// When a failed job runs again: exponential backoff with jitter, capped.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first failure.
    public var base: Duration
    /// The longest wait.
    public var cap: Duration

    /// A policy waiting `base` (two seconds by default) after the first failure, doubling up to
    /// `cap` (ten minutes by default).
    public init(base: Duration = .seconds(2), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    /// The time to run again after `failure` on `attempt` of `maxAttempts`, or `nil` when
    /// the job should be dead. `jitter` is in 0...1 (random in production, fixed in tests).
    public func retryTime(after failure: JobFailure, attempt: Int, maxAttempts: Int, now: Date, jitter: Double) -> Date? {
        guard failure.isTransient, attempt < maxAttempts else { return nil }
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let full = min(base.timeInterval * pow(2, exponent), cap.timeInterval)
        // Half fixed, half random: spreads a burst of failures without ever retrying at once.
        return now.addingTimeInterval(full * (0.5 + 0.5 * min(max(jitter, 0), 1)))
    }
}
