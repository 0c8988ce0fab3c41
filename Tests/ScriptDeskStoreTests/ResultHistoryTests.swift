import Foundation
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// Grade boundaries and result revisions on both drivers: boundaries replace, a revision
/// changes the result and records old and new in one go, numbered per result, and a
/// revision that fails with its transaction leaves neither.
@Suite struct ResultHistoryTests {
    static let boundaries = try! GradeBoundaries([
        .init(grade: "A", lowestMark: 80), .init(grade: "B", lowestMark: 60), .init(grade: "C", lowestMark: 50),
    ])

    @Test(arguments: DatabaseKind.allCases) func boundariesAreSetPerSeriesAndComponentAndReplaced(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            try await Fixture().save(on: database)
            let history = ResultHistory()
            #expect(try await database.read { try await history.boundaries(series: "2026-06", component: "H240/01", on: $0) } == nil)
            try await database.transaction { try await history.save(Self.boundaries, series: "2026-06", component: "H240/01", on: $0) }
            let found = try await database.read { try await history.boundaries(series: "2026-06", component: "H240/01", on: $0) }
            #expect(found == Self.boundaries)
            #expect(found?.grade(for: 61) == "B")
            let lower = try GradeBoundaries([.init(grade: "A", lowestMark: 70)])
            try await database.transaction { try await history.save(lower, series: "2026-06", component: "H240/01", on: $0) }
            #expect(try await database.read { try await history.boundaries(series: "2026-06", component: "H240/01", on: $0) } == lower)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aRevisionChangesTheResultAndKeepsItsHistory(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let key = ResultKey(fixture.result)
            let history = ResultHistory()
            let at = StoreTests.now
            let first = try await database.transaction { db in
                try await history.revise(key, mark: 66, grade: "B", reason: "Marks added up again", cause: .enquiry, causeID: "e-1", at: at, on: db)
            }
            #expect(first?.number == 1 && first?.previousMark == 61 && first?.previousGrade == "B" && first?.mark == 66)
            let second = try await database.transaction { db in
                try await history.revise(
                    key,
                    mark: 81,
                    grade: "A",
                    reason: "Mark scheme applied",
                    cause: .appeal,
                    causeID: "a-1",
                    at: at + 60,
                    on: db
                )
            }
            #expect(second?.number == 2 && second?.previousMark == 66)
            let (result, revisions) = try await database.read { db in
                (
                    try await ReferenceData().result(
                        series: key.series,
                        centre: key.centre,
                        candidate: key.candidate,
                        component: key.component,
                        on: db
                    ),
                    try await history.revisions(of: key, on: db)
                )
            }
            #expect(result?.mark == 81 && result?.grade == "A")
            #expect(result?.indicators == fixture.result.indicators, "a revision changes the mark and grade only")
            #expect(revisions == [first, second].compactMap { $0 })
            #expect(revisions.map(\.cause) == [.enquiry, .appeal] && revisions[1].at == at + 60)

            // A revision whose cause fails with it leaves neither behind.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await database.transaction { db in
                    _ = try await history.revise(key, mark: 10, grade: "U", reason: "x", cause: .missingResult, causeID: nil, at: at, on: db)
                    throw Refused()
                }
            }
            let after = try await database.read { try await history.revisions(of: key, on: $0) }
            #expect(after.count == 2)
            let missing = ResultKey(series: "2026-06", centre: key.centre, candidate: CandidateNumber("9999")!, component: key.component)
            #expect(
                try await database.transaction {
                    try await history.revise(missing, mark: 1, grade: "U", reason: "x", cause: .enquiry, causeID: nil, at: at, on: $0)
                } == nil
            )
        }
    }
}
