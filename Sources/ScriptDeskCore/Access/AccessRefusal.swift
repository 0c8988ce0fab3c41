/// Why the access policy refused. Services turn `notFound` into their own not-found error
/// (a request, a link, a centre), which says nothing of whether the object exists.
public enum AccessRefusal: ScriptDeskError, Sendable, Hashable {
    /// The object is not the caller's to see.
    case notFound
    /// The caller's role may not do this.
    case forbidden(String)
    /// Operations must say which centre they mean.
    case centreRequired

    /// `auth.not_found`, `auth.forbidden`, or `request.invalid` when no centre was named.
    public var code: String {
        switch self {
        case .notFound: "auth.not_found"
        case .forbidden: "auth.forbidden"
        case .centreRequired: "request.invalid"
        }
    }

    /// The forbidden reason as given; a fixed sentence otherwise.
    public var message: String {
        switch self {
        case .notFound: "There is no such object for your centre."
        case .forbidden(let reason): reason
        case .centreRequired: "Name the centre with 'centre=' (five digits)."
        }
    }
}
