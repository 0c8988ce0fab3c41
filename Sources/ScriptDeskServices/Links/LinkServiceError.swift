public import ScriptDeskCore

/// Why a link could not be issued or withdrawn.
public enum LinkServiceError: ScriptDeskError, Sendable, Hashable {
    /// No such request for the caller (another centre's looks the same).
    case requestNotFound(String)
    /// No such link or bundle for the caller.
    case linkNotFound(String)
    /// The caller may not withdraw this centre's links (or it is not theirs).
    case centreNotFound(CentreNumber)
    /// The request has no published copy to link to.
    case noCopy(status: ScriptRequestStatus)
    /// The caller's role may not do this.
    case forbidden(String)

    /// `request.not_found`, `link.not_found`, `centre.not_found`, `link.no_copy` or
    /// `auth.forbidden`.
    public var code: String {
        switch self {
        case .requestNotFound: "request.not_found"
        case .linkNotFound: "link.not_found"
        case .centreNotFound: "centre.not_found"
        case .noCopy: "link.no_copy"
        case .forbidden: "auth.forbidden"
        }
    }

    /// What was not found for the caller's centre, or why no link can be issued yet.
    public var message: String {
        switch self {
        case .requestNotFound(let id): "There is no script request '\(id)' for your centre."
        case .linkNotFound(let id): "There is no download link '\(id)' for your centre."
        case .centreNotFound(let centre): "You cannot withdraw the links of centre \(centre.rawValue)."
        case .noCopy(let status): "This request has no copy to download (it is \(status.rawValue)); a link can be issued once it is ready."
        case .forbidden(let reason): reason
        }
    }
}
