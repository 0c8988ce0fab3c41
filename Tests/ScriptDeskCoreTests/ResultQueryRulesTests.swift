import Foundation
import Testing

@testable import ScriptDeskCore

/// The missing and incomplete results rules at every edge, in both policy profiles: the
/// detail and the indicator, the window to the second, a result to query that fits the
/// reason, one open query per candidate, component and reason, the due date from the
/// policy, and a resolution graded by the same boundaries.
@Suite struct ResultQueryRulesTests {
    static let resultsDay = Date(timeIntervalSince1970: 1_786_608_000)  // 2026-08-13T08:00:00Z
    static let calendar = SeriesCalendar(
        resultsDay: resultsDay,
        priorityScriptDeadline: resultsDay + 7 * 86_400,
        priorityReviewDeadline: resultsDay + 10 * 86_400,
        finalEnquiryDeadline: resultsDay + 35 * 86_400,
        teachingCopyDeadline: resultsDay + 60 * 86_400,
        lateCertificationDeadline: resultsDay + 30 * 86_400,
        scriptRetentionEnd: resultsDay + 180 * 86_400
    )
    static let profiles = Policy.Profile.allCases
    static let day: TimeInterval = 86_400
    static let inTime = resultsDay + 2 * day

    static func result(mark: Int? = 58, indicators: [ResultIndicator] = []) -> ComponentResult {
        ComponentResult(
            series: "2026-06",
            centre: CentreNumber("12345")!,
            candidate: CandidateNumber("0001")!,
            component: "H240/01",
            mark: mark,
            grade: mark.map { _ in "C" },
            indicators: indicators,
            specialConsideration: false
        )
    }

    static let missing = result(mark: nil, indicators: [.noResult])

    static func facts(
        _ reason: ResultQuery.Reason = .incompleteResult,
        detail: String = "Section B was not marked.",
        indicator: ResultIndicator? = nil,
        result: ComponentResult? = result(),
        alreadyOpen: Bool = false
    ) -> ResultQueryRules.Facts {
        ResultQueryRules.Facts(reason: reason, detail: detail, indicator: indicator, result: result, alreadyOpen: alreadyOpen, calendar: calendar)
    }

    static func outcome(_ facts: ResultQueryRules.Facts, at now: Date = inTime, _ profile: Policy.Profile) -> String {
        do {
            _ = try ResultQueryRules.decide(facts, policy: Policy.profile(profile).enquiries, now: now)
            return "accepted"
        } catch {
            return error.code
        }
    }

    /// Facts acceptable for each reason at a time the window allows.
    static let acceptable: [ResultQuery.Reason: ResultQueryRules.Facts] = [
        .missingResult: facts(.missingResult, result: missing),
        .incompleteResult: facts(.incompleteResult),
        .incorrectIndicator: facts(.incorrectIndicator, indicator: .partiallyAbsent, result: result(indicators: [.partiallyAbsent])),
    ]

    @Test(arguments: profiles)
    func eachReasonIsAcceptedWhenItFits(profile: Policy.Profile) {
        for reason in ResultQuery.Reason.allCases {
            #expect(Self.outcome(Self.acceptable[reason]!, profile) == "accepted", "\(reason)")
        }
    }

    @Test(arguments: profiles)
    func theDetailIsRequiredTrimmedAndLimited(profile: Policy.Profile) throws {
        let limit = Policy.profile(profile).enquiries.mirDetailLimit
        #expect(limit == 2_000)
        let table: [(String, String)] = [
            ("", "mir.detail_required"),
            (" \n\t ", "mir.detail_required"),
            (String(repeating: "a", count: limit), "accepted"),
            ("  " + String(repeating: "a", count: limit) + "\n", "accepted"),
            (String(repeating: "a", count: limit + 1), "mir.detail_too_long"),
        ]
        for (detail, expected) in table {
            #expect(Self.outcome(Self.facts(detail: detail), profile) == expected, "\(detail.count) characters")
        }
        let decision = try ResultQueryRules.decide(
            Self.facts(detail: "  Page 4 is missing.\n"),
            policy: Policy.profile(profile).enquiries,
            now: Self.inTime
        )
        #expect(decision.detail == "Page 4 is missing.")
    }

