import SQLKit
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

/// `StoreConnection.run(_:)`: a statement whose text never changes, prepared once per connection.
@Suite struct KeptStatementTests {
    /// Appends `suffix` to the name of the centre numbered `number` when `times` is above
    /// zero, and returns the number and `times` again: two parameters appear twice.
    struct Renaming: KeptStatement {
        let values: [KeptValue]

        init(number: String, suffix: String, times: Int) {
            values = [.text(number), .text(suffix), .integer(times)]
        }

        static func text(in dialect: SQLDialectKind) -> String {
            let (number, suffix, times) = (dialect.parameter(1), dialect.parameter(2), dialect.parameter(3))
            return """
                UPDATE centres SET name = name || \(suffix) WHERE number = \(number) AND \(times) > 0
                RETURNING number, name, \(times) AS times, \(number) AS asked
                """
        }
    }

    @Test(arguments: DatabaseKind.allCases)
    func aKeptStatementBindsEachParameterWhereverItAppears(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            try await database.transaction { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate'), ('23456', 'Southgate')").run()
            }
            let rows = try await database.writeStatement { db in
                try await db.run(Renaming(number: "12345", suffix: " Academy", times: 2))
            }
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(column: "name", as: String.self) == "Northgate Academy")
            #expect(try rows.first?.decode(column: "times", as: Int.self) == 2)
            #expect(try rows.first?.decode(column: "asked", as: String.self) == "12345")
            let none = try await database.writeStatement { db in
                try await db.run(Renaming(number: "23456", suffix: " College", times: 0))
            }
            #expect(none.isEmpty)
            let names = try await database.read { db in
                try await db.raw("SELECT name FROM centres ORDER BY number").all().map { try $0.decode(column: "name", as: String.self) }
            }
            #expect(names == ["Northgate Academy", "Southgate"])
        }
    }

    /// PostgreSQL prepares the statement once on a connection, by name, and runs it from
    /// there after: a second run on the same connection prepares nothing more.
    @Test func postgreSQLPreparesAKeptStatementOncePerConnection() async throws {
        try await ScratchDatabase.with(.postgres, migrations: StoreSchema.migrations) { database in
            let prepared = try await database.withConnection { db in
                try await db.raw("INSERT INTO centres (number, name) VALUES ('12345', 'Northgate')").run()
                func named() async throws -> [String] {
                    try await db.raw("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%centres%'").all().map {
                        try $0.decode(column: "statement", as: String.self)
                    }
                }
                let before = try await named()
                _ = try await db.run(Renaming(number: "12345", suffix: "!", times: 1))
                let once = try await named()
                _ = try await db.run(Renaming(number: "12345", suffix: "!", times: 1))
                return (before, once, try await named())
            }
            #expect(prepared.0.isEmpty)
            #expect(prepared.1 == [Renaming.text(in: .postgres)])
            #expect(prepared.2 == prepared.1)
        }
    }
}
