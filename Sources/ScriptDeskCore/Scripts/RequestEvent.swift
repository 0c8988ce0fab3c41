public import Foundation

/// One entry on a request's timeline.
public struct RequestEvent: Hashable, Sendable, Codable {
    /// When it happened.
    public var at: Date
    /// The status the request entered, or kept.
    public var status: ScriptRequestStatus
    /// What happened, for a person.
    public var detail: String

    /// A timeline entry as recorded.
    public init(at: Date, status: ScriptRequestStatus, detail: String) {
        self.at = at
        self.status = status
        self.detail = detail
    }
}
