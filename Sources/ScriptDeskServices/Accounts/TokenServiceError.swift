public import ScriptDeskCore

/// Why a token could not be issued or revoked.
public enum TokenServiceError: ScriptDeskError, Sendable, Hashable {
    /// A centre role was given no centre.
    case centreRequired(Role)
    /// Operations or administrators were given a centre; their tokens are for every centre.
    case centreNotAllowed(Role)
    /// No centre has this number.
    case centreNotFound(CentreNumber)
    /// The lifetime is outside `TokenService.lifetimes`.
    case lifetimeOutOfRange(days: Int)
    /// The label is too long or holds control characters.
    case badLabel
    /// No token has this public id.
    case tokenNotFound(String)

    /// `token.invalid`, `centre.not_found` or `token.not_found`.
    public var code: String {
        switch self {
        case .centreRequired, .centreNotAllowed, .lifetimeOutOfRange, .badLabel: "token.invalid"
        case .centreNotFound: "centre.not_found"
        case .tokenNotFound: "token.not_found"
        }
    }

    /// What to change.
    public var message: String {
        switch self {
        case .centreRequired(let role): "A token for the \(role.rawValue) role belongs to one centre: name it."
        case .centreNotAllowed(let role): "A token for the \(role.rawValue) role covers every centre: name none."
        case .centreNotFound(let centre): "There is no centre \(centre.rawValue)."
        case .lifetimeOutOfRange(let days):
            "A token lasts from \(TokenService.lifetimes.lowerBound) to \(TokenService.lifetimes.upperBound) days, not \(days)."
        case .badLabel: "A label is at most \(TokenService.labelLimit) characters, with no control characters."
        case .tokenNotFound(let id): "There is no API token '\(id)'; `scriptdesk tokens list` shows their ids."
        }
    }
}
