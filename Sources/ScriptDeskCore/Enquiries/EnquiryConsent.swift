public import Foundation

/// The centre's record that the candidate agreed to an enquiry about their result, knowing
/// that marks and grades may go down as well as up.
public struct EnquiryConsent: Hashable, Sendable, Codable {
    /// Whether the candidate agreed.
    public var candidateAgreed: Bool
    /// When they agreed: after results were published, and not in the future.
    public var obtainedAt: Date
    /// Whether the candidate was told, and accepted, that the mark may be lowered.
    public var acknowledgesMarksMayGoDown: Bool

    /// A consent as the centre recorded it.
    public init(candidateAgreed: Bool, obtainedAt: Date, acknowledgesMarksMayGoDown: Bool) {
        self.candidateAgreed = candidateAgreed
        self.obtainedAt = obtainedAt
        self.acknowledgesMarksMayGoDown = acknowledgesMarksMayGoDown
    }
}
