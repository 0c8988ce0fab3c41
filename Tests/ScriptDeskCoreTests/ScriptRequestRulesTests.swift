import Foundation
import Testing

@testable import ScriptDeskCore

/// The eligibility, deadline and consent rules, branch by branch, with deadlines tested to the second.
@Suite struct ScriptRequestRulesTests {
    static let resultsDay = Date(timeIntervalSince1970: 1_786_608_000)  // 2026-08-13T08:00:00Z
    static let calendar = SeriesCalendar(
        resultsDay: resultsDay,
        priorityScriptDeadline: resultsDay + 7 * 86_400,
        priorityReviewDeadline: resultsDay + 7 * 86_400,
        finalEnquiryDeadline: resultsDay + 35 * 86_400,
        teachingCopyDeadline: resultsDay + 60 * 86_400,
        lateCertificationDeadline: resultsDay + 30 * 86_400,
        scriptRetentionEnd: resultsDay + 180 * 86_400
    )

    static func facts(
        kind: ScriptCopyKind = .priority,
        qualification: QualificationType = .gce,
        indicators: [ResultIndicator] = [],
        scriptHeld: Bool = true,
        agreed: Bool = true,
        obtainedAt: Date = resultsDay
    ) -> ScriptRequestRules.Facts {
        ScriptRequestRules.Facts(
            kind: kind,
            qualification: qualification,
            result: ComponentResult(
                series: "2026-06",
                centre: CentreNumber("12345")!,
                candidate: CandidateNumber("0001")!,
                component: "H240/01",
                mark: 50,
                grade: "C",
                indicators: indicators,
                specialConsideration: false
            ),
            scriptHeld: scriptHeld,
            consent: ConsentRecord(candidateAgreed: agreed, obtainedAt: obtainedAt, identify: true),
            calendar: calendar
        )
    }

    static func outcome(_ facts: ScriptRequestRules.Facts, at now: Date, policy: Policy = .interchange) -> String {
        do {
            _ = try ScriptRequestRules.decide(facts, policy: policy, now: now)
            return "accepted"
        } catch {
            return error.code
        }
    }

    static let eligibility: [(ScriptCopyKind, QualificationType, String)] = [
        (.priority, .gce, "accepted"),
        (.priority, .level3PrincipalLearning, "accepted"),
        (.priority, .level3Certificate, "accepted"),
        (.priority, .gcse, "request.not_eligible"),
        (.priority, .gcseShortCourse, "request.not_eligible"),
        (.priority, .principalLearning, "request.not_eligible"),
        (.priority, .vocational, "request.not_eligible"),
        (.nonPriority, .gce, "accepted"),
        (.nonPriority, .gcse, "accepted"),
        (.nonPriority, .gcseShortCourse, "accepted"),
        (.nonPriority, .principalLearning, "accepted"),
        (.nonPriority, .level3PrincipalLearning, "accepted"),
        (.nonPriority, .level3Certificate, "request.not_eligible"),
        (.nonPriority, .vocational, "request.not_eligible"),
    ]

    @Test(arguments: eligibility)
    func eligibilityFollowsTheQualification(kind: ScriptCopyKind, qualification: QualificationType, expected: String) {
        let now = Self.resultsDay + 3600
        #expect(Self.outcome(Self.facts(kind: kind, qualification: qualification), at: now) == expected)
    }

    static let windows: [(ScriptCopyKind, TimeInterval, String)] = [
        (.priority, -1, "request.not_open"),
        (.priority, 0, "accepted"),
        (.priority, 7 * 86_400, "accepted"),
        (.priority, 7 * 86_400 + 1, "request.deadline_passed"),
        (.nonPriority, -1, "request.not_open"),
        (.nonPriority, 0, "accepted"),
        (.nonPriority, 60 * 86_400, "accepted"),
        (.nonPriority, 60 * 86_400 + 1, "request.deadline_passed"),
    ]

