import Foundation
import Testing

@testable import ScriptDeskCore

/// Late certification's rules at every edge, in both policy profiles: the series (January
/// and June only), the window to the second, one certification per subject, every
/// component held, the terminal rule exactly at its share and just under; and the cash-in's
/// arithmetic against hand-worked cases, boundaries met exactly included.
@Suite struct CertificationRulesTests {
    static let resultsDay = Date(timeIntervalSince1970: 1_786_608_000)  // 2026-08-13T08:00:00Z
    static let day: TimeInterval = 86_400
    static let calendar = SeriesCalendar(
        resultsDay: resultsDay,
        priorityScriptDeadline: resultsDay + 7 * day,
        priorityReviewDeadline: resultsDay + 10 * day,
        finalEnquiryDeadline: resultsDay + 35 * day,
        teachingCopyDeadline: resultsDay + 60 * day,
        lateCertificationDeadline: resultsDay + 30 * day,
        scriptRetentionEnd: resultsDay + 180 * day
    )
    static let profiles = Policy.Profile.allCases
    static let inTime = resultsDay + 2 * day

    /// GCSE Mathematics: two papers, 40% and 60%, on a subject scale of 200.
    static let maths = Subject(
        code: "J560",
        title: "Mathematics",
        qualification: .gcse,
        maxMark: 200,
        parts: [.init(component: "J560/01", weighting: 40), .init(component: "J560/02", weighting: 60)]
    )

    static func held(_ component: String, _ mark: Int, of maxMark: Int = 100, in series: String = "2026-06") -> (String, CashIn.Held) {
        (component, CashIn.Held(mark: mark, maxMark: maxMark, series: series))
    }

    static func facts(
        series: String = "2026-06",
        subject: Subject = maths,
        held: [(String, CashIn.Held)] = [held("J560/01", 50), held("J560/02", 60)],
        certificatedIn: String? = nil
    ) -> CertificationRules.Facts {
        CertificationRules.Facts(
            series: series,
            calendar: calendar,
            subject: subject,
            held: Dictionary(uniqueKeysWithValues: held),
            certificatedIn: certificatedIn
        )
    }

    static func outcome(_ facts: CertificationRules.Facts, at now: Date = inTime, _ profile: Policy.Profile) -> String {
        do {
            try CertificationRules.decide(facts, policy: Policy.profile(profile).certification, now: now)
            return "accepted"
        } catch {
            return error.code
        }
    }

    @Test(arguments: profiles)
    func onlyJanuaryAndJuneSeriesAreEligible(profile: Policy.Profile) {
        let table: [(String, String)] = [
            ("2026-01", "accepted"),
            ("2026-06", "accepted"),
            ("2026-11", "certification.series_not_eligible"),
            ("2026-05", "certification.series_not_eligible"),
            ("June", "certification.series_not_eligible"),
        ]
        for (series, expected) in table {
            let held = [Self.held("J560/01", 50, in: series), Self.held("J560/02", 60, in: series)]
            #expect(Self.outcome(Self.facts(series: series, held: held), profile) == expected, "\(series)")
        }
    }

