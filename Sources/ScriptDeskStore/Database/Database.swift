import Foundation
public import Logging
import NIOPosix
import PostgresKit
import SQLKit
public import ServiceLifecycle

/// ScriptDesk's data and queue, whatever the driver: SQLite (one writer, read-only
/// connections beside it) or PostgreSQL (a pool, each unit of work on a connection of its own).
///
/// It is a `Service`: `run()` keeps it serving (the PostgreSQL pool and its probe) until
/// graceful shutdown, then closes it, so in a service group it belongs first, to stop last.
/// `withRunning` does the same around one piece of work, for commands and tests.
///
/// Do not call `read`, `transaction` or `withConnection` from inside another: on SQLite the
/// inner call would wait for the outer one forever.
public final class Database: Service, CustomStringConvertible {
    /// The dialect of the database.
    public let dialect: SQLDialectKind
    /// Where the data lives (password masked in its description).
    public let location: DatabaseLocation
    private let logger: Logger
    private let driver: Driver

    private enum Driver: Sendable {
        case sqlite(SQLiteStore)
        case postgres(PostgresPool)
    }

    private init(location: DatabaseLocation, driver: Driver, logger: Logger) {
        self.location = location
        self.driver = driver
        self.logger = logger
        switch driver {
        case .sqlite: dialect = .sqlite
        case .postgres: dialect = .postgres
        }
    }

