import Foundation
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// Result queries on both drivers: one kept with its first timeline event and read back
/// whole, one open query per candidate, component and reason held by the index (a resolved
/// one frees the place), reads scoped by centre, listings filtered and paged, and a
/// resolution that is final: a second one changes nothing.
@Suite struct ResultQueryStoreTests {
    static func query(_ fixture: Fixture, reason: ResultQuery.Reason, at: Date, indicator: ResultIndicator? = nil) -> ResultQuery {
        ResultQuery(
            id: UUID().uuidString.lowercased(),
            series: fixture.series.code,
            centre: fixture.centre.number,
            candidate: fixture.candidate.number,
            component: fixture.component.code,
            reason: reason,
            detail: "Section B was not marked.",
            indicator: indicator,
            requestedBy: "eo",
            status: .received,
            receivedAt: at,
            dueAt: at + 10 * 86_400
        )
    }

    static func received(_ at: Date) -> ResultQueryEvent {
        ResultQueryEvent(at: at, status: .received, detail: "Received")
    }

    @Test(arguments: DatabaseKind.allCases) func aQueryIsKeptOnceOpenListedByScopeAndResolvedOnce(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let queries = ResultQueries()
            let at = StoreTests.now
            let key = ResultKey(fixture.result)
            let first = Self.query(fixture, reason: .incorrectIndicator, at: at, indicator: .partiallyAbsent)
            #expect(try await database.transaction { try await queries.insert(first, event: Self.received(at), on: $0) })
            let found = try await database.read { try await queries.find(first.id, scope: .centre(fixture.centre.number), on: $0) }
            #expect(found?.indicator == .partiallyAbsent && found?.detail == first.detail && found?.status == .received)
            #expect(found.map { abs($0.dueAt.timeIntervalSince(first.dueAt)) < 0.001 } == true)
            #expect(try await database.read { try await queries.find(first.id, scope: .centre(CentreNumber("54321")!), on: $0) } == nil)
            #expect(try await database.read { try await queries.find(first.id, scope: .nothing, on: $0) } == nil)
            #expect(try await database.read { try await queries.hasOpen(key, reason: .incorrectIndicator, on: $0) })
            #expect(!(try await database.read { try await queries.hasOpen(key, reason: .incompleteResult, on: $0) }))

            // A second open query for the same reason is refused by the index; another reason is not.
            let again = Self.query(fixture, reason: .incorrectIndicator, at: at + 1, indicator: .partiallyAbsent)
            #expect(!(try await database.transaction { try await queries.insert(again, event: Self.received(at + 1), on: $0) }))
            #expect(try await database.read { try await queries.find(again.id, scope: .everyCentre, on: $0) } == nil)
            let incomplete = Self.query(fixture, reason: .incompleteResult, at: at + 2)
            #expect(try await database.transaction { try await queries.insert(incomplete, event: Self.received(at + 2), on: $0) })

            // Listings: scoped, filtered, newest first, paged.
            let all = try await database.read { try await queries.list(scope: .everyCentre, page: Page(limit: 1), on: $0) }
            #expect(all.total == 2 && all.items.map(\.id) == [incomplete.id])
            let filtered = try await database.read {
                try await queries.list(
                    scope: .centre(fixture.centre.number),
                    filter: .init(series: "2026-06", reason: .incorrectIndicator),
                    page: Page(),
                    on: $0
                )
            }
            #expect(filtered.items.map(\.id) == [first.id])
            #expect(try await database.read { try await queries.list(scope: .nothing, page: Page(), on: $0) }.total == 0)
            #expect(
                try await database.read { try await queries.list(scope: .everyCentre, filter: .init(series: "2025-11"), page: Page(), on: $0) }.total
                    == 0
            )

            // A correction is final.
            let correction = ResultCorrection(previousMark: 61, previousGrade: "B", mark: 66, grade: "B", reason: "Section B added")
            let resolution = ResultQueryResolution(outcome: .corrected(correction), resolvedAt: at + 60)
            let resolvedEvent = ResultQueryEvent(at: at + 60, status: .resolved, detail: "Corrected")
            #expect(try await database.transaction { try await queries.resolve(first.id, resolution: resolution, event: resolvedEvent, on: $0) })
            let explained = try ResultQueryResolution.explained("Nothing to change", at: at + 120)
            #expect(!(try await database.transaction { try await queries.resolve(first.id, resolution: explained, event: resolvedEvent, on: $0) }))
            let resolved = try #require(try await database.read { try await queries.find(first.id, scope: .everyCentre, on: $0) })
            #expect(resolved.status == .resolved && resolved.resolution?.correction == correction)
            #expect(resolved.resolution.map { abs($0.resolvedAt.timeIntervalSince(at + 60)) < 0.001 } == true)
            let timeline = try await database.read { try await queries.timeline(of: first.id, on: $0) }
            #expect(timeline.map(\.status) == [.received, .resolved] && timeline.map(\.detail) == ["Received", "Corrected"])
            #expect(
                try await database.read {
                    try await queries.list(scope: .everyCentre, filter: .init(status: .resolved), page: Page(), on: $0)
                }.items.map(\.id) == [first.id]
            )

            // An explanation is kept as one; a resolved query frees the place for a new one.
            #expect(try await database.transaction { try await queries.resolve(incomplete.id, resolution: explained, event: resolvedEvent, on: $0) })
            let stands = try await database.read { try await queries.find(incomplete.id, scope: .everyCentre, on: $0) }
            #expect(stands?.resolution?.explanation == "Nothing to change" && stands?.resolution?.correction == nil)
            #expect(try await database.transaction { try await queries.insert(again, event: Self.received(at + 1), on: $0) })
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aCorrectionWithdrawsIndicatorsAndRevisesAMissingResult(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            var missing = fixture.result
            missing.mark = nil
            missing.grade = nil
            missing.indicators = [.noResult, .pending]
            let key = ResultKey(missing)
            let history = ResultHistory()
            try await database.transaction { db in
                try await ReferenceData().save(missing, on: db)
                _ = try await history.revise(
                    key,
                    mark: 72,
                    grade: "B",
                    reason: "Found",
                    cause: .missingResult,
                    causeID: "q-1",
                    at: StoreTests.now,
                    on: db
                )
                #expect(try await history.setIndicators([.pending], of: key, on: db))
            }
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
            #expect(result?.mark == 72 && result?.grade == "B" && result?.indicators == [.pending])
            #expect(revisions.count == 1 && revisions[0].previousMark == nil && revisions[0].cause == .missingResult && revisions[0].causeID == "q-1")
            let nobody = ResultKey(series: key.series, centre: key.centre, candidate: CandidateNumber("9999")!, component: key.component)
            #expect(!(try await database.transaction { try await history.setIndicators([], of: nobody, on: $0) }))
        }
    }
}
