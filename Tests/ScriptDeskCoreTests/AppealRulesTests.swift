import Foundation
import Testing

@testable import ScriptDeskCore

/// The appeal rules at every edge, in both policy profiles: an outcome to appeal, a written
/// statement, the window's last second from the outcome's receipt (14 days, or 30 under
/// JCQ), JCQ's second stage within 14 days of the first's decision, and once per stage.
@Suite struct AppealRulesTests {
    static let day: TimeInterval = 86_400
    static let outcomeAt = Date(timeIntervalSince1970: 1_788_000_000)
    static let outcome = EnquiryOutcome(previousMark: 58, previousGrade: "C", mark: 60, grade: "C", reason: "Re-marked.", receivedAt: outcomeAt)

    static func enquiry(decided: Bool = true) -> Enquiry {
        Enquiry(
            id: "e1",
            series: "2026-06",
            centre: CentreNumber("12345")!,
            candidate: CandidateNumber("0001")!,
            component: "H240/01",
            service: .reviewOfMarking,
            consent: nil,
            requestedBy: "eo",
            status: decided ? .decided : .received,
            receivedAt: outcomeAt - 20 * day,
            dueAt: outcomeAt,
            feeInPence: 4_600,
            outcome: decided ? outcome : nil
        )
    }

    static func appeal(stage: Int, decidedAt: Date?) -> Appeal {
        Appeal(
            id: "a\(stage)",
            enquiry: "e1",
            stage: stage,
            series: "2026-06",
            centre: CentreNumber("12345")!,
            candidate: CandidateNumber("0001")!,
            component: "H240/01",
            statement: "The essay was marked against the wrong scheme.",
            requestedBy: "head",
            status: decidedAt == nil ? .received : .decided,
            receivedAt: outcomeAt + day,
            dueAt: outcomeAt + 31 * day,
            decision: decidedAt.map {
                EnquiryOutcome(previousMark: 60, previousGrade: "C", mark: 60, grade: "C", reason: "Marking stands.", receivedAt: $0)
            }
        )
    }

    /// The rules' answer: `stage N` or the refusal's code.
    static func answer(
        _ profile: Policy.Profile,
        enquiry: Enquiry = enquiry(),
        statement: String = "The essay was marked against the wrong scheme.",
        earlier: [Appeal] = [],
        at now: Date
    ) -> String {
        do {
            return
                "stage \(try AppealRules.decide(enquiry: enquiry, statement: statement, earlier: earlier, policy: Policy.profile(profile).enquiries, now: now).stage)"
        } catch {
            return error.code
        }
    }

    struct Row: Sendable, CustomStringConvertible {
        var profile: Policy.Profile
        var offset: TimeInterval
        var expected: String
        var description: String { "\(profile.rawValue) outcome+\(offset)s → \(expected)" }
    }

    /// The first stage's window from the outcome's receipt, to the second.
    static let windowRows: [Row] = [
        Row(profile: .interchange, offset: 0, expected: "stage 1"),
        Row(profile: .interchange, offset: 14 * day, expected: "stage 1"),
        Row(profile: .interchange, offset: 14 * day + 1, expected: "appeal.too_late"),
        Row(profile: .jcqCurrent, offset: 14 * day + 1, expected: "stage 1"),
        Row(profile: .jcqCurrent, offset: 30 * day, expected: "stage 1"),
        Row(profile: .jcqCurrent, offset: 30 * day + 1, expected: "appeal.too_late"),
    ]

    @Test(arguments: windowRows) func theFirstStageIsOpenToTheWindowsLastSecond(row: Row) {
        #expect(Self.answer(row.profile, at: Self.outcomeAt + row.offset) == row.expected)
    }

