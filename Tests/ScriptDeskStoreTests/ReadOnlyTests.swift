import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

/// `Database.read`: lookups on read-only connections that need not wait for the writing one.
@Suite struct ReadOnlyTests {
    @Test(arguments: DatabaseKind.allCases) func aReadOnlyLookupSeesEveryCommitAndCannotWrite(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let centre = Centre(number: CentreNumber("12345")!, name: "Northgate Academy")
            try await database.transaction { try await ReferenceData().save(centre, on: $0) }
            let found = try await database.read { try await ReferenceData().centre(centre.number, on: $0) }
            #expect(found?.name == "Northgate Academy")
            guard kind == .sqlite else { return }
            // The readers of a SQLite file refuse to write.
            await #expect(throws: (any Error).self) {
                try await database.read { try await $0.raw("DELETE FROM centres").run() }
            }
            #expect(try await database.read { try await ReferenceData().centre(centre.number, on: $0) } != nil)
        }
    }

    /// While a transaction holds the main connection (until the lookup has answered), a
    /// read-only lookup of a SQLite file still answers, with what was committed before. Were
    /// it to wait for the main connection, the two would wait for each other until the time
    /// limit failed the test.
    @Test(.timeLimit(.minutes(1))) func aReadOnlyLookupDoesNotWaitForAnOpenTransaction() async throws {
        try await ScratchDatabase.with(.sqlite, migrations: StoreSchema.migrations) { database in
            let centre = Centre(number: CentreNumber("12345")!, name: "Northgate Academy")
            try await database.transaction { try await ReferenceData().save(centre, on: $0) }
            let (started, start) = AsyncStream.makeStream(of: Void.self)
            let (answered, answer) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await database.transaction { db in
                        try await db.raw("UPDATE centres SET name = 'Renamed' WHERE number = '12345'").run()
                        start.finish()
                        for await _ in answered {}
                    }
                }
                group.addTask {
                    for await _ in started {}
                    let name = try await database.read { try await ReferenceData().centre(centre.number, on: $0)?.name }
                    answer.finish()
                    #expect(name == "Northgate Academy")
                }
                try await group.waitForAll()
            }
            let renamed = try await database.read { try await ReferenceData().centre(centre.number, on: $0)?.name }
            #expect(renamed == "Renamed")
        }
    }
}
