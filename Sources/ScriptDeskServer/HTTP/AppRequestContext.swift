import Hummingbird
import NIOCore
import ScriptDeskCore

/// Per-request state: who is calling (once authenticated) and from where.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, if the request carried a valid bearer token.
    public var user: User?
    /// The peer's IP address, for the audit.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Request bodies are small JSON documents.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The caller, or a 401 when there is none.
    func requireUser() throws -> User {
        guard let user else {
            throw APIError(.unauthorized, code: "auth.required", message: "Send an API token as 'Authorization: Bearer <token>'.")
        }
        return user
    }

    /// The caller, who must be operations staff or an administrator (403 otherwise).
    func requireOperations(_ what: String) throws -> User {
        let user = try requireUser()
        guard user.role == .operations || user.role == .administrator else {
            throw APIError(.forbidden, code: "auth.forbidden", message: "\(what) are for operations staff.")
        }
        return user
    }
}