    @Test(arguments: profiles)
    func anIncorrectIndicatorNamesOneTheResultCarries(profile: Policy.Profile) throws {
        let flagged = Self.result(indicators: [.pending])
        let table: [(ResultIndicator?, ComponentResult, String)] = [
            (nil, flagged, "mir.indicator_required"),
            (.pending, flagged, "accepted"),
            (.noResult, flagged, "mir.indicator_not_applied"),
            (.ungraded, Self.result(indicators: []), "mir.indicator_not_applied"),
        ]
        for (indicator, result, expected) in table {
            let found = Self.outcome(Self.facts(.incorrectIndicator, indicator: indicator, result: result), profile)
            #expect(found == expected, "\(String(describing: indicator)) on \(result.indicators)")
        }
        // An indicator named for another reason is not kept.
        let decision = try ResultQueryRules.decide(
            Self.facts(.incompleteResult, indicator: .pending, result: flagged),
            policy: Policy.profile(profile).enquiries,
            now: Self.inTime
        )
        #expect(decision.indicator == nil)
    }

    @Test(arguments: profiles)
    func theWindowToTheSecond(profile: Policy.Profile) {
        let deadline = Self.calendar.finalEnquiryDeadline
        #expect(ResultQueryRules.deadline == .finalEnquiryDeadline)
        for reason in ResultQuery.Reason.allCases {
            let facts = Self.acceptable[reason]!
            #expect(Self.outcome(facts, at: Self.resultsDay - 1, profile) == "mir.not_open", "\(reason) a second before results")
            #expect(Self.outcome(facts, at: Self.resultsDay, profile) == "accepted", "\(reason) at results")
            #expect(Self.outcome(facts, at: deadline, profile) == "accepted", "\(reason) at the deadline")
            #expect(Self.outcome(facts, at: deadline + 1, profile) == "mir.deadline_passed", "\(reason) a second late")
        }
    }

    @Test(arguments: profiles)
    func aResultMustExistAndFitTheReason(profile: Policy.Profile) {
        let table: [(ResultQuery.Reason, ComponentResult?, ResultIndicator?, String)] = [
            (.missingResult, nil, nil, "mir.no_entry"),
            (.incompleteResult, nil, nil, "mir.no_entry"),
            (.incorrectIndicator, nil, .noResult, "mir.no_entry"),
            (.missingResult, Self.result(mark: 58), nil, "mir.result_present"),
            (.missingResult, Self.result(mark: 0), nil, "mir.result_present"),
            (.missingResult, Self.result(mark: nil, indicators: []), nil, "accepted"),
            (.incompleteResult, Self.result(mark: nil, indicators: [.noResult]), nil, "accepted"),
        ]
        for (reason, result, indicator, expected) in table {
            let found = Self.outcome(Self.facts(reason, indicator: indicator, result: result), profile)
            #expect(found == expected, "\(reason) with \(String(describing: result?.mark))")
        }
    }

    @Test(arguments: profiles)
    func oneOpenQueryPerCandidateComponentAndReason(profile: Policy.Profile) {
        for reason in ResultQuery.Reason.allCases {
            var facts = Self.acceptable[reason]!
            facts.alreadyOpen = true
            #expect(Self.outcome(facts, profile) == "mir.already_open", "\(reason)")
        }
    }

