public import Foundation

/// What a download link lets through once its signature has been verified: the one
/// decision, for single copies and bundles alike, on whether the link is live, whether it
/// is for the centre that owns what it opens, whether that content is still what it signed,
/// and how many bytes it may still deliver.
public struct DownloadGrant: Sendable, Hashable {
    /// What the link opens, as the store holds it now.
    public enum Subject: Sendable, Hashable {
        /// One copy: the centre of the request it belongs to, and the request's published
        /// copy now (`nil` when it has none).
        case copy(centre: CentreNumber, current: ScriptRequest.PublishedCopy?)
        /// A bundle: its centre, its items, the SHA-256 of their manifest as stored now,
        /// and the copy each of its requests holds now (by request id; a request that is
        /// missing, or is not the bundle centre's, has none).
        case bundle(centre: CentreNumber, items: [DownloadBundle.Item], manifestSHA256: String, current: [String: ScriptRequest.PublishedCopy])
    }

    /// Bytes the link may still deliver; `nil` when it has no allowance.
    public var remainingBytes: Int64?

    /// Decides whether `link` may be used at `now`, in this order: withdrawn, not yet valid
    /// (`clockSkew` early is tolerated, as servers' clocks may disagree), expired (to the
    /// second, no tolerance), made for another centre, content changed, allowance delivered.
    /// `delivered` is the bytes already delivered through the link, by every process.
    public static func decide(
        _ link: DownloadLink,
        opening subject: Subject,
        delivered: Int64,
        now: Date,
        clockSkew: TimeInterval
    ) throws(LinkRefusal) -> DownloadGrant {
        if link.revokedAt != nil { throw .revoked }
        if now + clockSkew < link.notBefore { throw .notYetValid }
        if now > link.expiresAt { throw .expired(at: link.expiresAt) }
        switch subject {
        case .copy(let centre, let current):
            guard link.audience == centre else { throw .wrongAudience }
            guard let current, current.sha256 == link.contentSHA256, current.objectID == link.objectID else {
                throw .contentChanged
            }
            guard let allowance = link.downloadAllowance else { return DownloadGrant(remainingBytes: nil) }
            let remaining = Int64(allowance) * current.byteCount - delivered
            guard remaining > 0 else { throw .allowanceUsed(downloads: allowance) }
            return DownloadGrant(remainingBytes: remaining)
        case .bundle(let centre, let items, let manifestSHA256, let current):
            guard link.audience == centre else { throw .wrongAudience }
            let unchanged = items.allSatisfy { item in
                current[item.requestID].map { $0.sha256 == item.sha256 && $0.objectID == item.objectID } ?? false
            }
            guard manifestSHA256 == link.contentSHA256, !items.isEmpty, unchanged else { throw .contentChanged }
            return DownloadGrant(remainingBytes: nil)
        }
    }
}
