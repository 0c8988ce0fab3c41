import Foundation
import ScriptDeskCore
import ScriptDeskPDF

extension DemoBoard {
    /// The second papers the subjects need, taken in June or January; no scanned scripts.
    static let secondPapers: [Component] = [
        Component(code: "J560/02", title: "Mathematics: Foundation Paper 2", qualification: .gcse, maxMark: 100, kind: .written),
        Component(code: "J351/02", title: "English Language: Exploring Effects and Impact", qualification: .gcse, maxMark: 80, kind: .written),
        Component(code: "H240/02", title: "Mathematics A: Pure Mathematics and Statistics", qualification: .gce, maxMark: 100, kind: .written),
    ]

    /// The subjects certificated from the components: two GCSEs, whose first paper alone is
    /// less than the terminal rule's 40%, and an A level.
    static let subjects: [Subject] = [
        Subject(
            code: "J560",
            title: "Mathematics",
            qualification: .gcse,
            maxMark: 200,
            parts: [.init(component: "J560/01", weighting: 35), .init(component: "J560/02", weighting: 65)]
        ),
        Subject(
            code: "J351",
            title: "English Language",
            qualification: .gcse,
            maxMark: 160,
            parts: [.init(component: "J351/01", weighting: 50), .init(component: "J351/02", weighting: 50)]
        ),
        Subject(
            code: "H240",
            title: "Mathematics A",
            qualification: .gce,
            maxMark: 200,
            parts: [.init(component: "H240/01", weighting: 50), .init(component: "H240/02", weighting: 50)]
        ),
    ]

    /// Where candidate `index`'s second paper of a subject was taken, if at all: of those
    /// sitting GCSE Mathematics' first paper in June, a third took the second in June too
    /// (eligible), a third in January (35% in June: the terminal rule is not met) and a third
    /// not at all (a component missing); of English Language's, half in June and half not;
    /// of A level Mathematics', half in June and half in January (no terminal rule at GCE).
    static func secondPaper(of index: Int, after first: Component) -> (Component, series: String)? {
        switch first.code {
        case "J560/01":
            switch (index / 4) % 3 {
            case 0: (secondPapers[0], seriesCode)
            case 1: (secondPapers[0], earlierSeriesCode)
            default: nil
            }
        case "J351/01":
            (index / 4).isMultiple(of: 2) ? (secondPapers[1], seriesCode) : nil
        case "H240/01":
            (index / 6).isMultiple(of: 2) ? (secondPapers[2], seriesCode) : (secondPapers[2], earlierSeriesCode)
        default:
            nil
        }
    }

    /// The results of the second papers for every candidate, from a generator of their own
    /// so nothing else on the board changes.
    static func secondPaperResults(of candidates: [Candidate]) -> [ComponentResult] {
        var random = SeededGenerator(seedText: "scriptdesk-demo-board-subjects")
        var results: [ComponentResult] = []
        for candidate in candidates {
            guard let index = Int(candidate.number.rawValue), let first = entries(for: index).first,
                let (paper, series) = secondPaper(of: index, after: first)
            else { continue }
            results.append(result(for: candidate, in: paper, series: series, random: &random))
        }
        return results
    }

    /// A subject's grade boundaries in either series: the same shares of its maximum as a
    /// component of its qualification.
    static func boundaries(of subject: Subject) -> GradeBoundaries {
        boundaries(
            of: Component(code: subject.code, title: subject.title, qualification: subject.qualification, maxMark: subject.maxMark, kind: .written)
        )
    }
}
