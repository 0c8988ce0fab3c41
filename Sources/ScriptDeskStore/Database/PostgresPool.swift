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
        /// The connections lent to calls now, by identity.
        var lent: [ObjectIdentifier: PostgresConnection] = [:]
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
    /// How long the sentinel waits for its own connection to answer before it asks on a new
    /// one: a connection the server dropped may never answer.
    static let quickAnswer = Duration.seconds(2)
    /// How long a new connection may take to be made and to answer before the server is taken
    /// for gone. Long, because a busy server is slow, not gone: a stopped server refuses
    /// connections at once.
    static let probeTimeout = Duration.seconds(10)

    init(url: String, size: Int, logger: Logger) throws {
        connection = try PostgresTLSMode.connection(url: url)
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
                let id = ObjectIdentifier(connection)
                state.withLock { $0.lent[id] = connection }
                defer { _ = state.withLock { $0.lent.removeValue(forKey: id) } }
                return try await body(connection)
            }
        } catch  where !leased || Self.isConnectionLoss(error) {
            // No connection was lent (the pool was retired while this waited: the sentinel
            // said why), or the one lent was lost: the sentinel looks at once.
            bell.ring()
            if !leased, let failure = state.withLock({ $0.lastFailure }) { throw StoreError.unavailable(reason: failure) }
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
            if let open = sentinel, await Self.answers(open, within: Self.quickAnswer) {
                revive()
            } else {
                // The sentinel's connection did not answer: the server may be gone, or only
                // that connection. A fresh one tells which.
                if let lost = sentinel { Task { try? await lost.close() } }
                sentinel = nil
                do {
                    let fresh = try await connectSentinel()
                    sentinel = fresh
                    guard await Self.answers(fresh, within: Self.probeTimeout) else {
                        throw StoreError.unavailable(reason: "a new connection did not answer within \(Self.probeTimeout)")
                    }
                    revive()
                } catch {
                    let failure = PostgresTLSMode.describe(error)
                    logger.trace("The database did not answer the sentinel", metadata: ["scriptdesk.error": "\(failure)"])
                    if !Task.isCancelled { retire(because: failure) }
                }
            }
            await bell.wait(since: seen, timeout: Self.probeInterval)
        }
        if let last = sentinel { Task { try? await last.close() } }
    }

    /// Whether `connection` answers `SELECT 1` within `limit`.
    private static func answers(_ connection: PostgresConnection, within limit: Duration) async -> Bool {
        guard !connection.isClosed else { return false }
        return (try? await answer(within: limit) { try await connection.query("SELECT 1", logger: quiet).get() }) != nil
    }

    /// A connection of the sentinel's own, or an error when the server does not take one
    /// within the probe timeout (one that arrives later is closed).
    private func connectSentinel() async throws -> PostgresConnection {
        try await Self.answer(within: Self.probeTimeout) { [connection] in
            try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(),
                configuration: connection,
                id: 0,
                logger: Self.quiet
            )
        } discarding: { late in
            try? await late.close()
        }
    }

    /// `work`'s answer, or `store.unavailable` once `limit` has passed, whichever comes first.
    /// The work is not waited for after that (a query or connect to a server that is going
    /// away may never answer, and must not hold the sentinel, or shutdown, with it); an
    /// answer that comes too late is handed to `discarding`.
    private static func answer<T: Sendable>(
        within limit: Duration,
        _ work: @escaping @Sendable () async throws -> T,
        discarding: @escaping @Sendable (T) async -> Void = { _ in }
    ) async throws -> T {
        let waiting = Locked<CheckedContinuation<T, any Error>?>(nil)
        let finish = { @Sendable (result: Result<T, any Error>) -> Bool in
            guard let continuation = waiting.withLock({ $0.take() }) else { return false }
            continuation.resume(with: result)
            return true
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiting.withLock { $0 = continuation }
                let timer = Task {
                    // Cancelled once the work has answered: then it must not answer too.
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    _ = finish(.failure(StoreError.unavailable(reason: "no answer within \(limit)")))
                }
                Task {
                    let result: Result<T, any Error>
                    do {
                        result = .success(try await work())
                    } catch {
                        result = .failure(error)
                    }
                    let answered = finish(result)
                    timer.cancel()
                    if !answered, case .success(let late) = result { await discarding(late) }
                }
            }
        } onCancel: {
            _ = finish(.failure(CancellationError()))
        }
    }

    /// Retires the pool: calls waiting for a connection fail, and the connections lent to
    /// calls now are closed, so that a statement the lost server will never answer fails
    /// instead of holding its caller (and shutdown) for ever.
    private func retire(because failure: String) {
        let retired = state.withLock { state -> (Task<Void, Never>, [PostgresConnection])? in
            guard !state.stopped, state.client != nil, let running = state.running else { return nil }
            state.client = nil
            state.running = nil
            state.lastFailure = "the database server cannot be reached (\(failure))"
            return (running, Array(state.lent.values))
        }
        guard let (running, lent) = retired else { return }
        logger.error("Database unreachable; calls fail at once until it answers again", metadata: ["scriptdesk.error": "\(failure)"])
        running.cancel()
        for connection in lent { Task { try? await connection.close() } }
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