    @Test(arguments: windows)
    func deadlinesHoldToTheSecond(kind: ScriptCopyKind, offset: TimeInterval, expected: String) {
        let now = Self.resultsDay + offset
        #expect(Self.outcome(Self.facts(kind: kind, obtainedAt: Self.resultsDay - 86_400), at: now) == expected)
    }

    @Test func refusalNamesTheDeadlineThatPassed() throws {
        let now = Self.resultsDay + 7 * 86_400 + 1
        #expect(throws: ScriptRequestRefusal.deadlinePassed(milestone: .priorityScriptDeadline, deadline: Self.calendar.priorityScriptDeadline)) {
            try ScriptRequestRules.decide(Self.facts(), policy: .interchange, now: now)
        }
        let refusal = ScriptRequestRefusal.deadlinePassed(milestone: .priorityScriptDeadline, deadline: Self.calendar.priorityScriptDeadline)
        #expect(refusal.message.contains("priority script deadline"))
        #expect(refusal.message.contains("2026-08-20T08:00:00Z"))
    }

    static let consent: [(Bool, TimeInterval, String)] = [
        (false, 0, "request.consent_missing"),
        (true, 0, "accepted"),
        (true, 1, "request.consent_invalid"),
        (true, -86_400 * 30, "accepted"),
    ]

    @Test(arguments: consent)
    func consentMustBeGivenAndNotInTheFuture(agreed: Bool, obtainedOffset: TimeInterval, expected: String) {
        let now = Self.resultsDay + 3600
        #expect(Self.outcome(Self.facts(agreed: agreed, obtainedAt: now + obtainedOffset), at: now) == expected)
    }

    static let scripts: [([ResultIndicator], Bool, String)] = [
        ([], true, "accepted"),
        ([.partiallyAbsent], true, "accepted"),
        ([.pending], true, "accepted"),
        ([.ungraded], true, "accepted"),
        ([.noResult], true, "request.no_script"),
        ([], false, "request.no_script"),
    ]

    @Test(arguments: scripts)
    func aMarkedScriptMustExist(indicators: [ResultIndicator], held: Bool, expected: String) {
        let now = Self.resultsDay + 3600
        #expect(Self.outcome(Self.facts(indicators: indicators, scriptHeld: held), at: now) == expected)
    }

    @Test func rulesAreCheckedInOrderEligibilityFirst() {
        let late = Self.resultsDay + 90 * 86_400
        let facts = Self.facts(kind: .priority, qualification: .gcse, scriptHeld: false, agreed: false)
        #expect(Self.outcome(facts, at: late) == "request.not_eligible")
        #expect(Self.outcome(Self.facts(scriptHeld: false, agreed: false), at: late) == "request.deadline_passed")
        #expect(Self.outcome(Self.facts(scriptHeld: false, agreed: false), at: Self.resultsDay + 1) == "request.consent_missing")
    }

    @Test func jcqProfileHoldsTeachingCopiesUntilTheFinalEnquiryDeadline() throws {
        let now = Self.resultsDay + 86_400
        let jcq = try ScriptRequestRules.decide(Self.facts(kind: .nonPriority), policy: .profile(.jcqCurrent), now: now)
        #expect(jcq.notBefore == Self.calendar.finalEnquiryDeadline)
        let interchange = try ScriptRequestRules.decide(Self.facts(kind: .nonPriority), policy: .interchange, now: now)
        #expect(interchange.notBefore == nil)
        let priority = try ScriptRequestRules.decide(Self.facts(kind: .priority), policy: .profile(.jcqCurrent), now: now)
        #expect(priority.notBefore == nil)
    }

    @Test func linkLifetimeNeverExceedsTheCeiling() {
        var policy = Policy.interchange
        policy.teachingLinkLifetime = 30 * 86_400
        policy.linkLifetimeCeiling = 7 * 86_400
        #expect(policy.linkLifetime(for: .nonPriority) == 7 * 86_400)
        #expect(policy.linkLifetime(for: .priority) == 3 * 86_400)
    }
}
