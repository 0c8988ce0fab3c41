import Foundation
import Testing

@testable import ScriptDeskCore

/// The enquiry rules at every edge, in both policy profiles: what each service may be about,
/// eligibility by qualification and component kind, each deadline to the second, consent
/// dates, one review of marking per candidate, the due date and fee, and an outcome's grade,
/// fee waiver and appeal window to the second.
@Suite struct EnquiryRulesTests {
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

    static func component(_ kind: Component.Kind = .written, _ qualification: QualificationType = .gce) -> Component {
        Component(code: "H240/01", title: "Pure mathematics", qualification: qualification, maxMark: 100, kind: kind)
    }

    static let result = ComponentResult(
        series: "2026-06",
        centre: CentreNumber("12345")!,
        candidate: CandidateNumber("0001")!,
        component: "H240/01",
        mark: 58,
        grade: "C",
        indicators: [],
        specialConsideration: false
    )

    static func facts(
        _ service: EnquiryService = .reviewOfMarking,
        component: Component = component(),
        result: ComponentResult? = result,
        namesCandidate: Bool = true,
        consent: EnquiryConsent? = EnquiryConsent(candidateAgreed: true, obtainedAt: resultsDay + 3_600, acknowledgesMarksMayGoDown: true),
        alreadyReviewed: Bool = false
    ) -> EnquiryRules.Facts {
        EnquiryRules.Facts(
            service: service,
            component: component,
            result: result,
            namesCandidate: namesCandidate,
            consent: consent,
            alreadyReviewed: alreadyReviewed,
            calendar: calendar
        )
    }

    static func outcome(_ facts: EnquiryRules.Facts, at now: Date, _ profile: Policy.Profile) -> String {
        do {
            _ = try EnquiryRules.decide(facts, policy: Policy.profile(profile).enquiries, now: now)
            return "accepted"
        } catch {
            return error.code
        }
    }

    static let inTime = resultsDay + 2 * day

    /// (service, component kind, qualification, expected) at a time every deadline allows.
    static let eligibility: [(EnquiryService, Component.Kind, QualificationType, String)] = [
        (.clericalCheck, .written, .gcse, "accepted"),
        (.clericalCheck, .objectiveTest, .gcse, "accepted"),
        (.reviewOfMarking, .written, .gcse, "accepted"),
        (.reviewOfMarking, .objectiveTest, .gce, "enquiry.not_eligible"),
        (.reviewOfMarking, .moderated, .gce, "accepted"),
        (.priorityReviewOfMarking, .written, .gce, "accepted"),
        (.priorityReviewOfMarking, .written, .gcse, "enquiry.not_eligible"),
        (.priorityReviewOfMarking, .written, .level3Certificate, "enquiry.not_eligible"),
        (.priorityReviewOfMarking, .objectiveTest, .gce, "enquiry.not_eligible"),
    ]

    @Test(arguments: profiles)
    func eligibilityByQualificationAndComponentKind(profile: Policy.Profile) {
        for (service, kind, qualification, expected) in Self.eligibility {
            let found = Self.outcome(Self.facts(service, component: Self.component(kind, qualification)), at: Self.inTime, profile)
            #expect(found == expected, "\(service) of a \(kind) \(qualification) component in \(profile)")
        }
    }

