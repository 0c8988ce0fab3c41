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

/// Enquiries through the application service, on both drivers: one received with its due
/// date and fee; refused by rule, by role and across centres; one review of marking per
/// candidate even when two arrive at once; an outcome that regrades the result with its
/// history, waives the fee on a grade change, and is final.
@Suite struct EnquiryDeskTests {
    static func caller(_ environment: TestEnvironment, centre index: Int = 0, role: Role = .examsOfficer) -> Caller {
        Caller(
            id: "eo-\(environment.credentials.centres[index].number)",
            role: role,
            centre: CentreNumber(environment.credentials.centres[index].number)
        )
    }

    static func consent(_ environment: TestEnvironment) -> EnquiryConsent {
        EnquiryConsent(candidateAgreed: true, obtainedAt: environment.clock.now - 3_600, acknowledgesMarksMayGoDown: true)
    }

    /// A written GCE result with a mark, at the first centre, that no enquiry has revised.
    static func gceResult(_ environment: TestEnvironment) async throws -> ResultListing {
        let listing = try await environment.runtime.database.read { db in
            try await ReferenceData().results(series: DemoBoard.seriesCode, centre: environment.centre, page: Page(limit: 500), on: db)
        }
        return try #require(
            listing.items.first { $0.component.qualification == .gce && $0.result.mark != nil && $0.component.kind == .written && $0.revisions == 0 }
        )
    }

    static func submission(_ result: ResultListing, _ service: EnquiryService, consent: EnquiryConsent?) -> EnquirySubmission {
        EnquirySubmission(
            series: DemoBoard.seriesCode,
            component: result.component.code,
            candidate: result.result.candidate.rawValue,
            service: service,
            consent: consent
        )
    }

    static func code(_ body: () async throws -> some Any) async -> String {
        do {
            _ = try await body()
            return "accepted"
        } catch let error as any ScriptDeskError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: DatabaseKind.allCases) func anEnquiryIsReceivedWithItsDueDateAndFeeAndRefusedByRuleRoleAndCentre(kind: DatabaseKind) async throws
    {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.enquiries
            let officer = Self.caller(environment)
            let result = try await Self.gceResult(environment)
            let now = environment.clock.now
            let enquiry = try await desk.submit(Self.submission(result, .priorityReviewOfMarking, consent: Self.consent(environment)), by: officer)
            #expect(enquiry.status == .received && enquiry.service == .priorityReviewOfMarking)
            #expect(enquiry.dueAt == now + 15 * 86_400)
            #expect(enquiry.feeInPence == environment.runtime.settings.policy.enquiries.fee(of: .priorityReviewOfMarking))
            #expect(enquiry.reference.count == 8)
            let (found, timeline) = try await desk.details(of: enquiry.id, for: officer)
            #expect(found.id == enquiry.id && found.candidate == enquiry.candidate && found.feeInPence == enquiry.feeInPence)
            #expect(abs(found.dueAt.timeIntervalSince(enquiry.dueAt)) < 0.001, "stored to the millisecond")
            #expect(timeline.map(\.status) == [.received] && timeline[0].detail.contains("due by"))

            // A second review of marking of the same script, ordinary or priority, is refused.
            let again = await Self.code {
                try await desk.submit(Self.submission(result, .reviewOfMarking, consent: Self.consent(environment)), by: officer)
            }
            #expect(again == "enquiry.already_reviewed")
            // A clerical check of it is not.
            let clerical = await Self.code {
                try await desk.submit(Self.submission(result, .clericalCheck, consent: Self.consent(environment)), by: officer)
            }
            #expect(clerical == "accepted")

            var noConsent = Self.submission(result, .clericalCheck, consent: nil)
            #expect(await Self.code { try await desk.submit(noConsent, by: officer) } == "enquiry.consent_missing")
            noConsent.candidate = nil
            #expect(await Self.code { try await desk.submit(noConsent, by: officer) } == "enquiry.candidate_required")
            var moderation = Self.submission(result, .reviewOfModeration, consent: nil)
            moderation.candidate = nil
            #expect(await Self.code { try await desk.submit(moderation, by: officer) } == "enquiry.not_moderated")
            var unknown = Self.submission(result, .clericalCheck, consent: Self.consent(environment))
            unknown.component = "NOPE/01"
            #expect(await Self.code { try await desk.submit(unknown, by: officer) } == "request.unknown_component")
            unknown = Self.submission(result, .clericalCheck, consent: Self.consent(environment))
            unknown.series = "1999-06"
            #expect(await Self.code { try await desk.submit(unknown, by: officer) } == "request.unknown_series")

            // Another centre's officer cannot name a candidate only this centre has, see the
            // enquiry, or list it.
            let other = Self.caller(environment, centre: 1)
            var onlyHere = result.result
            onlyHere.candidate = CandidateNumber("0042")!
            try await environment.runtime.database.transaction { db in
                try await ReferenceData().save(Candidate(centre: onlyHere.centre, number: onlyHere.candidate, uci: "X", name: "Only Here"), on: db)
                try await ReferenceData().save(onlyHere, on: db)
            }
            var theirs = Self.submission(result, .clericalCheck, consent: Self.consent(environment))
            theirs.candidate = "0042"
            #expect(await Self.code { try await desk.submit(theirs, by: other) } == "request.unknown_candidate")
            #expect(await Self.code { try await desk.submit(theirs, by: officer) } == "accepted")
            #expect(await Self.code { try await desk.details(of: enquiry.id, for: other) } == "enquiry.not_found")
            // The demo's decided enquiries are there beside these.
            let seeded = environment.credentials.centres.count * 2
            #expect(try await desk.list(.init(status: .received), page: Page(), for: other).total == 0)
            #expect(try await desk.list(page: Page(), for: other).total == 2)
            #expect(try await desk.list(.init(status: .received), page: Page(), for: officer).total == 3)
            #expect(try await desk.list(.init(status: .received, service: .clericalCheck), page: Page(), for: officer).total == 2)
            #expect(try await desk.list(.init(candidate: CandidateNumber("0042")), page: Page(), for: officer).total == 1)
            #expect(try await desk.list(page: Page(), for: .commandLine).total == 3 + seeded)
            // Roles: a teacher neither makes nor sees enquiries; operations do not make them.
            let teacher = Self.caller(environment, role: .teacher)
            #expect(
                await Self.code { try await desk.submit(Self.submission(result, .clericalCheck, consent: Self.consent(environment)), by: teacher) }
                    == "auth.forbidden"
            )
            #expect(await Self.code { try await desk.list(page: Page(), for: teacher) } == "auth.forbidden")
            #expect(
                await Self.code {
                    try await desk.submit(Self.submission(result, .clericalCheck, consent: Self.consent(environment)), by: .commandLine)
                } == "auth.forbidden"
            )
        }
    }

    @Test(arguments: DatabaseKind.allCases) func twoReviewsOfTheSameScriptAtOnceMakeOneEnquiry(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.enquiries
            let officer = Self.caller(environment)
            let result = try await Self.gceResult(environment)
            let submission = Self.submission(result, .reviewOfMarking, consent: Self.consent(environment))
            let codes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<6 { group.addTask { await Self.code { try await desk.submit(submission, by: officer) } } }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == "accepted" }.count == 1, "\(codes)")
            #expect(codes.filter { $0 == "enquiry.already_reviewed" }.count == 5, "\(codes)")
            #expect(try await desk.list(.init(service: .reviewOfMarking), page: Page(), for: officer).total == 1)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func anOutcomeRegradesTheResultKeepsItsHistoryWaivesTheFeeAndIsFinal(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let desk = environment.runtime.enquiries
            let officer = Self.caller(environment)
            let result = try await Self.gceResult(environment)
            let key = ResultKey(result.result)
            let enquiry = try await desk.submit(Self.submission(result, .reviewOfMarking, consent: Self.consent(environment)), by: officer)
            let boundaries = try #require(
                try await environment.runtime.database.read {
                    try await ResultHistory().boundaries(series: key.series, component: key.component, on: $0)
                }
            )
            // A mark that moves the grade: the lowest mark of the next grade up (or down, at the top).
            let previous = try #require(result.result.mark)
            let grade = boundaries.grade(for: previous)
            let index = boundaries.boundaries.firstIndex { $0.grade == grade }
            let newMark =
                index.map { $0 > 0 ? boundaries.boundaries[$0 - 1].lowestMark : boundaries.boundaries[$0].lowestMark - 1 }
                ?? boundaries.boundaries.last!.lowestMark

            #expect(
                await Self.code { try await desk.recordOutcome(of: enquiry.id, mark: newMark, reason: "Reviewed", by: officer) } == "auth.forbidden"
            )
            #expect(
                await Self.code { try await desk.recordOutcome(of: enquiry.id, mark: 1_000, reason: "Reviewed", by: .commandLine) }
                    == "enquiry.bad_mark"
            )
            #expect(
                await Self.code { try await desk.recordOutcome(of: enquiry.id, mark: newMark, reason: " ", by: .commandLine) }
                    == "enquiry.reason_required"
            )

            let decided = try await desk.recordOutcome(of: enquiry.id, mark: newMark, reason: "Marking of question 4 corrected", by: .commandLine)
            let outcome = try #require(decided.outcome)
            #expect(outcome.previousMark == previous && outcome.mark == newMark && outcome.grade == boundaries.grade(for: newMark))
            #expect(outcome.gradeChanged && decided.feeOwedInPence == 0, "a grade change waives the fee")
            #expect(desk.appealBy(decided) == outcome.receivedAt + 14 * 86_400)

            let (stored, timeline) = try await desk.details(of: enquiry.id, for: officer)
            #expect(stored.status == .decided && stored.outcome?.mark == outcome.mark && stored.outcome?.grade == outcome.grade)
            #expect(stored.outcome?.previousGrade == outcome.previousGrade && stored.outcome?.reason == outcome.reason)
            #expect(timeline.map(\.status) == [.received, .decided])
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
            #expect(now?.mark == newMark && now?.grade == outcome.grade)
            #expect(revisions.count == 1 && revisions[0].cause == .enquiry && revisions[0].causeID == enquiry.id)
            #expect(revisions[0].previousMark == previous && revisions[0].reason == "Marking of question 4 corrected")

            // Final: a second outcome is refused and changes nothing.
            #expect(
                await Self.code { try await desk.recordOutcome(of: enquiry.id, mark: previous, reason: "Again", by: .commandLine) }
                    == "enquiry.outcome_final"
            )
            let after = try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }
            #expect(after.count == 1)
            #expect(await Self.code { try await desk.recordOutcome(of: "missing", mark: 1, reason: "x", by: .commandLine) } == "enquiry.not_found")

            // An unchanged outcome charges the fee and leaves no revision.
            let clerical = try await desk.submit(Self.submission(result, .clericalCheck, consent: Self.consent(environment)), by: officer)
            let unchanged = try await desk.recordOutcome(of: clerical.id, mark: newMark, reason: "Totals correct", by: .commandLine)
            #expect(unchanged.outcome?.gradeChanged == false && unchanged.feeOwedInPence == clerical.feeInPence)
            #expect(try await environment.runtime.database.read { try await ResultHistory().revisions(of: key, on: $0) }.count == 1)
        }
    }
}