    /// Opens the database, creating a SQLite file (and its folder) when missing. A
    /// PostgreSQL database keeps up to `poolSize` connections and serves once `run()` runs.
    public static func open(_ location: DatabaseLocation, poolSize: Int = 20, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            return Database(location: location, driver: .sqlite(try await SQLiteStore.open(.file(path: path), logger: logger)), logger: logger)
        case .sqliteInMemory:
            return Database(location: location, driver: .sqlite(try await SQLiteStore.open(.memory, logger: logger)), logger: logger)
        case .postgres(let url):
            return Database(location: location, driver: .postgres(try PostgresPool(url: url, size: poolSize, logger: logger)), logger: logger)
        }
    }

    /// Serves until graceful shutdown or cancellation, then closes every connection.
    public func run() async throws {
        switch driver {
        case .sqlite:
            try? await gracefulShutdown()
        case .postgres(let pool):
            await cancelWhenGracefulShutdown { await pool.run() }
        }
        try await close()
    }

    /// Opens the database, serves it while `body` runs, and closes it after.
    public static func withRunning<T: Sendable>(
        _ location: DatabaseLocation,
        poolSize: Int = 20,
        logger: Logger,
        _ body: (Database) async throws -> T
    ) async throws -> T {
        let database = try await open(location, poolSize: poolSize, logger: logger)
        return try await database.whileRunning { try await body(database) }
    }

    /// Serves the database while `body` runs, then closes it.
    public func whileRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            do {
                let value = try await body()
                group.cancelAll()
                try await group.waitForAll()
                return value
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// Runs `body`, which only reads, outside any transaction: on a read-only connection for
    /// a SQLite file (it sees every commit made before it began and waits neither for the
    /// writer's work nor for a commit being flushed), on a pooled connection for PostgreSQL.
    /// A statement that writes fails on SQLite.
    public func read<T: Sendable>(_ body: (StoreConnection) async throws -> T) async throws -> T {
        switch driver {
        case .sqlite(let store):
            try await store.withReader { try await unit(on: $0, body) }
        case .postgres(let pool):
            try await pool.withConnection { try await unit(on: PooledSQLConnection($0), body) }
        }
    }

    /// Runs `body`, a lookup of a few rows by key that only reads, as `read` does, but on a
    /// SQLite file in the calling task's own thread rather than the connection's: a hot path
    /// (a download's link check) then pays no hand-over between threads. Keep `body` to
    /// statements that take microseconds; anything that may scan belongs in `read`.
    public func lookup<T: Sendable>(_ body: (StoreConnection) async throws -> T) async throws -> T {
        guard case .sqlite(let store) = driver else { return try await read(body) }
        return try await store.withReader(here: true) { try await unit(on: $0, body) }
    }

    /// Runs `body` on the writing connection outside any transaction, for statements that
    /// cannot run inside one (settings, `CREATE DATABASE`).
    public func withConnection<T: Sendable>(_ body: (StoreConnection) async throws -> T) async throws -> T {
        switch driver {
        case .sqlite(let store):
            try await store.withWriter { db in
                try await store.flushingCommits(on: db)
                return try await unit(on: db, body)
            }
        case .postgres(let pool):
            try await pool.withConnection { try await unit(on: PooledSQLConnection($0), body) }
        }
    }

    /// Runs `body` in one write transaction: every statement in it commits, or none does.
    /// What `body` registers with `afterCommit` runs once the transaction has committed.
    ///
    /// With `flushed` false, losing the work to a power cut is acceptable (a claim or a
    /// completion, whose job then runs again; download records, flushed within a second):
    /// on SQLite the commit then skips the disk flush, and the next flushed commit makes it
    /// durable with everything before it, as the write-ahead log is written in order. A
    /// crash of the process loses nothing either way. PostgreSQL flushes it all the same; a
    /// single statement run by `writeStatement(flushed: false)` skips the flush there too
    /// when its `WHERE` holds `SQLDialectKind.unflushedCommit`.
    ///
    /// On PostgreSQL a cancelled task's statements are not run (the driver checks for
    /// cancellation first), so the statement that ends the transaction runs in a task of its
    /// own: a transaction begun always ends, and a cancelled caller never leaves the
    /// connection inside one.
    @discardableResult
    public func transaction<T: Sendable>(flushed: Bool = true, _ body: (StoreConnection) async throws -> T) async throws -> T {
        switch driver {
        case .sqlite(let store):
            try await store.withWriter { db in
                guard flushed else {
                    return try await store.withoutFlush(on: db) {
                        try await SQLiteStore.begin(on: db)
                        return try await committing(on: db, body)
                    }
                }
                try await store.flushingCommits(on: db)
                try await SQLiteStore.begin(on: db)
                return try await committing(on: db, body)
            }
        case .postgres(let pool):
            try await pool.withConnection { connection in
                let db = PooledSQLConnection(connection)
                try await db.raw("BEGIN").run()
                return try await committing(on: db, body)
            }
        }
    }

    /// Makes the commits so far durable, those made with `flushed` false included: on SQLite
    /// a passive checkpoint, which flushes the write-ahead log before copying it into the
    /// database file and waits for no reader (commits that a reader's older snapshot keeps
    /// from being copied wait for the next flushed commit); PostgreSQL flushes each commit
    /// already.
    public func flushCommits() async throws {
        guard case .sqlite(let store) = driver else { return }
        try await store.withWriter { db in
            try await store.flushingCommits(on: db)
            try await db.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
        }
    }

    /// Runs `body`, which runs exactly one statement that writes, as a unit of work of its
    /// own. One statement is atomic by itself, so on PostgreSQL it runs without `BEGIN` and
    /// `COMMIT` (two round trips fewer; it commits as it ends); on SQLite it runs in a write
    /// transaction, which is how the writer waits for another process's write lock, flushed
    /// or not as `transaction(flushed:)` says. What `body` registers with `afterCommit` runs
    /// once the statement has committed.
    @discardableResult
    public func writeStatement<T: Sendable>(flushed: Bool = true, _ body: (StoreConnection) async throws -> T) async throws -> T {
        switch driver {
        case .sqlite: try await transaction(flushed: flushed, body)
        case .postgres(let pool): try await pool.withConnection { try await unit(on: PooledSQLConnection($0), body) }
        }
    }

    /// Whether the database answers now: a statement runs on it within its timeout.
    public func isReachable() async -> Bool {
        if case .postgres(let pool) = driver, !pool.isReachable { return false }
        return (try? await read { try await $0.raw("SELECT 1 AS one").first() }) != nil
    }

    /// Listens on a PostgreSQL notification channel over a connection of its own, calling
    /// `notified` once listening has begun and for each notification, until the task is
    /// cancelled or the connection fails (then it throws). Returns at once for SQLite, which
    /// has no notifications between processes.
    public func listen(on channel: String, notified: @escaping @Sendable () -> Void) async throws {
        guard case .postgres(let url) = location else { return }
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: try PostgresTLSMode.connection(url: url),
            id: 0,
            logger: logger
        )
        do {
            try await connection.listen(on: channel) { notifications in
                notified()
                for try await _ in notifications { notified() }
            }
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `database` and where it is, without any password: how logs name the service.
    public var description: String { "database \(location)" }

    /// Whether `close` has begun on a SQLite database (it then waits for the work holding
    /// each connection).
    var isClosing: Bool {
        if case .sqlite(let store) = driver { store.isClosing } else { false }
    }

    /// Closes every connection (`run()` does so when it ends).
    public func close() async throws {
        if case .sqlite(let store) = driver { try await store.close() }
    }

    private func unit<T>(on sql: any SQLDatabase, _ body: (StoreConnection) async throws -> T) async throws -> T {
        let connection = StoreConnection(sql: sql, dialect: dialect)
        let value = try await body(connection)
        connection.committed()
        return value
    }

    private func committing<T>(on sql: any SQLDatabase, _ body: (StoreConnection) async throws -> T) async throws -> T {
        let connection = StoreConnection(sql: sql, dialect: dialect)
        do {
            let value = try await body(connection)
            try await Self.end("COMMIT", on: sql)
            connection.committed()
            return value
        } catch {
            try? await Self.end("ROLLBACK", on: sql)
            throw error
        }
    }

    /// Runs `COMMIT` or `ROLLBACK` whether or not the calling task has been cancelled.
    private static func end(_ statement: String, on db: any SQLDatabase) async throws {
        try await Task { try await db.raw(SQLQueryString(statement)).run() }.value
    }
}
