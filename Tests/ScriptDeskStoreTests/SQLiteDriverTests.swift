import CSQLite3
import Foundation
import Logging
import SQLKit
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

/// The SQLite driver itself: values in and out, errors, kept statements, and the threads
/// units run on. Every repository test runs on it as well.
@Suite struct SQLiteDriverTests {
    enum Lane: String, Codable { case priority, standard }
    struct Tags: Codable, Equatable { var names: [String] }

    /// SQLite's process-wide memory statistics, a global mutex on every allocation of every
    /// connection, are off before the first connection opens: none is counted.
    @Test func memoryStatisticsAreNotKept() async throws {
        try await withConnection { db in
            try await db.raw("CREATE TABLE big (x)").run()
            try await db.raw("INSERT INTO big VALUES (\(bind: String(repeating: "x", count: 100_000)))").run()
            #expect(sqlite3_memory_used() == 0)
        }
    }

    /// Each kind of value a repository binds comes back as it went in, and a value that
    /// cannot be read as the asked type is a typed error, not a guess.
    @Test func valuesRoundTripThroughARealDatabase() async throws {
        try await withConnection { db in
            try await db.raw("CREATE TABLE t (a, b, c, d, e, f, g, h, i)").run()
            let bytes = Data([0, 1, 2, 255])
            let none: String? = nil
            try await db.raw(
                """
                INSERT INTO t VALUES (\(bind: "tëxt ✓"), \(bind: Int64.min), \(bind: 2.5), \(bind: true), \(bind: bytes),
                \(bind: none), \(bind: Lane.priority), \(bind: Tags(names: ["x", "y"])), \(bind: Int64.max))
                """
            ).run()
            let row = try #require(try await db.raw("SELECT * FROM t").first())
            #expect(try row.decode(column: "a", as: String.self) == "tëxt ✓")
            #expect(try row.decode(column: "b", as: Int64.self) == Int64.min)
            #expect(try row.decode(column: "c", as: Double.self) == 2.5)
            #expect(try row.decode(column: "d", as: Bool.self) == true)
            #expect(try row.decode(column: "e", as: Data.self) == bytes)
            #expect(try row.decode(column: "f", as: String?.self) == nil)
            #expect(try row.decodeNil(column: "f"))
            #expect(try row.decode(column: "g", as: Lane.self) == .priority)
            #expect(try row.decode(column: "h", as: Tags.self) == Tags(names: ["x", "y"]))
            #expect(try row.decode(column: "i", as: Int64.self) == Int64.max)
            // SQLite's own conversions: a number read as text; text is never read as a number.
            #expect(try row.decode(column: "b", as: String.self) == String(Int64.min))
            #expect(throws: DecodingError.self) { try row.decode(column: "a", as: Int.self) }
            #expect(throws: DecodingError.self) { try row.decode(column: "i", as: Int32.self) }
            #expect(throws: DecodingError.self) { try row.decode(column: "nope", as: String.self) }
            #expect(!row.contains(column: "nope"))
        }
    }

    /// Where two columns share a name the first is read, as every other driver here does.
    @Test func theFirstOfTwoColumnsWithOneNameIsRead() async throws {
        try await withConnection { db in
            let row = try #require(try await db.raw("SELECT 1 AS n, 2 AS n").first())
            #expect(try row.decode(column: "n", as: Int.self) == 1)
            #expect(row.allColumns == ["n", "n"])
        }
    }

    /// A failed statement is SQLite's own code and words, and leaves the kept statement ready
    /// for the next call; more distinct statements than are kept all still run.
    @Test func failuresCarrySQLiteCodesAndKeptStatementsStayUsable() async throws {
        try await withConnection { db in
            try await db.raw("CREATE TABLE u (id TEXT PRIMARY KEY)").run()
            try await db.raw("INSERT INTO u VALUES (\(bind: "a"))").run()
            do {
                try await db.raw("INSERT INTO u VALUES (\(bind: "a"))").run()
                Issue.record("A duplicate key was accepted")
            } catch let failure as SQLiteFailure {
                #expect(failure.code == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
                #expect(failure.message.contains("UNIQUE constraint failed: u.id"))
                #expect(!failure.isBusy)
            }
            try await db.raw("INSERT INTO u VALUES (\(bind: "b"))").run()
            for index in 0..<300 {
                let row = try #require(try await db.raw("SELECT count(*) + \(unsafeRaw: String(index)) AS n FROM u").first())
                #expect(try row.decode(column: "n", as: Int.self) == 2 + index)
            }
            await #expect(throws: SQLiteFailure.self) { try await db.raw("SELECT * FROM missing_table").run() }
        }
    }

