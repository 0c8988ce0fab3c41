import Foundation
import Logging
import NIOCore
import SQLKit
import Synchronization

/// A SQLite database: one connection that writes, each unit of work alone on it, and for a
/// file, read-only connections beside it (one per core, at least two) that read while it
/// writes. WAL lets every reader see each commit made before its read began, so a lookup
/// waits neither for the writer's other work nor for a commit's flush.
final class SQLiteStore: Sendable {
    private let writer: SQLiteThreadedConnection
    private let writerSlot = ConnectionSlots(count: 1)
    private let readers: [SQLiteThreadedConnection]
    private let readerSlots: ConnectionSlots
    private let closed = Mutex(false)
    /// Whether the writer is known to flush every commit (`synchronous = FULL`, as it opens);
    /// false only if putting it back after an unflushed commit failed.
    private let flushes = Mutex(true)

    private init(writer: SQLiteThreadedConnection, readers: [SQLiteThreadedConnection]) {
        self.writer = writer
        self.readers = readers
        self.readerSlots = ConnectionSlots(count: readers.count)
    }

    /// Opens the database, creating a file (and its folder) when missing.
    static func open(_ storage: SQLiteThreadedConnection.Storage, logger: Logger) async throws -> SQLiteStore {
        guard SQLiteSQLDialect.libraryVersion >= SQLiteSQLDialect.oldestLibrary else {
            throw StoreError.unsupportedLibrary(found: SQLiteSQLDialect.libraryVersion, needed: SQLiteSQLDialect.oldestLibrary)
        }
        if case .file(let path) = storage {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try createPrivately(path)
        }
        // No busy handler: SQLite's would sleep on the connection's thread while the
        // connection holding the lock may be waiting to commit. Waiting for the write lock
        // happens in `begin(on:)` instead, without holding a thread. WAL lets readers proceed
        // while the one writer commits; FULL makes every commit durable before it is
        // acknowledged; foreign keys are off by default in SQLite.
        let writer = try await SQLiteThreadedConnection.open(storage, logger: logger) { sql in
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
        guard case .file(let path) = storage else { return SQLiteStore(writer: writer, readers: []) }
        var readers: [SQLiteThreadedConnection] = []
        do {
            try restrictModes(of: path)
            for _ in 0..<max(System.coreCount, 2) {
                // A reader never takes the write lock, so a short busy wait (only while
                // another connection recovers the WAL) cannot hold up a writer.
                readers.append(
                    try await SQLiteThreadedConnection.open(.file(path: path), logger: logger) { sql in
                        for pragma in ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON"] {
                            try await sql.raw(SQLQueryString(pragma)).run()
                        }
                    }
                )
            }
        } catch {
            for reader in readers { await reader.close() }
            await writer.close()
            throw error
        }
        return SQLiteStore(writer: writer, readers: readers)
    }

    /// Runs `body` alone on the writing connection.
    func withWriter<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await writerSlot.with { _ in try await writer.run(body) }
    }

    /// Runs `body` on an idle read-only connection (the writing one for a database in memory),
    /// on the connection's thread or, `here`, on the caller's.
    func withReader<T>(here: Bool = false, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard !readers.isEmpty else { return try await withWriter(body) }
        return try await readerSlots.with { index in
            here ? try await body(readers[index].sql) : try await readers[index].run(body)
        }
    }

    /// Runs `body` on the writer, which it holds, with its commits not flushed to disk
    /// (`synchronous = NORMAL`), then makes it flush every commit again, whether or not the
    /// task was cancelled meanwhile.
    func withoutFlush<T>(on db: any SQLDatabase, _ body: () async throws -> T) async throws -> T {
        flushes.withLock { $0 = false }
        try await db.raw("PRAGMA synchronous = NORMAL").run()
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        try await flushingCommits(on: db)
        return try result.get()
    }

    /// Makes sure the writer, which the caller holds, flushes every commit.
    func flushingCommits(on db: any SQLDatabase) async throws {
        guard !flushes.withLock({ $0 }) else { return }
        try await db.raw("PRAGMA synchronous = FULL").run()
        flushes.withLock { $0 = true }
    }

    /// Opens a write transaction. Another connection (another process) may hold SQLite's
    /// write lock; SQLite then reports busy at once, and this waits without holding a thread
    /// and tries again. Nothing has been done yet, so a retry is always safe.
    static func begin(on db: any SQLDatabase) async throws {
        try await retryingWhileBusy { try await db.raw("BEGIN IMMEDIATE").run() }
    }

    /// Runs `body` again while SQLite reports the database busy (in any of its forms: locked
    /// by a writer, in WAL recovery, or a stale snapshot), pausing 1 ms and doubling to 50 ms,
    /// for up to ten seconds. For statements that change nothing when they fail.
    static func retryingWhileBusy<T>(_ body: () async throws -> T) async throws -> T {
        var pause = Duration.milliseconds(1)
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try await body()
            } catch let error as SQLiteFailure where error.isBusy && ContinuousClock.now < deadline {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(50))
            }
        }
    }

    /// Whether `close` has begun.
    var isClosing: Bool { closed.withLock { $0 } }

    /// Closes every connection, once, each when the unit of work holding it (if any) is done.
    func close() async throws {
        guard
            !closed.withLock({ closed in
                defer { closed = true }
                return closed
            })
        else { return }
        var held: [Int] = []
        for _ in readers { held.append(await readerSlots.acquire()) }
        for index in held {
            await readers[index].close()
            readerSlots.release(index)
        }
        try await writerSlot.with { _ in await writer.close() }
    }
}
