public import Foundation

/// A signed, expiring permission to download one published copy.
///
/// The link's signature covers every field here that says what may be downloaded, by
/// whom and when; the token in the URL carries only the link id, key id and a MAC.
public struct DownloadLink: Hashable, Sendable, Codable {
    /// What a link opens; signed, so a token for one is never good for the other.
    public enum Purpose: String, Hashable, Sendable, Codable {
        /// One script copy (`/d/{token}`).
        case copy
        /// A ZIP of several copies (`/z/{token}`).
        case bundle
        /// A candidate's statement of results (`/s/{token}`).
        case statement
    }

    /// The link's identifier (32 lowercase hex digits).
    public var id: String
    /// What the link opens.
    public var purpose: Purpose
    /// The request the copy belongs to; for a bundle, the bundle's id.
    public var requestID: String
    /// The signing key that made the token.
    public var keyID: String
    /// The stored object in the download area.
    public var objectID: String
    /// The SHA-256 of the content, lowercase hex: a re-scanned file has another and the link dies.
    public var contentSHA256: String
    /// The file name offered to the browser.
    public var fileName: String
    /// The centre the link is for.
    public var audience: CentreNumber
    /// Not valid before this instant.
    public var notBefore: Date
    /// Not valid after this instant.
    public var expiresAt: Date
    /// How many whole downloads the link allows, counted in bytes delivered (so a resumed
    /// download uses no more of it than one unbroken); `nil` for no limit.
    public var downloadAllowance: Int?
    /// When the link was revoked, if it was.
    public var revokedAt: Date?
    /// When the link was made.
    public var createdAt: Date

    /// A link as stored; by default a link to one copy, with no download limit, not revoked.
    public init(
        id: String,
        purpose: Purpose = .copy,
        requestID: String,
        keyID: String,
        objectID: String,
        contentSHA256: String,
        fileName: String,
        audience: CentreNumber,
        notBefore: Date,
        expiresAt: Date,
        downloadAllowance: Int? = nil,
        revokedAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.purpose = purpose
        self.requestID = requestID
        self.keyID = keyID
        self.objectID = objectID
        self.contentSHA256 = contentSHA256
        self.fileName = fileName
        self.audience = audience
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.downloadAllowance = downloadAllowance
        self.revokedAt = revokedAt
        self.createdAt = createdAt
    }
}
