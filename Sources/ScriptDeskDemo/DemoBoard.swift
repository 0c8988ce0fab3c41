public import Foundation
public import ScriptDeskCore
import ScriptDeskPDF
import ScriptDeskServices

/// The demo awarding body's data: centres, candidates, components, results and scripts,
/// the same on every machine for the same size and seeding day.
public struct DemoBoard: Sendable {
    /// How big a board to make.
    public struct Size: Sendable, Hashable {
        /// Centres, from one to as many as the demo names.
        public var centres: Int
        /// Candidates at each centre, 1 to 9,999.
        public var candidatesPerCentre: Int
        /// The most scanned pages a script has, 4 to 24.
        public var maximumPages: Int

        /// A size with each count held within its range.
        public init(centres: Int, candidatesPerCentre: Int, maximumPages: Int = 24) {
            self.centres = min(max(centres, 1), DemoBoard.centreNames.count)
            self.candidatesPerCentre = min(max(candidatesPerCentre, 1), 9999)
            self.maximumPages = min(max(maximumPages, 4), 24)
        }

        /// The demo: 3 centres, 300 candidates, scripts of 4 to 24 pages.
        public static let standard = Size(centres: 3, candidatesPerCentre: 100)
        /// A board for tests: a few candidates with four-page scripts.
        public static let small = Size(centres: 2, candidatesPerCentre: 3, maximumPages: 4)
    }

    /// The code of the demo series, June 2026.
    public static let seriesCode = "2026-06"

    /// The one series, its calendar set around the seeding day.
    public var series: Series
    /// The centres, with their exams officers' addresses.
    public var centres: [Centre]
    /// The components candidates are entered for.
    public var components: [Component]
    /// Every candidate of every centre.
    public var candidates: [Candidate]
    /// Every candidate's result for each component entered.
    public var results: [ComponentResult]
    /// A script for each result with a marked script.
    public var scripts: [Script]

    /// Lays out a board whose calendar has post-results services open at `seededAt`, with
    /// its archive under `archiveRoot` (an archive root whose path a URL template cannot take throws).
    public init(size: Size, seededAt: Date, archiveRoot: String) throws {
        series = Series(
            code: Self.seriesCode,
            name: "June 2026",
            calendar: Self.calendar(around: seededAt),
            archiveURLTemplate: URL(fileURLWithPath: archiveRoot).absoluteString + "{series}/{component}/{centre}/{candidate}/"
        )
        components = Self.components
        centres = Self.centreNames.prefix(size.centres).map {
            Centre(number: CentreNumber($0.number)!, name: $0.name, examsOfficerEmail: Self.examsOfficerEmail(of: $0.name))
        }
        var random = SeededGenerator(seedText: "scriptdesk-demo-board")
        var candidates: [Candidate] = []
        var results: [ComponentResult] = []
        var scripts: [Script] = []
        for centre in centres {
            for index in 1...size.candidatesPerCentre {
                let candidate = Self.candidate(index, of: centre, random: &random)
                candidates.append(candidate)
                for component in Self.entries(for: index) {
                    let result = Self.result(for: candidate, in: component, random: &random)
                    results.append(result)
                    guard result.hasMarkedScript else { continue }
                    scripts.append(
                        Script(
                            series: Self.seriesCode,
                            centre: centre.number,
                            candidate: candidate.number,
                            component: component.code,
                            location: try series.archiveFolderURL(component: component.code, centre: centre.number, candidate: candidate.number),
                            pageCount: Self.pageCount(maximum: size.maximumPages, random: &random)
                        )
                    )
                }
            }
        }
        self.candidates = candidates
        self.results = results
        self.scripts = scripts
    }

    /// Results a week ago; priority copies open for another week, teaching copies for two months.
    static func calendar(around now: Date) -> SeriesCalendar {
        let day: TimeInterval = 86_400
        return SeriesCalendar(
            resultsDay: now - 7 * day,
            priorityScriptDeadline: now + 7 * day,
            priorityReviewDeadline: now + 7 * day,
            finalEnquiryDeadline: now + 30 * day,
            teachingCopyDeadline: now + 60 * day,
            lateCertificationDeadline: now + 30 * day,
            scriptRetentionEnd: now + 180 * day
        )
    }

    /// `exams-officer@northgate-academy.invalid`: an address at a domain reserved never to exist.
    static func examsOfficerEmail(of centreName: String) -> String {
        let words = centreName.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return "exams-officer@\(words.joined(separator: "-")).invalid"
    }

    /// Mostly 6 to 12 pages, sometimes as few as 4 or as many as the maximum.
    static func pageCount(maximum: Int, random: inout SeededGenerator) -> Int {
        let typical = Int.random(in: 6...12, using: &random)
        let roll = Double.random(in: 0...1, using: &random)
        let pages = roll < 0.1 ? Int.random(in: 4...7, using: &random) : roll > 0.9 ? Int.random(in: 17...24, using: &random) : typical
        return min(max(pages, 4), maximum)
    }
}
