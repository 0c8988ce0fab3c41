public import Hummingbird
public import ScriptDeskServices

/// What a request context carries for the pages: where the request came from, and what the
/// portal's middleware found (the signed-in session, the form sent).
public protocol PortalRequestContext: RequestContext {
    /// The client's address, as the server trusts it.
    var clientAddress: String { get }
    /// The portal's per-request state.
    var portal: PortalState { get set }
}

/// The portal's per-request state, set by `PortalMiddleware` before any page runs.
public struct PortalState: Sendable {
    /// The session the request's cookie names, while it is live.
    public var session: PortalSession?
    /// The fields of a form sent with an unsafe method, once its CSRF token was checked.
    public var form: [String: String] = [:]

    /// No session and no form yet.
    public init() {}
}

/// A live session and the id the browser's cookie carries.
public struct PortalSession: Sendable {
    /// The session's id, from the cookie; never shown, logged or stored.
    public var id: String
    /// Who signed in, and the session's CSRF token.
    public var signedIn: SignInService.SignedIn
}
