import Foundation
import ScriptDeskCore
import ScriptDeskPDF

extension DemoBoard {
    static let centreNames: [(number: String, name: String)] = [
        ("12345", "Northgate Academy"),
        ("23456", "Riverside Sixth Form College"),
        ("34567", "St Aidan's School"),
        ("45678", "Harbourside College"),
        ("56789", "Millbrook High School"),
    ]

    static let components: [Component] = [
        Component(code: "H240/01", title: "Mathematics A: Pure Mathematics", qualification: .gce, maxMark: 100, kind: .written),
        Component(code: "H420/02", title: "Biology A: Biological Diversity", qualification: .gce, maxMark: 100, kind: .written),
        Component(code: "H472/01", title: "English Literature: Drama and Poetry pre-1900", qualification: .gce, maxMark: 60, kind: .written),
        Component(code: "J560/01", title: "Mathematics: Foundation Paper 1", qualification: .gcse, maxMark: 100, kind: .written),
        Component(code: "J351/01", title: "English Language: Communicating Information", qualification: .gcse, maxMark: 80, kind: .written),
        Component(code: "PL301/01", title: "Principal Learning in Engineering", qualification: .level3PrincipalLearning, maxMark: 90, kind: .written),
        Component(
            code: "L3C/01",
            title: "Level 3 Certificate in Mathematical Studies",
            qualification: .level3Certificate,
            maxMark: 80,
            kind: .written
        ),
        Component(code: "PL201/01", title: "Principal Learning in IT", qualification: .principalLearning, maxMark: 60, kind: .written),
        Component(code: "H446/03", title: "Computer Science: Programming Project", qualification: .gce, maxMark: 70, kind: .moderated),
        Component(code: "J260/OT", title: "Combined Science: Multiple-choice Test", qualification: .gcse, maxMark: 40, kind: .objectiveTest),
    ]

    /// The components assessed other than by a written paper that candidate `index` also
    /// takes: a moderated project for every other sixth-former, a multiple-choice test for
    /// every other GCSE candidate. Neither has a scanned script.
    static func assessedOtherwise(_ index: Int) -> [Component] {
        switch index % 4 {
        case 2: [components[8]]
        case 3: [components[9]]
        default: []
        }
    }

    /// A centre's two decided enquiries: a clerical check of June's first GCE written result
    /// with a mark, which found a mark not added in (outcome received 3 days before
    /// seeding), and one of January's first result, which found nothing wrong (20 days before).
    static func decidedEnquiries(of centre: CentreNumber, results: [ComponentResult], seededAt: Date) -> [Enquiry] {
        let day: TimeInterval = 86_400
        let written = Set(components.filter { $0.kind == .written && $0.qualification == .gce }.map(\.code))
        let june = results.first { $0.centre == centre && $0.series == seriesCode && written.contains($0.component) && $0.mark != nil }
        let january = results.first { $0.centre == centre && $0.series == earlierSeriesCode && $0.mark != nil }
        let cases: [(ComponentResult?, receivedDaysAgo: Double, decidedDaysAgo: Double, found: Int, reason: String)] = [
            (june, 6, 3, 1, "One mark on page 3 was not added into the total."),
            (january, 30, 20, 0, "The marks were added up and recorded correctly."),
        ]
        return cases.compactMap { result, receivedDaysAgo, decidedDaysAgo, found, reason in
            guard let result, let mark = result.mark, let component = components.first(where: { $0.code == result.component }) else { return nil }
            let receivedAt = seededAt - receivedDaysAgo * day
            let newMark = min(mark + found, component.maxMark)
            let boundaries = boundaries(of: component)
            return Enquiry(
                id: "demo-\(result.series)-\(centre.rawValue)-\(result.candidate.rawValue)",
                series: result.series,
                centre: centre,
                candidate: result.candidate,
                component: result.component,
                service: .clericalCheck,
                consent: EnquiryConsent(candidateAgreed: true, obtainedAt: receivedAt - 3_600, acknowledgesMarksMayGoDown: true),
                requestedBy: "demo-exams-officer-\(centre.rawValue)",
                status: .decided,
                receivedAt: receivedAt,
                dueAt: receivedAt + 10 * day,
                feeInPence: 1_250,
                outcome: EnquiryOutcome(
                    previousMark: mark,
                    previousGrade: result.grade ?? boundaries.grade(for: mark),
                    mark: newMark,
                    grade: boundaries.grade(for: newMark),
                    reason: reason,
                    receivedAt: seededAt - decidedDaysAgo * day
                )
            )
        }
    }

