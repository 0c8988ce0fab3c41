import Foundation
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Result queries through the application service, on both drivers: one open query per
/// candidate, component and reason even when submissions race, and a correction that
/// revises the result with its history (cause and query id) in the transaction that makes
/// it final, while a second resolution changes nothing.
@Suite struct ResultQueryDeskTests {
    static func submission(_ result: ComponentResult, _ reason: ResultQuery.Reason = .incompleteResult) -> ResultQuerySubmission {
        ResultQuerySubmission(
            series: result.series,
            component: result.component,
            candidate: result.candidate.rawValue,
            reason: reason,
            detail: "Section B is not in the mark.",
            indicator: nil
        )
    }

    @Test(arguments: DatabaseKind.allCases) func queriesRacingForOneResultMakeOneOpenQuery(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.resultQueries
            let officer = environment.examsOfficer
            let result = try await EnquiryDeskTests.gceResult(environment).result
            let codes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask { await EnquiryDeskTests.code { try await desk.submit(Self.submission(result), by: officer) } }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == "accepted" }.count == 1, "\(codes)")
            #expect(codes.filter { $0 == "mir.already_open" }.count == 5, "\(codes)")
            #expect(try await desk.list(page: Page(), for: officer).total == 1)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aCorrectionRevisesTheResultWithItsHistoryAndIsFinal(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.resultQueries
            let officer = environment.examsOfficer
            let result = try await EnquiryDeskTests.gceResult(environment).result
            let key = ResultKey(result)
            let query = try await desk.submit(Self.submission(result), by: officer)
            #expect(query.dueAt == environment.clock.now + 10 * 86_400)
            let boundaries = try #require(
                try await environment.runtime.database.read {
                    try await ResultHistory().boundaries(series: key.series, component: key.component, on: $0)
                }
            )
            let previous = try #require(result.mark)
            let newMark = previous == 0 ? 1 : previous - 1
            #expect(
                await EnquiryDeskTests.code { try await desk.resolve(query.id, .correct(mark: newMark, reason: "x"), by: officer) }
                    == "auth.forbidden"
            )

            let resolved = try await desk.resolve(query.id, .correct(mark: newMark, reason: "Question 5 was not added in"), by: .commandLine)
            let correction = try #require(resolved.resolution?.correction)
            #expect(correction.previousMark == previous && correction.previousGrade == result.grade)
            #expect(correction.mark == newMark && correction.grade == boundaries.grade(for: newMark))

            let (now, revisions) = try await environment.runtime.database.read { db in
                (
                    try await ReferenceData().result(
                        series: key.series,
                        centre: key.centre,
                        candidate: key.candidate,
                        component: key.component,
                        on: db
                    ),
                    try await ResultHistory().revisions(of: key, on: db)
                )
            }
            #expect(now?.mark == newMark && now?.grade == correction.grade && now?.indicators == result.indicators)
            #expect(revisions.count == 1 && revisions[0].cause == .missingResult && revisions[0].causeID == query.id)
            #expect(revisions[0].previousMark == previous && revisions[0].reason == "Question 5 was not added in")

            #expect(
                await EnquiryDeskTests.code { try await desk.resolve(query.id, .explain("Nothing to change"), by: .commandLine) }
                    == "mir.resolved_final"
            )
            let (stored, timeline) = try await desk.details(of: query.id, for: officer)
            #expect(stored.resolution?.correction == correction && timeline.map(\.status) == [.received, .resolved])
            #expect(try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }.count == 1)

            // A resolved query frees the place for a new one about the same result.
            let next = try await desk.submit(Self.submission(result), by: officer)
            let explained = try await desk.resolve(next.id, .explain("The mark is complete."), by: .commandLine)
            #expect(explained.resolution?.explanation == "The mark is complete.")
            #expect(try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }.count == 1)
        }
    }
}
