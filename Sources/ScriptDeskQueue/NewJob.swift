public import Foundation

/// A job to enqueue.
public struct NewJob: Sendable, Hashable {
    /// What the job does, such as `script-copy`; the worker picks its handler by this.
    public var kind: String
    /// The lane it waits in.
    public var lane: Lane
    /// The handler's input, usually JSON.
    public var payload: String
    /// While a job with the same key is waiting or running, enqueueing another returns it instead.
    public var uniqueKey: String?
    /// Not before this time (`nil`: at once).
    public var runAt: Date?
    /// How many times a transient failure is retried before the job is dead.
    public var maxAttempts: Int

    /// A job to enqueue; by default with no unique key, due at once, and five attempts.
    public init(kind: String, lane: Lane, payload: String, uniqueKey: String? = nil, runAt: Date? = nil, maxAttempts: Int = 5) {
        self.kind = kind
        self.lane = lane
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.runAt = runAt
        self.maxAttempts = maxAttempts
    }
}
