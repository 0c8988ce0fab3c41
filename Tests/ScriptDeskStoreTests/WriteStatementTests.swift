import Foundation
import Logging
import SQLKit
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

/// `Database.writeStatement`: one statement as a unit of work of its own, flushed or not.
@Suite struct WriteStatementTests {
    struct Refused: Error {}

    @Test(arguments: DatabaseKind.allCases, [true, false])
    func aStatementCommitsAndRunsWhatWaitsForTheCommit(kind: DatabaseKind, flushed: Bool) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let committed = Locked(false)
            try await database.writeStatement(flushed: flushed) { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate Academy')").run()
                db.afterCommit { committed.withLock { $0 = true } }
            }
            #expect(committed.withLock { $0 })
            let found = try await database.read { try await ReferenceData().centre(CentreNumber("12345")!, on: $0) }
            #expect(found?.name == "Northgate Academy")
        }
    }

    /// `SQLDialectKind.unflushedCommit` holds on both drivers; on PostgreSQL it turns the
    /// flush off for the transaction it runs in, and for that transaction alone.
    @Test(arguments: DatabaseKind.allCases)
    func theUnflushedConditionTurnsTheFlushOffForItsOwnTransactionOnly(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            try await database.transaction { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate')").run()
            }
            let condition = database.dialect.unflushedCommit
            let postgres = database.dialect == .postgres
            // One connection throughout, so that "after" is read where the setting was made.
            let (changed, during, after) = try await database.withConnection { db in
                func setting() async throws -> String? {
                    guard postgres else { return nil }
                    return try await db.raw("SELECT current_setting('synchronous_commit') AS s").first()?.decode(column: "s", as: String.self)
                }
                try await db.raw("BEGIN").run()
                let changed = try await db.raw(
                    "UPDATE centres SET name = 'Northgate Academy' WHERE number = '12345' AND \(unsafeRaw: condition) RETURNING number"
                ).all().count
                let during = try await setting()
                try await db.raw("COMMIT").run()
                return (changed, during, try await setting())
            }
            #expect(changed == 1)
            if postgres {
                #expect(during == "off")
                #expect(after == "on")
            }
        }
    }

    /// After a commit that skipped the flush, and after one that failed, SQLite's writer
    /// flushes every commit again: a request's transaction must never be left unflushed.
    @Test func aSQLiteWriterFlushesAgainAfterAnUnflushedStatement() async throws {
        try await ScratchDatabase.with(.sqlite, migrations: StoreSchema.migrations) { database in
            func synchronous() async throws -> Int {
                try await database.withConnection { db in
                    try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? -1
                }
            }
            let full = 2
            #expect(try await synchronous() == full)
            let seen = try await database.writeStatement(flushed: false) { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate Academy')").run()
                return try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            }
            #expect(seen == 1)
            #expect(try await synchronous() == full)
            await #expect(throws: Refused.self) {
                try await database.writeStatement(flushed: false) { _ in throw Refused() }
            }
            #expect(try await synchronous() == full)
            let centres = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM centres").first()?.decode(column: "n", as: Int.self)
            }
            #expect(centres == 1)
        }
    }

    /// An unflushed transaction commits like any other and leaves the writer flushing again;
    /// `flushCommits` then checkpoints the write-ahead log, so what was committed unflushed is
    /// in the database file itself: a copy of that file alone, without the log, holds it.
    @Test func anUnflushedTransactionIsMadeDurableByFlushCommits() async throws {
        try await ScratchDatabase.with(.sqlite, migrations: StoreSchema.migrations) { database in
            guard case .sqlite(let path) = database.location else {
                Issue.record("Not a SQLite file: \(database.location)")
                return
            }
            func centresInTheFileAlone() async throws -> Int? {
                try await ScratchFolder.with("wal-copy") { folder in
                    try FileManager.default.copyItem(atPath: path, toPath: folder + "/copy.sqlite")
                    let copy = try await Database.open(.sqlite(path: folder + "/copy.sqlite"), logger: Logger(label: "test"))
                    let count = try await copy.read { db in
                        try await db.raw("SELECT COUNT(*) AS n FROM centres").first()?.decode(column: "n", as: Int.self)
                    }
                    try await copy.close()
                    return count
                }
            }
            // The schema itself goes into the file first, so that the copy has its tables.
            try await database.flushCommits()
            try await database.transaction(flushed: false) { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate Academy')").run()
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12346', 'Southgate College')").run()
            }
            let synchronous = try await database.withConnection { db in
                try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            }
            #expect(synchronous == 2)
            #expect(try await centresInTheFileAlone() == 0)
            try await database.flushCommits()
            #expect(try await centresInTheFileAlone() == 2)
        }
    }
}
