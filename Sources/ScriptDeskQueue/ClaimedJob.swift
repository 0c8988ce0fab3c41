public import Foundation

/// A job a worker holds. Completion, failure and heartbeats count only with its lease token.
public struct ClaimedJob: Sendable, Hashable {
    /// The job's id.
    public var id: Int64
    /// What the job does.
    public var kind: String
    /// The lane it came from.
    public var lane: Lane
    /// The handler's input.
    public var payload: String
    /// This run's number, from 1.
    public var attempt: Int
    /// The most runs allowed.
    public var maxAttempts: Int
    /// Proof of the current lease; a rescued job gets a new one.
    public var leaseToken: String
    /// When the lease lapses unless renewed.
    public var leaseExpiresAt: Date
    /// When the job was enqueued.
    public var enqueuedAt: Date
    /// When this run became due (its run time: enqueue, delay or retry backoff).
    public var dueAt: Date
    /// When this run was claimed.
    public var claimedAt: Date

    /// A job as claimed; `dueAt` is `enqueuedAt` when not given, and `claimedAt` is `dueAt`.
    public init(
        id: Int64,
        kind: String,
        lane: Lane,
        payload: String,
        attempt: Int,
        maxAttempts: Int,
        leaseToken: String,
        leaseExpiresAt: Date,
        enqueuedAt: Date,
        dueAt: Date? = nil,
        claimedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.lane = lane
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.leaseToken = leaseToken
        self.leaseExpiresAt = leaseExpiresAt
        self.enqueuedAt = enqueuedAt
        self.dueAt = dueAt ?? enqueuedAt
        self.claimedAt = claimedAt ?? dueAt ?? enqueuedAt
    }
}
