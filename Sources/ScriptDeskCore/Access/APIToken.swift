public import Foundation

/// An API token as an operator sees it: who it stands for and its life cycle, named by a
/// short public id. Never its secret nor the secret's hash; those stay in the store.
public struct APIToken: Hashable, Sendable, Codable {
    /// The public id (12 lowercase hex digits), by which an operator lists and revokes it.
    public var id: String
    /// The user the token stands for.
    public var userID: String
    /// What the token's caller may do.
    public var role: Role
    /// The caller's centre, for centre roles; `nil` for operations and administrators.
    public var centre: CentreNumber?
    /// What the token is for, in a person's words.
    public var label: String
    /// When the token was made.
    public var createdAt: Date
    /// When the token stops working; `nil` for none (the demo's, and tokens from before
    /// expiry existed that the migration left alone).
    public var expiresAt: Date?
    /// When the token was last presented, to the minute (`lastUseResolution`).
    public var lastUsedAt: Date?
    /// When the token was revoked, if it was.
    public var revokedAt: Date?

    /// A token as stored.
    public init(
        id: String,
        userID: String,
        role: Role,
        centre: CentreNumber?,
        label: String,
        createdAt: Date,
        expiresAt: Date?,
        lastUsedAt: Date? = nil,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.role = role
        self.centre = centre
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// How finely the last use is kept: it is written again only once it is this old, so a
    /// busy integration does not write to the database on every request.
    public static let lastUseResolution: TimeInterval = 60

    /// Why the token may not be used at `now`, or `nil` when it may. A revoked token says so
    /// even once it has also expired.
    public func refusal(at now: Date) -> TokenRefusal? {
        if revokedAt != nil { return .revoked }
        if let expiresAt, now >= expiresAt { return .expired }
        return nil
    }

    /// Whether a use at `now` should be written down: never recorded, or last recorded at
    /// least `lastUseResolution` ago.
    public func lastUseIsStale(at now: Date) -> Bool {
        guard let lastUsedAt else { return true }
        return now.timeIntervalSince(lastUsedAt) >= Self.lastUseResolution
    }

    /// The caller the token stands for.
    public var caller: Caller {
        Caller(id: userID, role: role, centre: centre)
    }
}
