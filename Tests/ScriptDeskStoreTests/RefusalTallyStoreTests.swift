import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// Refused attempts are counted into one row per link, address, refusal and minute, however
/// they arrive: one at a time, from several connections at once, or many in one group.
@Suite struct RefusalTallyStoreTests {
    /// The start of a minute, as `StoreTests.now` is.
    static let minute = StoreTests.now

    static func rows(in table: String, on database: Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(arguments: DatabaseKind.allCases) func fiftyRefusalsInAMinuteAreOneRowCountingFifty(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let linkID = try await LinkReservationTests.link(on: database)
            let requestID = try #require(try await database.read { try await DownloadLinks().find(linkID, on: $0) }).requestID
            let subject = RefusalTally.Subject.link(id: linkID, requestID: requestID)
            let tallies = RefusalTallies()
            func attempt(_ second: Int, from address: String = "192.0.2.1") -> RefusalTally {
                RefusalTally(.badSignature, on: subject, from: address, at: Self.minute + Double(second) + 0.25)
            }
            let download = DownloadLinks.Download(
                linkID: linkID,
                requestID: requestID,
                clientAddress: "192.0.2.9",
                bytes: 10,
                status: 200,
                at: Self.minute
            )
            try await database.transaction { try await DownloadLinks().record([download], on: $0) }
            #expect(try await Self.rows(in: "downloads", on: database) == 1)

            // Ten one at a time, twenty at once on as many transactions, and twenty in one group.
            for second in 0..<10 {
                try await database.transaction { try await tallies.record([attempt(second)], on: $0) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for second in 10..<30 {
                    group.addTask { try await database.transaction { try await tallies.record([attempt(second)], on: $0) } }
                }
                try await group.waitForAll()
            }
            try await database.transaction { db in try await tallies.record((30..<50).reversed().map { attempt($0) }, on: db) }
            #expect(try await Self.rows(in: "downloads", on: database) == 2)

            // Another address, another minute and another refusal are rows of their own.
            try await database.transaction { db in
                try await tallies.record(
                    [
                        attempt(5, from: "192.0.2.2"), attempt(70), attempt(71),
                        RefusalTally(.revoked, on: subject, from: "192.0.2.1", at: Self.minute + 6),
                    ],
                    on: db
                )
            }
            #expect(try await Self.rows(in: "downloads", on: database) == 5)

            let audit = try await database.read { try await DownloadLinks().downloads(ofRequest: requestID, limit: 10, on: $0) }
            #expect(audit.count == 5)
            #expect(audit[0].refused == nil)
            #expect(audit[0].bytes == 10)
            let fifty = try #require(audit[1].refused)
            #expect(fifty == DownloadLinks.RefusedAttempts(code: "link.bad_signature", count: 50, lastAt: Self.minute + 49.25))
            #expect(audit[1].at == Self.minute + 0.25)
            #expect(audit[1].clientAddress == "192.0.2.1")
            #expect(audit[1].status == 403)
            #expect(audit[1].bytes == 0)
            #expect(audit[2...].map(\.clientAddress) == ["192.0.2.2", "192.0.2.1", "192.0.2.1"])
            #expect(audit[2...].map { $0.refused?.count } == [1, 2, 1])
            #expect(audit[2...].map(\.status) == [403, 403, 410])
            #expect(audit[3].at == Self.minute + 70.25 && audit[3].refused?.lastAt == Self.minute + 71.25)
            // Downloads are counted in bytes, refusals add none.
            #expect(try await database.read { try await DownloadLinks().deliveredBytes(through: linkID, on: $0) } == 10)
        }
    }
}
