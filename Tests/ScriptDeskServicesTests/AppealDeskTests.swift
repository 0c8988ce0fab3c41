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

/// Appeals through the application service, on both drivers: of two appeals against one
/// outcome made at once exactly one is kept; a decision revises the result with its history
/// (caused by the appeal, after the enquiry's own revision) and is final.
@Suite struct AppealDeskTests {
    @Test(arguments: DatabaseKind.allCases) func oneOfTwoAppealsAtOnceIsKeptAndItsDecisionRevisesTheResult(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let officer = EnquiryDeskTests.caller(environment)
            let result = try await EnquiryDeskTests.gceResult(environment)
            let key = ResultKey(result.result)
            let previous = try #require(result.result.mark)
            let enquiry = try await environment.runtime.enquiries.submit(
                EnquiryDeskTests.submission(result, .clericalCheck, consent: EnquiryDeskTests.consent(environment)),
                by: officer
            )
            let remarked = previous > 0 ? previous - 1 : previous + 1
            _ = try await environment.runtime.enquiries.recordOutcome(
                of: enquiry.id,
                mark: remarked,
                reason: "A page was added twice.",
                by: .commandLine
            )

            let desk = environment.runtime.appeals
            async let first = EnquiryDeskTests.code { try await desk.make(against: enquiry.id, statement: "The page was counted once.", by: officer) }
            async let second = EnquiryDeskTests.code {
                try await desk.make(against: enquiry.id, statement: "The page was counted once.", by: officer)
            }
            let answers = await [first, second].sorted()
            #expect(answers == ["accepted", "appeal.already_made"])
            let appeals = try await desk.list(page: Page(), for: officer)
            #expect(appeals.total == 1)
            let appeal = try #require(appeals.items.first)
            #expect(appeal.stage == 1 && appeal.enquiry == enquiry.id && appeal.candidate == key.candidate)
            #expect(
                await EnquiryDeskTests.code { try await desk.details(of: appeal.id, for: EnquiryDeskTests.caller(environment, centre: 1)) }
                    == "appeal.not_found"
            )

            #expect(await EnquiryDeskTests.code { try await desk.decide(appeal.id, mark: previous, reason: "x", by: officer) } == "auth.forbidden")
            let decided = try await desk.decide(
                appeal.id,
                mark: previous,
                reason: "The page was counted twice; the original mark stands.",
                by: .commandLine
            )
            #expect(decided.upheld == true && decided.decision?.previousMark == remarked && decided.decision?.mark == previous)
            let revisions = try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }
            #expect(revisions.map(\.cause) == [.enquiry, .appeal] && revisions[1].causeID == appeal.id)
            #expect(revisions[1].previousMark == remarked && revisions[1].mark == previous)
            #expect(
                await EnquiryDeskTests.code { try await desk.decide(appeal.id, mark: remarked, reason: "Again", by: .commandLine) }
                    == "appeal.decision_final"
            )
            let after = try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }
            #expect(after.count == 2)
            let (stored, timeline) = try await desk.details(of: appeal.id, for: officer)
            #expect(stored.status == .decided && stored.decision?.reason == decided.decision?.reason)
            #expect(timeline.map(\.status) == [.received, .decided] && timeline[1].detail.hasPrefix("Decision: mark \(remarked) to \(previous)"))
        }
    }
}
