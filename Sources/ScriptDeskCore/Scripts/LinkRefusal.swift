public import Foundation

/// Why a download token was refused. None of these reveals which part was wrong to the
/// caller beyond forbidden (403) or gone (410); the code is for logs and the audit.
public enum LinkRefusal: ScriptDeskError, Sendable, Hashable {
    /// Not a token at all: wrong length, alphabet or version.
    case malformed
    /// Signed with a key this server does not hold.
    case unknownKey
    /// Signed with a key whose overlap after rotation has ended.
    case retiredKey
    /// The signature does not match the link it names.
    case badSignature
    /// No such link.
    case unknownLink
    /// Used before its start.
    case notYetValid
    /// Past its expiry.
    case expired(at: Date)
    /// Revoked by the centre or operations.
    case revoked
    /// The stored content changed since the link was made (a re-scanned script).
    case contentChanged
    /// The link was made for another centre than the one the copy belongs to, or the
    /// signed-in caller is of another centre.
    case wrongAudience
    /// The link's download allowance has been delivered.
    case allowanceUsed(downloads: Int)
    /// A bundle holds the copy of `requestID`, whose own link's allowance of `downloads`
    /// whole downloads has been delivered: a bundle counts against each copy's allowance.
    case allowanceUsedInBundle(requestID: String, downloads: Int)
    /// The client's address has had too many refusals in the last minute; it may try again
    /// in `retryAfter` seconds. Answered without touching the database, and not audited.
    case tooManyRefusals(retryAfter: Int)

    /// The `link.*` code of the check that failed, for logs and the audit; callers see
    /// `answerCode`.
    public var code: String {
        switch self {
        case .malformed: "link.malformed"
        case .unknownKey: "link.unknown_key"
        case .retiredKey: "link.retired_key"
        case .badSignature: "link.bad_signature"
        case .unknownLink: "link.unknown"
        case .notYetValid: "link.not_yet_valid"
        case .expired: "link.expired"
        case .revoked: "link.revoked"
        case .contentChanged: "link.content_changed"
        case .wrongAudience: "link.wrong_audience"
        case .allowanceUsed, .allowanceUsedInBundle: "link.allowance_used"
        case .tooManyRefusals: "link.too_many_refusals"
        }
    }

    /// What the holder is told: when and why a lapsed link lapsed; "not valid" for any other
    /// refusal.
    public var message: String {
        switch self {
        case .expired(let at): "This download link expired at \(ISO8601.string(from: at)); ask for a new one from the request's page."
        case .revoked: "This download link has been withdrawn."
        case .retiredKey: "This download link was signed with a key that has since been retired; ask for a new one from the request's page."
        case .allowanceUsed(let downloads):
            "This download link has been used for its \(downloads) whole download\(downloads == 1 ? "" : "s"); ask for a new one from the request's page."
        case .allowanceUsedInBundle(let requestID, let downloads):
            "The copy of request \(requestID) in this bundle has been downloaded \(downloads) whole time\(downloads == 1 ? "" : "s"), its allowance; make a new bundle without it, or ask for a new link from the request's page."
        case .tooManyRefusals(let seconds):
            "Too many download links from this address have been refused; try again in \(seconds) second\(seconds == 1 ? "" : "s")."
        default: "This download link is not valid."
        }
    }

    /// Whether the link once worked and has now lapsed or been withdrawn (410) rather than never being valid (403).
    public var isGone: Bool {
        switch self {
        case .expired, .revoked, .retiredKey, .allowanceUsed, .allowanceUsedInBundle: true
        default: false
        }
    }

    /// The status a refusal is answered and audited with, the same on every route: 429 when
    /// the address has had too many refusals, 410 for a link that is gone, 403 for any other
    /// (whose code the answer hides as `link.invalid`).
    public var answerStatus: Int {
        if case .tooManyRefusals = self { return 429 }
        return isGone ? 410 : 403
    }

    /// The code the caller is told: a lapsed link's own, or the refusals' limit, and
    /// `link.invalid` for any other, so a forger learns nothing of which check failed.
    public var answerCode: String {
        if case .tooManyRefusals = self { return code }
        return isGone ? code : "link.invalid"
    }
}
