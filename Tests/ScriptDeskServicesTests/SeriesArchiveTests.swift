import Foundation
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices
import Testing

@Suite struct SeriesArchiveTests {
    static let day = Date(timeIntervalSince1970: 1_787_212_800)

    static func series(_ template: String) -> Series {
        Series(
            code: "2026-06",
            name: "June 2026",
            calendar: SeriesCalendar(
                resultsDay: day,
                priorityScriptDeadline: day,
                priorityReviewDeadline: day,
                finalEnquiryDeadline: day,
                teachingCopyDeadline: day,
                lateCertificationDeadline: day,
                scriptRetentionEnd: day
            ),
            archiveURLTemplate: template
        )
    }

    @Test func theTemplateFillsEveryPlaceholderAsOnePathSegment() throws {
        let series = Self.series("https://archive.example/{series}/{component}/{centre}/{candidate}/")
        let url = try series.archiveFolderURL(component: "H240/01", centre: CentreNumber("12345")!, candidate: CandidateNumber("0007")!)
        #expect(url == "https://archive.example/2026-06/H240-01/12345/0007/")
    }

    @Test func aBrokenTemplateIsAPermanentFailureNamingTheSeries() throws {
        let series = Self.series("https://archive.example/{series}/{unknown}/")
        #expect {
            try series.archiveFolderURL(component: "H240/01", centre: CentreNumber("12345")!, candidate: CandidateNumber("0007")!)
        } throws: { error in
            let failure = error as? JobFailure
            return failure?.isTransient == false && failure?.message.contains("2026-06") == true
        }
    }
}
