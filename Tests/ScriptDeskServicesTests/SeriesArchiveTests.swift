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
        #expect(url == "https://archive.example/2026-06/H240%252F01/12345/0007/")
    }

    /// A component's folder is its code percent-encoded, then encoded once more as a URL
    /// path segment: codes that differ only in `/`, `-`, `_` or an escape name different
    /// folders, over http(s) and in a file archive alike, and none adds a path level.
    @Test(arguments: [
        "https://archive.example/{series}/{component}/{centre}/{candidate}/",
        "file:///srv/archive/{series}/{component}/{centre}/{candidate}/",
    ])
    func distinctComponentCodesNameDistinctFolders(template: String) throws {
        let codes = ["A/B", "A-B", "A_B", "A%2FB", "A%2fB", "A%252FB", "A B", "A+B", "A.B", "A~B", "a/b", "A//B", "A/B/"]
        let urls = try codes.map {
            try Self.series(template).archiveFolderURL(component: $0, centre: CentreNumber("12345")!, candidate: CandidateNumber("0007")!)
        }
        #expect(Set(urls).count == codes.count)
        let folders = urls.map { URL(string: $0)!.path }
        #expect(Set(folders).count == codes.count)
        #expect(folders.allSatisfy { $0.split(separator: "/").count == (template.hasPrefix("file") ? 6 : 4) })
        #expect(folders[0].hasSuffix("/2026-06/A%2FB/12345/0007"))
        #expect(folders[1].hasSuffix("/2026-06/A-B/12345/0007"))
        #expect(folders[3].hasSuffix("/2026-06/A%252FB/12345/0007"))
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
