import Foundation
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// A link's allowance is reserved in one conditional statement before bytes are sent, so
/// downloads running at once cannot together pass it, and bytes not sent are given back.
@Suite struct LinkReservationTests {
    /// A link with an allowance to a ready copy of the fixture, stored; returns its id.
    static func link(on database: Database) async throws -> String {
        let fixture = Fixture()
        try await fixture.save(on: database)
        let requestID = try await CopyRetentionTests.readyRequest(fixture, object: "reserved", on: database)
        let link = DownloadLink(
            id: UUID().uuidString.lowercased(),
            requestID: requestID,
            keyID: "k1",
            objectID: "reserved.pdf",
            contentSHA256: "reserved",
            fileName: "copy.pdf",
            audience: fixture.centre.number,
            notBefore: StoreTests.now,
            expiresAt: StoreTests.now + 3_600,
            downloadAllowance: 2,
            createdAt: StoreTests.now
        )
        try await database.transaction { try await DownloadLinks().insert(link, on: $0) }
        return link.id
    }

    @Test(arguments: DatabaseKind.allCases) func parallelReservationsNeverPassTheLimit(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let linkID = try await Self.link(on: database)
            let links = DownloadLinks()
            let size: Int64 = 1_000
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.writeStatement { try await links.reserve(size, through: linkID, limit: 2 * size, on: $0) }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 2)
            #expect(try await database.read { try await links.reservedBytes(through: linkID, on: $0) } == 2 * size)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func bytesGivenBackCanBeReservedAgain(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let linkID = try await Self.link(on: database)
            let links = DownloadLinks()
            func reserve(_ bytes: Int64) async throws -> Bool {
                try await database.writeStatement { try await links.reserve(bytes, through: linkID, limit: 200, on: $0) }
            }
            #expect(try await reserve(200))
            #expect(try await reserve(1) == false)
            // A download cut short after 60 bytes gives back the other 140.
            try await database.transaction { try await links.release(140, through: linkID, on: $0) }
            #expect(try await reserve(141) == false)
            #expect(try await reserve(140))
            #expect(try await database.read { try await links.reservedBytes(through: linkID, on: $0) } == 200)
        }
    }
}
