import Logging
import NIOPosix
import PostgresKit
import PostgresNIO
import ScriptDeskCore
import Synchronization

/// PostgreSQL through a pool of connections (postgres-nio's `PostgresClient`): statements
/// from different requests and workers run at once, each unit of work on a connection of
/// its own.
///
/// While the server cannot be reached, calls fail at once with `store.unavailable` instead
/// of queueing for a connection. A sentinel connection of its own, asked `SELECT 1` every
/// half second, notices the loss (so does a call that meets a lost connection); the pool
/// that lost the server is then retired, failing whatever waited in it, and the sentinel
/// tries the server every half second until it answers, when a fresh pool takes over. So a
/// restart of the server is recovered from within a second of its return, without
/// restarting the process.
final class PostgresPool: Sendable {
    private struct State {
        /// The pool in service, `nil` while the server cannot be reached.
        var client: PostgresClient?
        /// The task running that pool, once `run()` has started it.
        var running: Task<Void, Never>?
        /// Why the server was last found unreachable.
        var lastFailure: String?
        var stopped = false
    }

    private let configuration: PostgresClient.Configuration
    private let connection: PostgresConnection.Configuration
    private let logger: Logger
    private let state = Mutex(State())
    /// Rung when a call meets a lost connection, so the sentinel looks at once, and when the
    /// pool starts serving.
    private let bell = Doorbell()

    /// How often the sentinel asks the server.
    static let probeInterval = Duration.milliseconds(500)
    /// How long the sentinel waits for an answer, or for a connection, before it takes the
    /// server for gone. Long, because a busy server is slow, not gone: a stopped server
    /// refuses connections at once.
    static let probeTimeout = Duration.seconds(10)

    init(url: String, size: Int, logger: Logger) throws {
        connection = try SQLPostgresConfiguration(url: url).coreConfiguration
        var configuration = PostgresClient.Configuration(connection: connection)
        configuration.options.maximumConnections = max(size, 1)
        configuration.options.minimumConnections = 0
        self.configuration = configuration
        self.logger = logger
        state.withLock { $0.client = PostgresClient(configuration: configuration, backgroundLogger: logger) }
    }

    /// Runs the pool and its sentinel until the task is cancelled, then closes every connection.
    func run() async {
        state.withLock { state in
            if let client = state.client, state.running == nil { state.running = Task { await client.run() } }
        }
        bell.ring()
        await withTaskCancellationHandler {
            await watch()
        } onCancel: {
            let running = state.withLock { state in
                state.stopped = true
                state.client = nil
                defer { state.running = nil }
                return state.running
            }
            running?.cancel()
            bell.ring()
        }
    }

    /// Runs `body` on a leased connection; `store.unavailable` at once while the server
    /// cannot be reached, or when the connection is lost on the way.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        await waitUntilServing()
        guard let client = state.withLock({ $0.client }) else { throw unavailable() }
        var leased = false
        do {
            return try await client.withConnection { connection in
                leased = true
                return try await body(connection)
            }
        } catch  where !leased || Self.isConnectionLoss(error) {
            // No connection was lent (the pool was retired while this waited), or the one
            // lent was lost: the sentinel looks at once.
            bell.ring()
            throw StoreError.unavailable(reason: String(describing: error))
        }
    }

    /// Whether the sentinel found the server answering last time it asked.
    var isReachable: Bool { state.withLock { $0.client != nil } }

    private func unavailable() -> StoreError {
        .unavailable(reason: state.withLock { $0.lastFailure } ?? "the database server cannot be reached")
    }

    /// Returns once `run()` has started the pool (or it has stopped), so that no call leases
    /// from a pool that is not running yet.
    private func waitUntilServing() async {
        while true {
            let seen = bell.generation
            if state.withLock({ $0.running != nil || $0.stopped || $0.client == nil }) { return }
            await bell.wait(since: seen, timeout: .seconds(1))
        }
    }

    /// Asks the server through the sentinel every half second (or at once when a call met a
    /// lost connection); retires the pool when it does not answer, and starts a fresh one
    /// when it answers again.
    private func watch() async {
        var sentinel: PostgresConnection?
        while !Task.isCancelled {
            let seen = bell.generation
            do {
                let open: PostgresConnection
                if let sentinel {
                    open = sentinel
                } else {
                    open = try await connectSentinel()
                }
                sentinel = open
                try await Self.within(Self.probeTimeout) { _ = try await open.query("SELECT 1", logger: Self.quiet).get() }
                revive()
            } catch {
                try? await sentinel?.close()
                sentinel = nil
                if !Task.isCancelled { retire(because: String(describing: error)) }
            }
            await bell.wait(since: seen, timeout: Self.probeInterval)
        }
        try? await sentinel?.close()
    }

    /// A connection of the sentinel's own; a server that does not answer within the probe
    /// timeout fails it (the connection's own timeout: racing the connect would drop a
    /// connection made just after the race was lost, unclosed).
    private func connectSentinel() async throws -> PostgresConnection {
        var configuration = connection
        configuration.options.connectTimeout = .seconds(Self.probeTimeout.components.seconds)
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: configuration,
            id: 0,
            logger: Self.quiet
        )
    }

    private func retire(because failure: String) {
        let running = state.withLock { state -> Task<Void, Never>? in
            guard !state.stopped, state.client != nil else { return nil }
            state.client = nil
            state.lastFailure = "the database server cannot be reached (\(failure))"
            defer { state.running = nil }
            return state.running
        }
        guard let running else { return }
        logger.error("Database unreachable; calls fail at once until it answers again", metadata: ["scriptdesk.error": "\(failure)"])
        running.cancel()
    }

    private func revive() {
        let configuration = configuration
        let logger = logger
        let revived = state.withLock { state -> Bool in
            guard !state.stopped, state.client == nil else { return false }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            state.client = client
            state.running = Task { await client.run() }
            state.lastFailure = nil
            return true
        }
        if revived { logger.notice("Database reachable again; a fresh connection pool has taken over") }
    }

    /// `work`'s answer, or an error when it takes longer than `limit`.
    private static func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw StoreError.unavailable(reason: "no answer within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Whether `error` says the server or the connection to it is gone, rather than that a
    /// statement was wrong.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // Class 08 (connection exception) and 57P01 to 57P03 (the server shutting down).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }

    private static let quiet = Logger(label: "scriptdesk.store.sentinel", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension PostgresClient.Configuration {
    /// The pool's configuration for the server and credentials of a connection's.
    init(connection: PostgresConnection.Configuration) {
        let tls: TLS =
            switch (connection.tls.isEnforced, connection.tls.isAllowed, connection.tls.sslContext) {
            case (true, _, let context?): .require(context.configuration)
            case (false, true, let context?): .prefer(context.configuration)
            default: .disable
            }
        if let socket = connection.unixSocketPath {
            self.init(unixSocketPath: socket, username: connection.username, password: connection.password, database: connection.database)
        } else {
            self.init(
                host: connection.host ?? "localhost",
                port: connection.port ?? 5432,
                username: connection.username,
                password: connection.password,
                database: connection.database,
                tls: tls
            )
        }
    }
}