    @Test(arguments: profiles)
    func theDueDateComesFromThePolicy(profile: Policy.Profile) throws {
        var policy = Policy.profile(profile).enquiries
        #expect(policy.mirTurnaroundDays == 10)
        #expect(try ResultQueryRules.decide(Self.facts(), policy: policy, now: Self.inTime).dueDate == Self.inTime + 10 * Self.day)
        policy.mirTurnaroundDays = 3
        policy.mirDetailLimit = 5
        #expect(try ResultQueryRules.decide(Self.facts(detail: "short"), policy: policy, now: Self.inTime).dueDate == Self.inTime + 3 * Self.day)
        #expect(throws: ResultQueryRefusal.detailTooLong(limit: 5)) {
            try ResultQueryRules.decide(Self.facts(detail: "longer"), policy: policy, now: Self.inTime)
        }
    }

    @Test func refusalsNameTheDeadlineAndWhatToDo() {
        let late = ResultQueryRefusal.deadlinePassed(milestone: .finalEnquiryDeadline, deadline: Self.calendar.finalEnquiryDeadline)
        #expect(late.message.contains("final enquiry deadline") && late.message.contains("2026-09-17T08:00:00Z"))
        #expect(ResultQueryRefusal.notYetOpen(opensAt: Self.resultsDay).message.contains("2026-08-13T08:00:00Z"))
        #expect(ResultQueryRefusal.resultPresent(mark: 58).message.contains("58"))
        #expect(ResultQueryRefusal.indicatorRequired.message.contains("\"#\""))
    }

    static let boundaries = try! GradeBoundaries([
        .init(grade: "A", lowestMark: 80), .init(grade: "B", lowestMark: 70), .init(grade: "C", lowestMark: 58),
    ])

    @Test func aCorrectionIsGradedByTheSameBoundariesWithinTheMaximum() throws {
        func correct(_ mark: Int, reason: String = "Section B added") throws -> ResultCorrection {
            try ResultCorrection(previousMark: nil, previousGrade: nil, mark: mark, maxMark: 100, boundaries: Self.boundaries, reason: reason)
        }
        let table: [(Int, String)] = [(100, "A"), (80, "A"), (79, "B"), (70, "B"), (69, "C"), (58, "C"), (57, "U"), (0, "U")]
        for (mark, grade) in table { #expect(try correct(mark).grade == grade, "\(mark)") }
        #expect(try correct(60, reason: "  Added in  ").reason == "Added in")
        #expect(throws: ResultQueryResolutionError.markOutOfRange(maxMark: 100)) { try correct(101) }
        #expect(throws: ResultQueryResolutionError.markOutOfRange(maxMark: 100)) { try correct(-1) }
        #expect(throws: ResultQueryResolutionError.reasonRequired) { try correct(60, reason: " \n") }
        #expect(ResultQueryResolutionError.markOutOfRange(maxMark: 100).code == "mir.bad_mark")
        #expect(ResultQueryResolutionError.reasonRequired.code == "mir.reason_required")
        #expect(try ResultQueryResolution.explained(" The candidate was absent. ", at: Self.inTime).explanation == "The candidate was absent.")
        #expect(throws: ResultQueryResolutionError.reasonRequired) { try ResultQueryResolution.explained("  ", at: Self.inTime) }
    }

    @Test func aCorrectionWithdrawsTheIndicatorsItAnswers() {
        func query(_ reason: ResultQuery.Reason, _ indicator: ResultIndicator? = nil) -> ResultQuery {
            ResultQuery(
                id: "q",
                series: "2026-06",
                centre: CentreNumber("12345")!,
                candidate: CandidateNumber("0001")!,
                component: "H240/01",
                reason: reason,
                detail: "d",
                indicator: indicator,
                requestedBy: "eo",
                status: .received,
                receivedAt: Self.inTime,
                dueAt: Self.inTime
            )
        }
        #expect(query(.missingResult).indicators(afterCorrecting: [.noResult, .pending]) == [.pending])
        #expect(query(.incompleteResult).indicators(afterCorrecting: [.noResult, .partiallyAbsent]) == [.noResult, .partiallyAbsent])
        #expect(query(.incorrectIndicator, .pending).indicators(afterCorrecting: [.pending, .ungraded]) == [.ungraded])
    }
}