    @Test(arguments: profiles)
    func theWindowOpensOnResultsDayAndClosesASecondAfterTheDeadline(profile: Policy.Profile) throws {
        let deadline = Self.calendar.lateCertificationDeadline
        let table: [(Date, String)] = [
            (Self.resultsDay - 1, "certification.not_open"),
            (Self.resultsDay, "accepted"),
            (deadline, "accepted"),
            (deadline + 1, "certification.deadline_passed"),
        ]
        for (now, expected) in table {
            #expect(Self.outcome(Self.facts(), at: now, profile) == expected, "\(now)")
        }
        let refusal = try #require(throws: CertificationRefusal.self) {
            try CertificationRules.decide(Self.facts(), policy: Policy.profile(profile).certification, now: deadline + 1)
        }
        #expect(refusal.message.contains(ISO8601.string(from: deadline)))
    }

    @Test(arguments: profiles)
    func aSubjectIsCertificatedOnce(profile: Policy.Profile) throws {
        #expect(Self.outcome(Self.facts(certificatedIn: "2026-01"), profile) == "certification.already_certificated")
        #expect(Self.outcome(Self.facts(certificatedIn: nil), profile) == "accepted")
    }

    @Test(arguments: profiles)
    func everyComponentMustBeHeldAndTheMissingAreNamed(profile: Policy.Profile) throws {
        let policy = Policy.profile(profile).certification
        let refusal = try #require(throws: CertificationRefusal.self) {
            try CertificationRules.decide(Self.facts(held: [Self.held("J560/02", 60)]), policy: policy, now: Self.inTime)
        }
        #expect(refusal == .componentsMissing(["J560/01"]))
        #expect(refusal.message.contains("J560/01"))
        let none = try #require(throws: CertificationRefusal.self) {
            try CertificationRules.decide(Self.facts(held: []), policy: policy, now: Self.inTime)
        }
        #expect(none == .componentsMissing(["J560/01", "J560/02"]))
    }

    @Test(arguments: profiles)
    func theTerminalRuleIsMetAtExactlyItsShareAndNotJustUnder(profile: Policy.Profile) throws {
        let policy = Policy.profile(profile).certification
        #expect(policy.terminalRuleShare == 40)
        // 40% in June (the first paper), 60% in January: exactly the share.
        let exactly = Self.facts(held: [Self.held("J560/01", 50), Self.held("J560/02", 60, in: "2026-01")])
        #expect(try CertificationRules.decide(exactly, policy: policy, now: Self.inTime) == 40)
        // 39% in June: just under.
        var underSubject = Self.maths
        underSubject.parts = [.init(component: "J560/01", weighting: 39), .init(component: "J560/02", weighting: 61)]
        let under = Self.facts(subject: underSubject, held: [Self.held("J560/01", 50), Self.held("J560/02", 60, in: "2026-01")])
        let refusal = try #require(throws: CertificationRefusal.self) {
            try CertificationRules.decide(under, policy: policy, now: Self.inTime)
        }
        #expect(refusal == .terminalRule(taken: 39, required: 40))
        #expect(refusal.message.contains("39%") && refusal.message.contains("40%"))
        // The same candidate asking in January, where 61% was taken, meets it.
        let january = Self.facts(
            series: "2026-01",
            subject: underSubject,
            held: [Self.held("J560/01", 50, in: "2025-06"), Self.held("J560/02", 60, in: "2026-01")]
        )
        #expect(Self.outcome(january, at: Self.inTime, profile) == "accepted")
        // The rule is GCSE's: a GCE subject with nothing taken in June is accepted.
        var gce = underSubject
        gce.qualification = .gce
        let gceFacts = Self.facts(subject: gce, held: [Self.held("J560/01", 50, in: "2026-01"), Self.held("J560/02", 60, in: "2026-01")])
        #expect(Self.outcome(gceFacts, profile) == "accepted")
        var shortCourse = underSubject
        shortCourse.qualification = .gcseShortCourse
        #expect(Self.outcome(Self.facts(subject: shortCourse, held: under.held.map { ($0.key, $0.value) }), profile) == "certification.terminal_rule")
    }

    @Test func theTerminalShareIsASetting() throws {
        var policy = Policy.interchange.certification
        policy.terminalRuleShare = 100
        let facts = Self.facts(held: [Self.held("J560/01", 50), Self.held("J560/02", 60, in: "2026-01")])
        #expect(throws: CertificationRefusal.terminalRule(taken: 40, required: 100)) {
            try CertificationRules.decide(facts, policy: policy, now: Self.inTime)
        }
    }

    // MARK: The cash-in

    /// Worked by hand: 50/100 at 40% of 200 is 40; 60/100 at 60% of 200 is 72; 112 in all.
    @Test func aCashInWeightsEachComponentToItsShare() throws {
        let held = Dictionary(uniqueKeysWithValues: [Self.held("J560/01", 50), Self.held("J560/02", 60)])
        #expect(CashIn.weightedMark(of: Self.maths, holding: held) == 112)
    }

    /// 57/80 at 40% of 200 is 57; 41/70 at 60% of 200 is 70.2857…; 127.2857… rounds to 127.
    /// 57/80 and 42/70 give 57 + 72 = 129 exactly. 45/60 at 30% of 100 is 22.5, 30/60 at 30%
    /// is 15, 50/80 at 40% is 25: 62.5, which rounds half up to 63.
    @Test func contributionsAreAddedExactlyAndRoundedOnceHalfUp() throws {
        #expect(CashIn.weightedMark(of: Self.maths, holding: Self.marks([("J560/01", 57, 80), ("J560/02", 41, 70)])) == 127)
        #expect(CashIn.weightedMark(of: Self.maths, holding: Self.marks([("J560/01", 57, 80), ("J560/02", 42, 70)])) == 129)
        let three = Subject(
            code: "J999",
            title: "Three papers",
            qualification: .gcse,
            maxMark: 100,
            parts: [.init(component: "A", weighting: 30), .init(component: "B", weighting: 30), .init(component: "C", weighting: 40)]
        )
        #expect(CashIn.weightedMark(of: three, holding: Self.marks([("A", 45, 60), ("B", 30, 60), ("C", 50, 80)])) == 63)
        #expect(CashIn.weightedMark(of: three, holding: Self.marks([("A", 60, 60), ("B", 60, 60), ("C", 80, 80)])) == 100)
        #expect(CashIn.weightedMark(of: three, holding: Self.marks([("A", 0, 60), ("B", 0, 60), ("C", 0, 80)])) == 0)
        #expect(CashIn.weightedMark(of: three, holding: Self.marks([("A", 45, 60), ("B", 30, 60)])) == nil)
    }

    @Test func aBoundaryMetExactlyEarnsItsGrade() throws {
        let boundaries = try GradeBoundaries([.init(grade: "5", lowestMark: 112), .init(grade: "4", lowestMark: 90)])
        let at = Self.marks([("J560/01", 50, 100), ("J560/02", 60, 100)])
        #expect(CashIn.award(Self.maths, holding: at, boundaries: boundaries) == CashIn.Award(mark: 112, grade: "5"))
        // One raw mark fewer on the second paper is 1.2 weighted marks fewer: 110.8, 111.
        let under = Self.marks([("J560/01", 50, 100), ("J560/02", 59, 100)])
        #expect(CashIn.award(Self.maths, holding: under, boundaries: boundaries) == CashIn.Award(mark: 111, grade: "4"))
    }

    @Test func theMarksHeldAreEachComponentsLatestUpToTheSeries() throws {
        let centre = CentreNumber("12345")!
        let candidate = CandidateNumber("0001")!
        func result(_ series: String, _ component: String, _ mark: Int?) -> ComponentResult {
            ComponentResult(
                series: series,
                centre: centre,
                candidate: candidate,
                component: component,
                mark: mark,
                grade: nil,
                indicators: mark == nil ? [.noResult] : [],
                specialConsideration: false
            )
        }
        let results = [
            result("2025-06", "J560/01", 30), result("2026-01", "J560/01", 44), result("2026-11", "J560/01", 70),
            result("2026-06", "J560/02", nil), result("2025-06", "J560/02", 20),
        ]
        let held = CashIn.held(from: results, maxMarks: ["J560/01": 100, "J560/02": 100], upTo: "2026-06")
        #expect(held["J560/01"] == CashIn.Held(mark: 44, maxMark: 100, series: "2026-01"))
        #expect(held["J560/02"] == CashIn.Held(mark: 20, maxMark: 100, series: "2025-06"))
        #expect(CashIn.share(of: Self.maths, holding: held, takenIn: "2026-06") == 0)
        #expect(CashIn.share(of: Self.maths, holding: held, takenIn: "2026-01") == 40)
    }

    static func marks(_ list: [(String, Int, Int)]) -> [String: CashIn.Held] {
        Dictionary(uniqueKeysWithValues: list.map { ($0.0, CashIn.Held(mark: $0.1, maxMark: $0.2, series: "2026-06")) })
    }
}
