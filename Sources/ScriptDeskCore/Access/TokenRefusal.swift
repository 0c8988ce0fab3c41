/// Why a presented API token was refused. Each is answered 401; the message says what to do
/// and nothing of the token itself (not its id, label, user or dates).
public enum TokenRefusal: ScriptDeskError, Sendable, Hashable {
    /// No token has this secret.
    case unknown
    /// The token's expiry has passed.
    case expired
    /// An operator revoked the token.
    case revoked

    /// `auth.invalid`, `auth.token_expired` or `auth.token_revoked`.
    public var code: String {
        switch self {
        case .unknown: "auth.invalid"
        case .expired: "auth.token_expired"
        case .revoked: "auth.token_revoked"
        }
    }

    /// What the holder is told.
    public var message: String {
        switch self {
        case .unknown: "The API token is not valid."
        case .expired:
            "This API token has expired; ask your ScriptDesk administrator for a new one (`scriptdesk tokens add`)."
        case .revoked:
            "This API token has been revoked; ask your ScriptDesk administrator for a new one (`scriptdesk tokens add`)."
        }
    }
}