    static let firstNames = [
        "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo", "Freya", "Oscar", "Lily", "Harry",
        "Grace", "Muhammad", "Sophia", "Jack", "Aisha", "Theo", "Zara", "Finley", "Priya", "Kai", "Erin", "Tomasz", "Chloe", "Yusuf",
    ]
    static let lastNames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright", "Thompson",
        "Evans", "Walker", "Khan", "Roberts", "Green", "Hall", "Wood", "Nowak", "Clarke", "Okafor", "Hughes", "Edwards",
    ]

    /// Even-numbered candidates are in the sixth form (GCE and Level 3), odd ones take GCSE
    /// and Principal Learning; every qualification type appears.
    static func entries(for index: Int) -> [Component] {
        if index.isMultiple(of: 2) {
            let gce = components[(index / 2) % 3]
            let second = index.isMultiple(of: 4) ? components[5 + (index / 4) % 2] : components[(index / 2 + 1) % 3]
            return [gce, second]
        }
        let gcse = components[3 + (index / 2) % 2]
        return index % 3 == 0 ? [gcse, components[7]] : [gcse, components[3 + (index / 2 + 1) % 2]]
    }

    static func candidate(_ index: Int, of centre: Centre, random: inout SeededGenerator) -> Candidate {
        let first = firstNames.randomElement(using: &random)!
        let last = lastNames.randomElement(using: &random)!
        let number = CandidateNumber(String(format: "%04d", index))!
        return Candidate(centre: centre.number, number: number, uci: "\(centre.number)U26\(number)\(index % 10)", name: "\(first) \(last)")
    }

    /// A mark and grade, with some X, #, Q and U indicators and some special consideration.
    static func result(
        for candidate: Candidate,
        in component: Component,
        series: String = seriesCode,
        random: inout SeededGenerator
    ) -> ComponentResult {
        let roll = Double.random(in: 0...1, using: &random)
        var result = ComponentResult(
            series: series,
            centre: candidate.centre,
            candidate: candidate.number,
            component: component.code,
            mark: nil,
            grade: nil,
            indicators: [],
            specialConsideration: false
        )
        if roll < 0.03 {
            result.indicators = [.noResult]
            return result
        }
        let mark = Int((Double.random(in: 0.15...0.97, using: &random) * Double(component.maxMark)).rounded())
        result.mark = mark
        result.grade = grade(mark: mark, of: component)
        if roll < 0.06 { result.indicators.append(.partiallyAbsent) }
        if (0.06..<0.08).contains(roll) { result.indicators.append(.pending) }
        if result.grade == "U" { result.indicators.append(.ungraded) }
        result.specialConsideration = Double.random(in: 0...1, using: &random) < 0.04
        return result
    }

    /// The series' grade boundaries of `component`: shares of its maximum mark, GCSE graded
    /// 9 to 2 and everything else A* to E.
    static func boundaries(of component: Component) -> GradeBoundaries {
        let shares: [(Double, String)] =
            component.qualification == .gcse
            ? [(0.85, "9"), (0.75, "8"), (0.65, "7"), (0.55, "6"), (0.45, "5"), (0.35, "4"), (0.25, "3"), (0.2, "2")]
            : [(0.8, "A*"), (0.7, "A"), (0.6, "B"), (0.5, "C"), (0.4, "D"), (0.3, "E")]
        // The lowest whole mark at or above each share (a share such as 0.85 of 100 is not
        // exact in binary, hence the small allowance before rounding up).
        let boundaries = shares.map { share, grade in
            GradeBoundaries.Boundary(grade: grade, lowestMark: Int((share * Double(component.maxMark) - 1e-9).rounded(.up)))
        }
        // Distinct grades and marks by construction for any maximum of 20 or more.
        return try! GradeBoundaries(boundaries)
    }

    static func grade(mark: Int, of component: Component) -> String {
        boundaries(of: component).grade(for: mark)
    }
}
