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

/// Many enquiries at once through the desk, on both drivers: a refused row, or two reviews
/// of marking of one script in the same list, leave nothing written and name each refused
/// row by its place; a list that passes is written whole; the due soonest come first on a
/// work list.
@Suite struct EnquiryDeskBulkTests {
    @Test(arguments: DatabaseKind.allCases) func aRefusedRowWritesNothingAndAPassingListIsWrittenWhole(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.enquiries
            let officer = EnquiryDeskTests.caller(environment)
            let result = try await EnquiryDeskTests.gceResult(environment)
            let consent = EnquiryDeskTests.consent(environment)
            let review = EnquiryDeskTests.submission(result, .reviewOfMarking, consent: consent)
            let clerical = EnquiryDeskTests.submission(result, .clericalCheck, consent: consent)
            var unknown = clerical
            unknown.candidate = "9999"

            var refusal: BulkEnquiryError?
            do {
                _ = try await desk.submitAll([clerical, review, unknown, review], by: officer)
            } catch let error as BulkEnquiryError {
                refusal = error
            }
            guard case .refused(let rows) = try #require(refusal) else {
                Issue.record("not refused by row")
                return
            }
            #expect(rows.map(\.index) == [2, 3])
            #expect(rows.map(\.code) == ["request.unknown_candidate", "enquiry.already_reviewed"])
            // Only the demo's decided enquiries are there: nothing was received.
            #expect(try await desk.list(.init(status: .received), page: Page(limit: 10), for: officer).total == 0, "nothing written")

            let made = try await desk.submitAll([review, clerical], by: officer)
            #expect(made.count == 2)
            #expect(try await desk.list(.init(status: .received), page: Page(limit: 10), for: officer).total == 2)
            let work = try await desk.list(
                .init(status: .received, order: .dueSoonestFirst),
                page: Page(limit: 10),
                for: Caller(id: "ops", role: .operations, centre: nil)
            )
            #expect(work.items.map(\.service) == [.clericalCheck, .reviewOfMarking], "ten days before twenty")
            #expect(await EnquiryDeskTests.code { try await desk.submitAll([], by: officer) } == "enquiry.bulk_empty")
        }
    }
}
