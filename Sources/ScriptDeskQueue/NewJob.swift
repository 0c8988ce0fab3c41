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
    /// What the job is about, for operations to find it by (`nil`: nothing in particular).
    public var about: JobSubject?

    /// A job to enqueue; by default with no unique key, due at once, five attempts, and about
    /// nothing in particular.
    public init(
        kind: String,
        lane: Lane,
        payload: String,
        uniqueKey: String? = nil,
        runAt: Date? = nil,
        maxAttempts: Int = 5,
        about: JobSubject? = nil
    ) {
        self.kind = kind
        self.lane = lane
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.about = about
    }
}

/// What a job works on, as operations search for it: the script request, and its centre,
/// candidate and component. Each part is optional; a periodic job is about none of them.
public struct JobSubject: Sendable, Hashable, Codable {
    /// The script request the job serves.
    public var requestID: String?
    /// The centre number.
    public var centre: String?
    /// The candidate number.
    public var candidate: String?
    /// The component code.
    public var component: String?

    /// A subject with the parts given.
    public init(requestID: String? = nil, centre: String? = nil, candidate: String? = nil, component: String? = nil) {
        self.requestID = requestID
        self.centre = centre
        self.candidate = candidate
        self.component = component
    }
}
