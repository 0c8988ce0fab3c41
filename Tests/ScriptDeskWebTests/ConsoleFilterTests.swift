import Foundation
import ScriptDeskQueue
import Testing

@testable import ScriptDeskWeb

/// The jobs page's filter: read from the address or a form, turned into the search the
/// console runs, written back into links, and put in words for the confirmation and audit.
@Suite struct ConsoleFilterTests {
    @Test func everyFieldReadsIntoTheSearchAndBackIntoTheLink() throws {
        let (filter, problems) = ConsoleFilter.read([
            "state": "dead", "lane": "standard", "kind": "script-copy", "error": "archive.mismatch", "centre": "12345",
            "candidate": "0001", "component": "h240/01", "request": "ABC-1", "from": "2026-08-20", "to": "2026-08-21", "csrf": "ignored",
        ])
        #expect(problems.isEmpty)
        let search = filter.search
        #expect(search.states == [.dead] && search.lane == .standard && search.kind == "script-copy")
        #expect(search.errorCode == "archive.mismatch" && search.centre == "12345" && search.candidate == "0001")
        #expect(search.component == "H240/01", "component codes are matched in capitals")
        #expect(search.requestID == "abc-1", "request ids are matched in lower case")
        // The range is London days, the last one included: 20 August from 00:00 BST.
        #expect(search.enqueuedFrom == ISO8601DateFormatter().date(from: "2026-08-19T23:00:00Z"))
        #expect(search.enqueuedBefore == ISO8601DateFormatter().date(from: "2026-08-21T23:00:00Z"))
        let link = filter.link("/ops/jobs", [("before", "42")])
        #expect(link.hasPrefix("/ops/jobs?state=dead&lane=standard&kind=script-copy&error=archive.mismatch"))
        #expect(link.contains("component=H240/01") && link.hasSuffix("&before=42"))
        let fields = Dictionary(uniqueKeysWithValues: filter.fields.map { ($0.name, $0.value) })
        #expect(ConsoleFilter.read(fields).filter == filter, "what a link carries reads back as the same filter")
    }

    @Test func blankFieldsAreNoFilterAndUnreadableOnesSaySo() {
        let blank = ConsoleFilter.read(["state": "", "lane": "  ", "kind": ""])
        #expect(blank.problems.isEmpty && !blank.filter.isFiltered && blank.filter.search.isEverything)
        #expect(blank.filter.link("/ops/jobs") == "/ops/jobs")
        let bad = ConsoleFilter.read(["state": "sleeping", "lane": "fast", "from": "2026-02-30", "to": "yesterday", "ids": "1,x"])
        #expect(bad.problems.map(\.field) == ["state", "lane", "from", "to", "ids"])
        #expect(bad.problems[0].message.contains("waiting, running, succeeded, dead, cancelled"))
        let many = ConsoleFilter.read(["ids": (1...1_001).map(String.init).joined(separator: ",")])
        #expect(many.problems.map(\.field) == ["ids"])
        let selected = ConsoleFilter.read(["ids": "3, 1,2"])
        #expect(selected.filter.search.ids == [3, 1, 2])
    }

    @Test func searchesInWords() {
        #expect(ConsoleFilter.words(JobSearch()) == "every job")
        #expect(
            ConsoleFilter.words(JobSearch(states: [.waiting, .dead], errorCode: "fetch.timeout")) == "dead or waiting jobs, error code fetch.timeout"
        )
        #expect(ConsoleFilter.words(JobSearch(ids: [7])) == "1 selected job")
        #expect(ConsoleFilter.words(JobSearch(ids: [7, 8], lane: .priority, centre: "12345")) == "2 selected jobs, lane priority, centre 12345")
    }
}
