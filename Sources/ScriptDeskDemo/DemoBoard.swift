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
    /// The code of the earlier series, January 2026, whose deadlines have all passed.
    public static let earlierSeriesCode = "2026-01"

    /// The series whose post-results services are open, its calendar set around the seeding day.
    public var series: Series
    /// January's series: results and scripts for some of the same candidates, every deadline
    /// passed, scripts still held.
    public var earlierSeries: Series
    /// The centres, with their exams officers' addresses.
    public var centres: [Centre]
    /// The components candidates are entered for.
    public var components: [Component]
    /// The subjects certificated from the components.
    public var subjects: [Subject]
    /// Every candidate of every centre.
    public var candidates: [Candidate]
    /// Every candidate's result for each component entered.
    public var results: [ComponentResult]
    /// A script for each result with a marked script, in either series.
    public var scripts: [Script]
    /// Each centre's enquiries already decided: one whose outcome was received 3 days before
    /// seeding (June's, still open to appeal) and one 20 days before (January's, past the
    /// 14-day window), so both sides of the appeal window can be tried.
    public var decidedEnquiries: [Enquiry]

    /// Lays out a board whose calendar has post-results services open at `seededAt`, with
    /// its archive under `archiveRoot` (an archive root whose path a URL template cannot take throws).
    public init(size: Size, seededAt: Date, archiveRoot: String) throws {
        let archiveURLTemplate = URL(fileURLWithPath: archiveRoot).absoluteString + "{series}/{component}/{centre}/{candidate}/"
        series = Series(code: Self.seriesCode, name: "June 2026", calendar: Self.calendar(around: seededAt), archiveURLTemplate: archiveURLTemplate)
        earlierSeries = Series(
            code: Self.earlierSeriesCode,
            name: "January 2026",
            calendar: Self.earlierCalendar(before: seededAt),
            archiveURLTemplate: archiveURLTemplate
        )
        components = Self.components + Self.secondPapers
        subjects = Self.subjects
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
                    scripts.append(try Self.script(of: result, in: series, size: size, random: &random))
                }
            }
        }
        // What follows draws on a generator of its own, so June's written results and
        // scripts above stay as they were before it was added.
        var more = SeededGenerator(seedText: "scriptdesk-demo-board-more")
        var decided: [Enquiry] = []
        for centre in centres {
            for index in 1...size.candidatesPerCentre {
                let candidate = candidates.first { $0.centre == centre.number && $0.number.rawValue == String(format: "%04d", index) }!
                for component in Self.assessedOtherwise(index) {
                    results.append(Self.result(for: candidate, in: component, series: Self.seriesCode, random: &more))
                }
                guard index % 5 == 1, let component = Self.entries(for: index).first else { continue }
                let result = Self.result(for: candidate, in: component, series: Self.earlierSeriesCode, random: &more)
                results.append(result)
                if result.hasMarkedScript { scripts.append(try Self.script(of: result, in: earlierSeries, size: size, random: &more)) }
            }
            decided += Self.decidedEnquiries(of: centre.number, results: results, seededAt: seededAt)
        }
        results += Self.secondPaperResults(of: candidates)
        self.candidates = candidates
        self.results = results
        self.scripts = scripts
        decidedEnquiries = decided
    }

    /// The script of `result` in `series`, in the archive.
    static func script(of result: ComponentResult, in series: Series, size: Size, random: inout SeededGenerator) throws -> Script {
        Script(
            series: series.code,
            centre: result.centre,
            candidate: result.candidate,
            component: result.component,
            location: try series.archiveFolderURL(component: result.component, centre: result.centre, candidate: result.candidate),
            pageCount: pageCount(maximum: size.maximumPages, random: &random)
        )
    }

    /// January's calendar: results about four months before seeding and every deadline
    /// passed, the scripts held for two months more.
    static func earlierCalendar(before now: Date) -> SeriesCalendar {
        let day: TimeInterval = 86_400
        let resultsDay = now - 120 * day
        return SeriesCalendar(
            resultsDay: resultsDay,
            priorityScriptDeadline: resultsDay + 7 * day,
            priorityReviewDeadline: resultsDay + 10 * day,
            finalEnquiryDeadline: resultsDay + 35 * day,
            teachingCopyDeadline: resultsDay + 60 * day,
            lateCertificationDeadline: resultsDay + 30 * day,
            scriptRetentionEnd: now + 60 * day
        )
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
