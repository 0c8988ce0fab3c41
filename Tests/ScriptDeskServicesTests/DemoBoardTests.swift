import Foundation
import ScriptDeskCore
import ScriptDeskDemo
import Testing

/// The demo board has what the enquiry rules need to be tried: components of every kind
/// with results, an earlier series whose deadlines have all passed with results and
/// scripts, and per centre one decided enquiry inside the appeal window and one outside it;
/// June's written papers and scripts stay as they were.
@Suite struct DemoBoardTests {
    static let seededAt = Date(timeIntervalSince1970: 1_790_000_000)
    static let board = try! DemoBoard(size: .standard, seededAt: seededAt, archiveRoot: "/nonexistent/archive/")

    @Test func everyKindOfComponentHasResultsInJune() {
        let june = Self.board.results.filter { $0.series == DemoBoard.seriesCode }
        for kind in Component.Kind.allCases {
            let codes = Set(Self.board.components.filter { $0.kind == kind }.map(\.code))
            #expect(june.contains { codes.contains($0.component) && $0.mark != nil }, "no \(kind) result")
        }
        // Only written papers have scanned scripts; June's are the 578 the README counts.
        let written = Set(Self.board.components.filter { $0.kind == .written }.map(\.code))
        let juneScripts = Self.board.scripts.filter { $0.series == DemoBoard.seriesCode }
        #expect(juneScripts.allSatisfy { written.contains($0.component) })
        #expect(juneScripts.count == 578)
    }

    @Test func theEarlierSeriesHasEveryDeadlinePassedAndItsScriptsStillHeld() {
        let calendar = Self.board.earlierSeries.calendar
        let deadlines: [SeriesCalendar.Milestone] = [
            .priorityScriptDeadline, .priorityReviewDeadline, .finalEnquiryDeadline, .teachingCopyDeadline, .lateCertificationDeadline,
        ]
        for milestone in deadlines { #expect(calendar[milestone] < Self.seededAt, "\(milestone) not passed") }
        #expect(calendar.scriptRetentionEnd > Self.seededAt)
        let january = Self.board.results.filter { $0.series == DemoBoard.earlierSeriesCode }
        #expect(Set(january.map(\.centre)) == Set(Self.board.centres.map(\.number)))
        #expect(Self.board.scripts.contains { $0.series == DemoBoard.earlierSeriesCode })
        #expect(Self.board.scripts.count == 578 + Self.board.scripts.filter { $0.series == DemoBoard.earlierSeriesCode }.count)
    }

    @Test func eachCentreHasOneDecidedEnquiryInsideTheAppealWindowAndOneOutside() throws {
        let policy = Policy.profile(.interchange).enquiries
        for centre in Self.board.centres {
            let decided = Self.board.decidedEnquiries.filter { $0.centre == centre.number }
            let outcomes = try decided.map { try #require($0.outcome) }
            #expect(outcomes.map { Self.seededAt.timeIntervalSince($0.receivedAt) / 86_400 }.sorted() == [3, 20])
            #expect(outcomes.map { policy.appealBy(outcomeReceivedAt: $0.receivedAt) > Self.seededAt }.sorted { !$0 && $1 } == [false, true])
            for enquiry in decided {
                let result = try #require(
                    Self.board.results.first {
                        $0.series == enquiry.series && $0.centre == enquiry.centre && $0.candidate == enquiry.candidate
                            && $0.component == enquiry.component
                    }
                )
                #expect(enquiry.outcome?.previousMark == result.mark && enquiry.receivedAt < enquiry.outcome!.receivedAt)
            }
        }
    }
}
