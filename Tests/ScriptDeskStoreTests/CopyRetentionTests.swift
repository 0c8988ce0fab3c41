import Foundation
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

@Suite struct CopyRetentionTests {
    static let series = "2026-06"

    /// A ready request of the fixture whose copy is `object` (a PDF) with a thumbnail.
    static func readyRequest(_ fixture: Fixture, object: String, on database: Database) async throws -> String {
        let request = fixture.request(kind: .priority)
        let copy = ScriptRequest.PublishedCopy(
            objectID: "\(object).pdf",
            sha256: object,
            byteCount: 10,
            pageCount: 2,
            fileName: "copy.pdf",
            thumbnailObjectID: "\(object).png"
        )
        try await database.transaction { db in
            try await ScriptRequests().insert(request, event: RequestEvent(at: StoreTests.now, status: .queued, detail: "Requested"), on: db)
            _ = try await ScriptRequests().markReady(
                request.id,
                copy: copy,
                event: RequestEvent(at: StoreTests.now, status: .ready, detail: "Ready"),
                on: db
            )
        }
        return request.id
    }

    @Test(arguments: DatabaseKind.allCases) func aCentresExamsOfficerAddressRoundTrips(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            var centre = Fixture().centre
            centre.examsOfficerEmail = "exams@northgate.invalid"
            try await database.transaction { try await ReferenceData().save(centre, on: $0) }
            #expect(try await database.read { try await ReferenceData().centre(centre.number, on: $0) } == centre)
            #expect(try await database.read { try await ReferenceData().centres(on: $0) } == [centre])
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aWarningIsClaimedOnceAndAgainOnlyWhenItsClaimWasAbandoned(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let retention = CopyRetention()
            let centre = fixture.centre.number
            func claim(at now: Date) async throws -> Bool {
                try await database.transaction {
                    try await retention.claimWarning(
                        series: Self.series,
                        centre: centre,
                        copies: 2,
                        messageID: "retention@scriptdesk.invalid",
                        now: now,
                        staleBefore: now - 3600,
                        on: $0
                    )
                }
            }
            let now = StoreTests.now
            #expect(try await claim(at: now))
            #expect(try await !claim(at: now + 60))
            // A sender that stopped part-way: after an hour another may send it.
            #expect(try await claim(at: now + 7200))
            // A failed send gives the claim up at once.
            try await database.transaction { try await retention.releaseWarning(series: Self.series, centre: centre, on: $0) }
            #expect(try await claim(at: now + 7260))
            try await database.transaction { try await retention.warningSent(series: Self.series, centre: centre, at: now + 7300, on: $0) }
            #expect(try await !claim(at: now + 30 * 86_400))
            try await database.transaction { try await retention.releaseWarning(series: Self.series, centre: centre, on: $0) }
            #expect(try await database.read { try await retention.warningSentAt(series: Self.series, centre: centre, on: $0) } == now + 7300)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func keptCopiesAreCountedUntilPurgedAndSharedObjectsStayKept(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let retention = CopyRetention()
            let shared = String(repeating: "a", count: 64)
            let first = try await Self.readyRequest(fixture, object: shared, on: database)
            let second = try await Self.readyRequest(fixture, object: shared, on: database)
            let end = fixture.series.calendar.scriptRetentionEnd

            #expect(
                try await database.read { try await retention.series(endingAfter: end - 14 * 86_400, notLaterThan: end, on: $0) } == [Self.series]
            )
            #expect(try await database.read { try await retention.series(endingAfter: end, notLaterThan: end + 86_400, on: $0) }.isEmpty)
            #expect(try await database.read { try await retention.series(endedBy: end - 1, on: $0) }.isEmpty)
            #expect(try await database.read { try await retention.series(endedBy: end, on: $0) } == [Self.series])

            let counted = try await database.read { try await retention.keptCopies(in: Self.series, on: $0) }
            #expect(counted.map(\.copies) == [2])
            #expect(counted.first?.centre.number == fixture.centre.number)
            #expect(
                try await database.read { try await retention.keptRequests(in: Self.series, limit: 10, on: $0) }.sorted() == [first, second].sorted()
            )

            try await database.transaction { try await retention.markPurged(first, at: end, on: $0) }
            #expect(try await database.read { try await retention.keptCopies(in: Self.series, on: $0) }.map(\.copies) == [1])
            #expect(try await database.read { try await retention.keptRequests(in: Self.series, limit: 10, on: $0) } == [second])
            // The other copy still holds the same objects.
            #expect(try await database.read { try await retention.isKept("\(shared).pdf", on: $0) })
            #expect(try await database.read { try await retention.isKept("\(shared).png", on: $0) })
            let purged = try await database.read { try await retention.purgedWithObjects(limit: 10, on: $0) }
            #expect(purged == [CopyRetention.PurgedCopy(requestID: first, objectIDs: ["\(shared).pdf", "\(shared).png"])])

            try await database.transaction { try await retention.markPurged(second, at: end, on: $0) }
            #expect(try await database.read { try await retention.isKept("\(shared).pdf", on: $0) } == false)
            try await database.transaction { try await retention.markObjectsRemoved(first, at: end, on: $0) }
            #expect(try await database.read { try await retention.purgedWithObjects(limit: 10, on: $0) }.map(\.requestID) == [second])
        }
    }
}
