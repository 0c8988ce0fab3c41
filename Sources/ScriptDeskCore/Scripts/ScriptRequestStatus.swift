/// Where a script request stands.
public enum ScriptRequestStatus: String, Sendable, Codable, CaseIterable {
    /// Accepted and waiting for a worker.
    case queued
    /// A worker is fetching, building or checking the copy.
    case processing
    /// The copy is published and its download link is live.
    case ready
    /// The copy has been downloaded at least once.
    case downloaded
    /// The download link has expired.
    case expired
    /// The copy could not be produced; the reason is on the timeline.
    case failed

    /// Whether the request still has work ahead of it.
    public var isLive: Bool {
        switch self {
        case .queued, .processing: true
        case .ready, .downloaded, .expired, .failed: false
        }
    }
}