    @Test(arguments: profiles)
    func aReviewOfModerationCoversTheCohortOfAModeratedComponentWithoutConsent(profile: Policy.Profile) {
        let moderated = Self.component(.moderated)
        let cohort = Self.facts(.reviewOfModeration, component: moderated, result: nil, namesCandidate: false, consent: nil)
        #expect(Self.outcome(cohort, at: Self.inTime, profile) == "accepted")
        var named = cohort
        named.namesCandidate = true
        named.result = Self.result
        #expect(Self.outcome(named, at: Self.inTime, profile) == "enquiry.moderation_needs_cohort")
        for kind in [Component.Kind.written, .objectiveTest] {
            #expect(
                Self.outcome(
                    Self.facts(.reviewOfModeration, component: Self.component(kind), result: nil, namesCandidate: false, consent: nil),
                    at: Self.inTime,
                    profile
                ) == "enquiry.not_moderated"
            )
        }
    }

    @Test(arguments: profiles)
    func eachDeadlineToTheSecond(profile: Policy.Profile) {
        for service in EnquiryService.allCases {
            var facts = Self.facts(service)
            if service == .reviewOfModeration {
                facts = Self.facts(service, component: Self.component(.moderated), result: nil, namesCandidate: false, consent: nil)
            }
            let deadline = Self.calendar[EnquiryRules.deadlineMilestone(for: service)]
            #expect(Self.outcome(facts, at: Self.resultsDay - 1, profile) == "enquiry.not_open", "\(service) before results")
            #expect(
                Self.outcome(facts, at: Self.resultsDay, profile) == (service.isAboutOneCandidate ? "enquiry.consent_invalid" : "accepted"),
                "\(service) at results day: consent an hour later is in the future"
            )
            #expect(Self.outcome(facts, at: deadline, profile) == "accepted", "\(service) at its deadline")
            #expect(Self.outcome(facts, at: deadline + 1, profile) == "enquiry.deadline_passed", "\(service) a second late")
        }
        #expect(EnquiryRules.deadlineMilestone(for: .priorityReviewOfMarking) == .priorityReviewDeadline)
        #expect(EnquiryRules.deadlineMilestone(for: .clericalCheck) == .finalEnquiryDeadline)
    }

    @Test(arguments: profiles)
    func consentIsRequiredWithTheWarningAndDatedBetweenResultsAndNow(profile: Policy.Profile) {
        let at = Self.inTime
        func consent(_ agreed: Bool = true, _ obtainedAt: Date = Self.resultsDay, _ acknowledged: Bool = true) -> EnquiryConsent {
            EnquiryConsent(candidateAgreed: agreed, obtainedAt: obtainedAt, acknowledgesMarksMayGoDown: acknowledged)
        }
        let cases: [(EnquiryConsent?, String)] = [
            (nil, "enquiry.consent_missing"),
            (consent(false), "enquiry.consent_missing"),
            (consent(true, Self.resultsDay, false), "enquiry.consent_missing"),
            (consent(true, Self.resultsDay - 1), "enquiry.consent_invalid"),
            (consent(true, Self.resultsDay), "accepted"),
            (consent(true, at), "accepted"),
            (consent(true, at + 1), "enquiry.consent_invalid"),
        ]
        for service in [EnquiryService.clericalCheck, .reviewOfMarking, .priorityReviewOfMarking] {
            for (given, expected) in cases {
                #expect(Self.outcome(Self.facts(service, consent: given), at: at, profile) == expected, "\(service), \(String(describing: given))")
            }
        }
    }

    @Test(arguments: profiles)
    func oneReviewOfMarkingPerCandidateAndComponent(profile: Policy.Profile) {
        #expect(Self.outcome(Self.facts(.reviewOfMarking, alreadyReviewed: true), at: Self.inTime, profile) == "enquiry.already_reviewed")
        #expect(Self.outcome(Self.facts(.priorityReviewOfMarking, alreadyReviewed: true), at: Self.inTime, profile) == "enquiry.already_reviewed")
        #expect(Self.outcome(Self.facts(.clericalCheck, alreadyReviewed: true), at: Self.inTime, profile) == "accepted")
        #expect(Self.outcome(Self.facts(.reviewOfMarking, result: nil), at: Self.inTime, profile) == "enquiry.no_result")
    }

    @Test(arguments: profiles)
    func theDueDateAndFeeComeFromThePolicy(profile: Policy.Profile) throws {
        let policy = Policy.profile(profile).enquiries
        let expected: [EnquiryService: Int] = [.clericalCheck: 10, .reviewOfMarking: 20, .priorityReviewOfMarking: 15, .reviewOfModeration: 35]
        for service in [EnquiryService.clericalCheck, .reviewOfMarking, .priorityReviewOfMarking] {
            let decision = try EnquiryRules.decide(Self.facts(service), policy: policy, now: Self.inTime)
            #expect(decision.dueDate == Self.inTime + TimeInterval(expected[service]!) * Self.day)
            #expect(decision.feeInPence == policy.feesInPence[service] && decision.feeInPence > 0)
        }
        var changed = policy
        changed.turnaroundDays[.clericalCheck] = 3
        changed.feesInPence[.clericalCheck] = 999
        let decision = try EnquiryRules.decide(Self.facts(.clericalCheck), policy: changed, now: Self.inTime)
        #expect(decision.dueDate == Self.inTime + 3 * Self.day && decision.feeInPence == 999, "numbers are settings, not code")
    }

    @Test func refusalsSayWhatToDo() {
        let late = EnquiryRefusal.deadlinePassed(milestone: .priorityReviewDeadline, deadline: Self.calendar.priorityReviewDeadline)
        #expect(late.message.contains("priority review deadline") && late.message.contains("2026-08-23T08:00:00Z"))
        let objective = Self.outcome(Self.facts(.reviewOfMarking, component: Self.component(.objectiveTest)), at: Self.inTime, .interchange)
        #expect(objective == "enquiry.not_eligible")
        do {
            _ = try EnquiryRules.decide(
                Self.facts(.priorityReviewOfMarking, component: Self.component(.written, .gcse)),
                policy: .profile(.interchange),
                now: Self.inTime
            )
            Issue.record("a priority review of a GCSE component was accepted")
        } catch {
            #expect(error.message.hasPrefix("A priority review of marking is not offered here: priority reviews are for GCE components only"))
        }
    }

    static let boundaries = try! GradeBoundaries(
        [
            .init(grade: "A*", lowestMark: 90), .init(grade: "A", lowestMark: 80), .init(grade: "B", lowestMark: 70),
            .init(grade: "C", lowestMark: 58), .init(grade: "E", lowestMark: 30),
        ]
    )

    @Test func gradesComeFromTheBoundariesAtEveryEdge() throws {
        let table: [(Int, String)] = [(100, "A*"), (90, "A*"), (89, "A"), (80, "A"), (79, "B"), (58, "C"), (57, "E"), (30, "E"), (29, "U"), (0, "U")]
        for (mark, grade) in table { #expect(Self.boundaries.grade(for: mark) == grade, "\(mark)") }
        #expect(throws: GradeBoundariesError.ambiguous) {
            try GradeBoundaries([.init(grade: "A", lowestMark: 80), .init(grade: "B", lowestMark: 80)])
        }
        #expect(throws: GradeBoundariesError.ambiguous) {
            try GradeBoundaries([.init(grade: "A", lowestMark: 80), .init(grade: "A", lowestMark: 70)])
        }
    }

    @Test func anOutcomeIsGradedByTheSameBoundariesAndWaivesTheFeeOnAGradeChange() throws {
        func outcome(_ mark: Int) throws -> EnquiryOutcome {
            try EnquiryOutcome(
                previousMark: 58,
                previousGrade: "C",
                mark: mark,
                maxMark: 100,
                boundaries: Self.boundaries,
                reason: "Reviewed",
                receivedAt: Self.inTime
            )
        }
        #expect(try outcome(58).grade == "C" && !(try outcome(58).gradeChanged) && (try outcome(58).feeOwed(4_600)) == 4_600)
        #expect(try outcome(69).grade == "C" && (try outcome(69).feeOwed(4_600)) == 4_600, "a mark up within the grade is charged")
        #expect(try outcome(70).grade == "B" && (try outcome(70).feeOwed(4_600)) == 0, "a grade up is free")
        #expect(try outcome(57).grade == "E" && (try outcome(57).feeOwed(4_600)) == 0, "a grade down is free too")
        #expect(throws: EnquiryOutcomeError.markOutOfRange(maxMark: 100)) { try outcome(101) }
        #expect(throws: EnquiryOutcomeError.markOutOfRange(maxMark: 100)) { try outcome(-1) }
        #expect(throws: EnquiryOutcomeError.reasonRequired) {
            try EnquiryOutcome(
                previousMark: 58,
                previousGrade: "C",
                mark: 58,
                maxMark: 100,
                boundaries: Self.boundaries,
                reason: "  ",
                receivedAt: Self.inTime
            )
        }
    }

    @Test func theAppealWindowToTheSecondInEachProfile() {
        let received = Self.inTime
        let interchange = Policy.profile(.interchange).enquiries
        let jcq = Policy.profile(.jcqCurrent).enquiries
        #expect(interchange.appealBy(outcomeReceivedAt: received) == received + 14 * Self.day)
        #expect(jcq.appealBy(outcomeReceivedAt: received) == received + 30 * Self.day)
        #expect(!interchange.appealsByHeadOfCentre && jcq.appealsByHeadOfCentre)
    }

    @Test func feesAreWrittenInPoundsAndPence() {
        let table: [(Int, String)] = [(0, "0.00"), (5, "0.05"), (1_250, "12.50"), (4_600, "46.00"), (18_000, "180.00"), (-250, "-2.50")]
        for (pence, text) in table { #expect(Money.pounds(pence) == text) }
    }
}