    /// A second connection holding the write lock makes a write on the first fail busy at
    /// once (no busy handler), the case the store's `begin` waits out.
    @Test func aHeldWriteLockIsReportedBusy() async throws {
        try await ScratchFolder.with("sqlite") { folder in
            let path = folder + "/test.sqlite"
            let first = try await SQLiteThreadedConnection.open(.file(path: path), logger: Logger(label: "test")) { db in
                try await db.raw("PRAGMA journal_mode = WAL").run()
                try await db.raw("CREATE TABLE v (n)").run()
            }
            let second = try await SQLiteThreadedConnection.open(.file(path: path), logger: Logger(label: "test")) { _ in }
            try await first.run { try await $0.raw("BEGIN IMMEDIATE").run() }
            do {
                try await second.run { try await $0.raw("BEGIN IMMEDIATE").run() }
                Issue.record("Two connections held the write lock")
            } catch let failure as SQLiteFailure {
                #expect(failure.isBusy)
            }
            try await first.run { try await $0.raw("COMMIT").run() }
            try await second.run { db in
                try await db.raw("BEGIN IMMEDIATE").run()
                try await db.raw("COMMIT").run()
            }
            await first.close()
            await second.close()
        }
    }

    /// A unit runs on its connection's own thread, not on the caller's.
    @Test func aUnitRunsOnTheConnectionsThread() async throws {
        let connection = try await SQLiteThreadedConnection.open(.memory, logger: Logger(label: "test")) { _ in }
        #expect(!connection.thread.isCurrent)
        let inside = try await connection.run { _ in connection.thread.isCurrent }
        #expect(inside)
        #expect(!connection.thread.isCurrent)
        await connection.close()
    }

    /// Closing waits for the unit of work using a connection, and a call afterwards fails at
    /// once rather than waiting for a thread that is gone.
    @Test func closingWaitsForWorkUnderWayAndLaterCallsFail() async throws {
        try await ScratchFolder.with("sqlite") { folder in
            let database = try await Database.open(.sqlite(path: folder + "/test.sqlite"), logger: Logger(label: "test"))
            let started = AsyncStream.makeStream(of: Void.self)
            let writing = Task {
                try await database.transaction { db in
                    try await db.raw("CREATE TABLE w (n)").run()
                    started.continuation.yield()
                    // Goes on only once closing has begun, and is waiting for this unit.
                    while !database.isClosing { await Task.yield() }
                    try await db.raw("INSERT INTO w VALUES (1)").run()
                }
            }
            for await _ in started.stream { break }
            try await database.close()
            try await writing.value
            await #expect(throws: SQLiteFailure.self) { try await database.read { try await $0.raw("SELECT 1 AS one").run() } }
            await #expect(throws: SQLiteFailure.self) { try await database.lookup { try await $0.raw("SELECT 1 AS one").run() } }
            await #expect(throws: SQLiteFailure.self) { try await database.transaction { try await $0.raw("SELECT 1 AS one").run() } }
            let reopened = try await Database.open(.sqlite(path: folder + "/test.sqlite"), logger: Logger(label: "test"))
            let rows = try await reopened.read { try await $0.raw("SELECT COUNT(*) AS n FROM w").first()?.decode(column: "n", as: Int.self) }
            #expect(rows == 1)
            try await reopened.close()
        }
    }

    /// The library this machine links is new enough for the dialect.
    @Test func theLinkedLibraryIsNewEnough() {
        #expect(SQLiteSQLDialect.libraryVersion >= SQLiteSQLDialect.oldestLibrary)
    }

    private func withConnection(_ body: (any SQLDatabase) async throws -> Void) async throws {
        let connection = try await SQLiteThreadedConnection.open(.memory, logger: Logger(label: "test")) { _ in }
        do {
            try await connection.run(body)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
