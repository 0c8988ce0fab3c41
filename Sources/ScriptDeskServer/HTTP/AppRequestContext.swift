public import Hummingbird
import NIOCore
public import ScriptDeskCore
public import ScriptDeskWeb

/// Per-request state: who is calling (once authenticated) and from where.
public struct AppRequestContext: RequestContext, PortalRequestContext {
    /// Hummingbird's own per-request state.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, if the request carried a valid bearer token.
    public var caller: Caller?
    /// The peer's IP address, for the audit.
    public var clientAddress: String
    /// The connection the request came on, for a response whose bytes the kernel sends.
    let channel: any Channel
    /// The pages' session and form, once their middleware has run.
    public var portal = PortalState()

    /// A context with no caller yet, and the peer's IP address (`unknown` when the channel has
    /// none).
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.channel = source.channel
    }

    /// Request bodies are small JSON documents, or the pages' forms (a CSV file of requests
    /// at the most).
    public var maxUploadSize: Int { 1024 * 1024 }

    /// The caller, or a 401 when there is none. What the caller may do is the access
    /// policy's to say, in the service the route calls.
    func requireCaller() throws -> Caller {
        guard let caller else {
            throw APIError(.unauthorized, code: "auth.required", message: "Send an API token as 'Authorization: Bearer <token>'.")
        }
        return caller
    }
}
