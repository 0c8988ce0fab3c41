import NIOCore
import NIOPosix
import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 (an ephemeral port) whose every answer a test scripts,
/// well-behaved or not; it records each request it reads, and reports what it does on
/// its connections as `events`.
final class ScriptedServer: Sendable {
    let script: ServerScript
    /// What the server did, in order (see `next(within:where:)`).
    let events: AsyncStream<ServerEvent>
    private let eventSink: AsyncStream<ServerEvent>.Continuation
    private let requests = Mutex<[RecordedRequest]>([])
    private let accepted = Mutex(0)
    private let channel = Mutex<(any Channel)?>(nil)

    private init(script: ServerScript) {
        self.script = script
        (events, eventSink) = AsyncStream.makeStream()
    }

    /// The port it listens on.
    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    /// `http://127.0.0.1:port` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests read so far, in order.
    var recorded: [RecordedRequest] { requests.withLock { $0 } }

    func record(_ request: RecordedRequest) {
        requests.withLock { $0.append(request) }
    }

    /// The connections accepted so far.
    var connections: Int { accepted.withLock { $0 } }

    /// Counts a connection, and passes every event on to `events`.
    func report(_ event: ServerEvent) {
        if event == .connected { accepted.withLock { $0 += 1 } }
        eventSink.yield(event)
    }

    /// Runs `body` with a server answering by `script`, and stops the server afterwards.
    static func with<T>(_ script: ServerScript, _ body: (ScriptedServer) async throws -> T) async throws -> T {
        let server = ScriptedServer(script: script)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLock { $0 = listener }
        do {
            let result = try await body(server)
            try? await listener.close()
            return result
        } catch {
            try? await listener.close()
            throw error
        }
    }
}
