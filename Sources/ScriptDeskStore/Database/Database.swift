import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The connection ScriptDesk holds to its data and queue, whatever the driver, and for a
/// SQLite file the read-only connections beside it that `readOnly` uses.
///
/// Every unit of work runs alone on the connection, so a transaction's statements are never
/// interleaved with another task's. Do not call `read` or `transaction` from inside another:
/// the inner call would wait for the outer one forever.
public final class Database: Sendable {
    /// The dialect of the connection.
    public let dialect: SQLDialectKind
    /// Where the data lives (password masked in its description).
    public let location: DatabaseLocation
    private let connection: any SQLDatabase
    private let gate = SerialGate()
    private let readers: SQLiteReaders?
    private let closeConnection: @Sendable () async throws -> Void

    private init(
        dialect: SQLDialectKind,
        location: DatabaseLocation,
        connection: any SQLDatabase,
        readers: SQLiteReaders? = nil,
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.dialect = dialect
        self.location = location
        self.connection = connection
        self.readers = readers
        self.closeConnection = close
    }

    /// Opens the database, creating a SQLite file (and its folder) when missing.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            return try await openSQLite(.file(path: path), location: location, logger: logger)
        case .sqliteInMemory:
            return try await openSQLite(.memory, location: location, logger: logger)
        case .postgres(let url):
            let connection = try await connectPostgres(url, id: 1, logger: logger)
            return Database(dialect: .postgres, location: location, connection: connection.sql(queryLogLevel: nil)) {
                try await connection.close()
            }
        }
    }

    private static func connectPostgres(_ url: String, id: Int, logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: try SQLPostgresConfiguration(url: url).coreConfiguration,
            id: id,
            logger: logger
        )
    }

    private static func openSQLite(_ storage: SQLiteConnection.Storage, location: DatabaseLocation, logger: Logger) async throws -> Database {
        // No busy handler: SQLite's would sleep on the connection's thread while the
        // connection holding the lock may be waiting to commit. Waiting for the write lock
        // happens in `begin(on:)` instead, without holding a thread. WAL lets readers proceed
        // while the one writer commits; FULL makes every commit durable before it is
        // acknowledged; foreign keys are off by default in SQLite.
        let main = try await SQLiteThreadedConnection.open(storage, logger: logger) { sql in
            try await sql.raw("PRAGMA busy_timeout = 0").run()
            // WAL is kept in the file; asking for it again would take a lock for nothing.
            let mode = try await retryingWhileBusy {
                try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            }
            if mode?.lowercased() != "wal" {
                try await retryingWhileBusy { try await sql.raw("PRAGMA journal_mode = WAL").run() }
            }
            for pragma in ["PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        }
        let readers: SQLiteReaders?
        do {
            if case .file(let path) = storage {
                readers = try await SQLiteReaders.open(path: path, count: readerCount, logger: logger)
            } else {
                readers = nil
            }
        } catch {
            try? await main.close()
            throw error
        }
        return Database(dialect: .sqlite, location: location, connection: main.sql, readers: readers) {
            await readers?.close()
            try await main.close()
        }
    }

    /// Read-only connections beside a SQLite file's main one: one per core, at least two.
    private static let readerCount = max(System.coreCount, 2)

    /// Runs `body` alone on the connection, outside any transaction.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.acquire()
        do {
            let value = try await body(connection)
            await gate.release()
            return value
        } catch {
            await gate.release()
            throw error
        }
    }

    /// Runs `body`, which only reads, on a read-only connection where the database has them
    /// (a SQLite file): it sees every commit made before it began, and waits neither for the
    /// main connection's other work nor for a commit being flushed. Elsewhere it is `read`.
    /// A statement that writes fails there, so use it for lookups on busy routes only.
    public func readOnly<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let readers else { return try await read(body) }
        return try await readers.with(body)
    }

    /// Runs `body` in one write transaction: every statement in it commits, or none does.
    ///
    /// A cancelled task's statements are not run (the drivers check for cancellation first),
    /// so the statement that ends the transaction runs in a task of its own: a transaction
    /// begun always ends, and a cancelled caller never leaves the connection inside one.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await read { db in
            try await begin(on: db)
            do {
                let value = try await body(db)
                try await Self.end("COMMIT", on: db)
                return value
            } catch {
                try? await Self.end("ROLLBACK", on: db)
                throw error
            }
        }
    }

    /// Runs `COMMIT` or `ROLLBACK` whether or not the calling task has been cancelled.
    private static func end(_ statement: String, on db: any SQLDatabase) async throws {
        try await Task { try await db.raw(SQLQueryString(statement)).run() }.value
    }

    /// Opens a write transaction. Another connection (another process) may hold SQLite's
    /// write lock; SQLite then reports busy at once, and this waits without holding a thread
    /// and tries again. Nothing has been done yet, so a retry is always safe.
    private func begin(on db: any SQLDatabase) async throws {
        try await Self.retryingWhileBusy { try await db.raw(SQLQueryString(dialect.beginWrite)).run() }
    }

    /// Runs `body` again while SQLite reports the database busy (in any of its forms: locked
    /// by a writer, in WAL recovery, or a stale snapshot), pausing 1 ms and doubling to 50 ms,
    /// for up to ten seconds. For statements that change nothing when they fail.
    private static func retryingWhileBusy<T>(_ body: () async throws -> T) async throws -> T {
        var pause = Duration.milliseconds(1)
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try await body()
            } catch let error as SQLiteError where error.isBusy && ContinuousClock.now < deadline {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(50))
            }
        }
    }

    /// Listens on a PostgreSQL notification channel over a connection of its own, calling
    /// `notified` once listening has begun and for each notification, until the task is
    /// cancelled or the connection fails (then it throws). Returns at once for SQLite, which
    /// has no notifications between processes.
    public func listen(on channel: String, logger: Logger, notified: @escaping @Sendable () -> Void) async throws {
        guard case .postgres(let url) = location else { return }
        let connection = try await Self.connectPostgres(url, id: 2, logger: logger)
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

    /// Closes the connection.
    public func close() async throws {
        try await closeConnection()
    }
}

extension SQLiteError {
    /// SQLite's "busy", whichever extended code it came with.
    var isBusy: Bool {
        switch reason {
        case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout: true
        default: false
        }
    }
}