    @Test(arguments: Policy.Profile.allCases) func anAppealNeedsAnOutcomeAndAStatement(profile: Policy.Profile) {
        let now = Self.outcomeAt + Self.day
        #expect(Self.answer(profile, enquiry: Self.enquiry(decided: false), at: now) == "appeal.no_outcome")
        #expect(Self.answer(profile, statement: " \n\t ", at: now) == "appeal.statement_required")
        #expect(Self.answer(profile, statement: String(repeating: "x", count: AppealRules.statementLimit), at: now) == "stage 1")
        #expect(
            Self.answer(profile, statement: String(repeating: "x", count: AppealRules.statementLimit + 1), at: now) == "appeal.statement_too_long"
        )
    }

    @Test func aReviewOfModerationsOutcomeIsNotAppealedHere() {
        var moderation = Self.enquiry(decided: false)
        moderation.candidate = nil
        moderation.service = .reviewOfModeration
        moderation.cohortOutcome = CohortOutcome(adjustment: 0, reason: "Stands.", receivedAt: Self.outcomeAt, resultsRevised: 0)
        #expect(Self.answer(.interchange, enquiry: moderation, at: Self.outcomeAt + Self.day) == "appeal.moderation_outcome")
    }

    @Test func theStatementIsKeptTrimmedAndTheDecisionIsDueByTheTurnaround() throws {
        let policy = Policy.profile(.interchange).enquiries
        let now = Self.outcomeAt + Self.day
        let accepted = try AppealRules.decide(enquiry: Self.enquiry(), statement: "  Wrong scheme.\n", earlier: [], policy: policy, now: now)
        #expect(accepted.statement == "Wrong scheme.")
        #expect(accepted.dueDate == now + TimeInterval(policy.appealTurnaroundDays) * Self.day)
    }

    @Test func anInterchangeOutcomeIsAppealedOnce() {
        let decided = Self.appeal(stage: 1, decidedAt: Self.outcomeAt + 5 * Self.day)
        let waiting = Self.appeal(stage: 1, decidedAt: nil)
        #expect(Self.answer(.interchange, earlier: [waiting], at: Self.outcomeAt + Self.day) == "appeal.already_made")
        #expect(Self.answer(.interchange, earlier: [decided], at: Self.outcomeAt + 6 * Self.day) == "appeal.already_made")
    }

    @Test func aJCQSecondStageFollowsTheFirstsDecisionWithinFourteenDays() {
        let decidedAt = Self.outcomeAt + 40 * Self.day
        let decided = Self.appeal(stage: 1, decidedAt: decidedAt)
        #expect(
            Self.answer(.jcqCurrent, earlier: [Self.appeal(stage: 1, decidedAt: nil)], at: Self.outcomeAt + Self.day) == "appeal.awaiting_decision"
        )
        // The second stage's window runs from the first's decision, not the outcome: past 30 days it is still open.
        #expect(Self.answer(.jcqCurrent, earlier: [decided], at: decidedAt) == "stage 2")
        #expect(Self.answer(.jcqCurrent, earlier: [decided], at: decidedAt + 14 * Self.day) == "stage 2")
        #expect(Self.answer(.jcqCurrent, earlier: [decided], at: decidedAt + 14 * Self.day + 1) == "appeal.too_late")
        let second = Self.appeal(stage: 2, decidedAt: decidedAt + 10 * Self.day)
        #expect(Self.answer(.jcqCurrent, earlier: [decided, second], at: decidedAt + Self.day) == "appeal.already_made")
    }

    @Test func theLastDayIsNamedInTheRefusal() {
        let policy = Policy.profile(.interchange).enquiries
        #expect(throws: AppealRefusal.tooLate(stage: 1, lastDay: Self.outcomeAt + 14 * Self.day)) {
            try AppealRules.decide(enquiry: Self.enquiry(), statement: "x", earlier: [], policy: policy, now: Self.outcomeAt + 15 * Self.day)
        }
        #expect(AppealRefusal.tooLate(stage: 1, lastDay: Self.outcomeAt).message.contains(ISO8601.string(from: Self.outcomeAt)))
    }
}
