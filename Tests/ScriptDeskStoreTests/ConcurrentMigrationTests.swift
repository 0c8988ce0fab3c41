import Logging
import SQLKit
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// Processes started together against one new database migrate it together.
@Suite struct ConcurrentMigrationTests {
    static let logger = Logger(label: "test")

    /// Two migrators, each with a connection of its own as two processes would have, run at
    /// once on a fresh database: both succeed, and each step is applied exactly once, by one
    /// of them. Repeated on several fresh databases, as the race needs the timing to meet.
    @Test(arguments: DatabaseKind.allCases)
    func twoMigrationsStartedTogetherBothSucceedAndApplyEachStepOnce(kind: DatabaseKind) async throws {
        let migrations = StoreSchema.migrations
        for _ in 0..<3 {
            try await ScratchDatabase.with(kind, migrations: []) { database in
                try await database.withAnotherConnection { other in
                    async let first = Migrator(migrations: migrations).migrate(database, logger: Self.logger)
                    async let second = Migrator(migrations: migrations).migrate(other, logger: Self.logger)
                    let (byFirst, bySecond) = try await (first, second)
                    #expect((byFirst + bySecond).sorted() == migrations.map(\.id).sorted())
                }
                let recorded = try await database.read { db in
                    try await db.raw("SELECT id FROM schema_migrations").all().map { try $0.decode(column: "id", as: String.self) }
                }
                #expect(recorded.sorted() == migrations.map(\.id).sorted())
                #expect(try await Migrator(migrations: migrations).migrate(database, logger: Self.logger).isEmpty)
            }
        }
    }
}
