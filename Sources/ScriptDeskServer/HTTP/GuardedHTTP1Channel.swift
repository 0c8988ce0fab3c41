import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1
import ScriptDeskApp

/// Hummingbird's HTTP/1 connection set-up with a `ConnectionGuard` placed just after the
/// HTTP codec, so that every connection is counted and timed.
struct GuardedHTTP1Channel: ServerChildChannel {
    let http1: HTTP1Channel
    let settings: ConnectionSettings
    let counts: ConnectionCounts

    /// The server builder for `settings`: one count of connections for the whole server.
    static func server(_ settings: ConnectionSettings) -> HTTPServerBuilder {
        let counts = ConnectionCounts(
            maximum: settings.maximumConnections,
            maximumPerAddress: settings.maximumPerAddress,
            trusted: settings.trustedProxies
        )
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder), settings: settings, counts: counts)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let codec = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(settings: settings, counts: counts), position: .after(codec))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
