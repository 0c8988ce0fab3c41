public import Foundation

/// The centre's attestation that the candidate agreed to the centre seeing the script.
public struct ConsentRecord: Hashable, Sendable, Codable {
    /// Whether the candidate agreed.
    public var candidateAgreed: Bool
    /// When the consent was obtained.
    public var obtainedAt: Date
    /// Whether the candidate may be identified on the copy; `false` asks for an anonymised
    /// copy with no name or candidate number anywhere in it.
    public var identify: Bool

    /// A consent as the centre attested it.
    public init(candidateAgreed: Bool, obtainedAt: Date, identify: Bool) {
        self.candidateAgreed = candidateAgreed
        self.obtainedAt = obtainedAt
        self.identify = identify
    }
}
