/// How the test server answers each request.
struct ServerScript: Sendable {
    let reply: @Sendable (RecordedRequest) -> Reply

    /// Answers by `reply`, request by request.
    static func routing(_ reply: @escaping @Sendable (RecordedRequest) -> Reply) -> ServerScript {
        ServerScript(reply: reply)
    }

    /// Gives every request the same reply.
    static func always(_ reply: Reply) -> ServerScript {
        ServerScript { _ in reply }
    }

    /// Serves `body` at every path, honouring range requests.
    static func serving(_ body: [UInt8]) -> ServerScript {
        ServerScript { .serving(body, to: $0) }
    }
}
