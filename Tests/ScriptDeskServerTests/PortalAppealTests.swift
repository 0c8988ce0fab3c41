import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Appeals through the pages over HTTP, on both drivers: made from a decided enquiry's page
/// (the desk's refusal of an empty statement in the error summary, then the confirmation
/// with the reference, stage and due date), listed on the enquiry's page and the centre's
/// appeals, hidden from another centre, decided by operations on the console (the observer
/// sees no form and is refused), and the decision shown on the centre's appeal page; and a
/// missing or incomplete results query made from the candidate's page, refused without its
/// detail, resolved by operations with a correction and shown to the centre.
@Suite struct PortalAppealTests {
    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// An enquiry about `row` made by the seeded centre's exams officer, its outcome recorded
    /// from the command line with the mark unchanged; returns the enquiry's id.
    static func decidedEnquiry(_ row: ResultListing, _ environment: TestEnvironment) async throws -> String {
        let consent = EnquiryConsent(candidateAgreed: true, obtainedAt: environment.clock.now - 3_600, acknowledgesMarksMayGoDown: true)
        let enquiry = try await environment.runtime.enquiries.submit(
            EnquirySubmission(
                series: "2026-06",
                component: row.component.code,
                candidate: row.result.candidate.rawValue,
                service: .clericalCheck,
                consent: consent
            ),
            by: environment.examsOfficer
        )
        let mark = try #require(row.result.mark)
        _ = try await environment.runtime.enquiries.recordOutcome(
            of: enquiry.id,
            mark: mark,
            reason: "The marks were added up correctly.",
            by: .commandLine
        )
        return enquiry.id
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func anAppealIsMadeFromTheEnquiryDecidedByOperationsAndItsDecisionShown(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
            let operations = try #require(environment.credentials.operations)
            let observer = try #require(environment.credentials.operationsReadOnly)
            let target = try await environment.heldScript(in: [.gce])
            let enquiry = try await Self.decidedEnquiry(target, environment)
            let mark = try #require(target.result.mark)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let home = Self.text(try await browser.get("/"))
                #expect(home.contains("href=\"/appeals\""))

                // The decided enquiry offers an appeal while its window is open.
                let decided = Self.text(try await browser.get("/enquiries/\(enquiry)"))
                #expect(decided.contains("href=\"/enquiries/\(enquiry)/appeal\"") && decided.contains("Appeal this outcome"))
                let form = try await browser.get("/enquiries/\(enquiry)/appeal")
                #expect(form.status == .ok)
                var html = Self.text(form)
                #expect(html.contains("Last day to appeal") && html.contains(" days left)"))
                #expect(html.contains("The marks were added up correctly."))
                let csrf = try PortalBrowser.csrf(in: form)

                // A blank statement: the desk refuses it, in its words, in the error summary.
                let refused = try await browser.post("/enquiries/\(enquiry)/appeal", ["csrf": csrf, "statement": "   "])
                #expect(refused.status == .unprocessableContent)
                html = Self.text(refused)
                #expect(html.contains("There is a problem") && html.contains(##"href="#statement""##))
                #expect(html.contains(AppealError.refused(.statementRequired).message))
                #expect(try await environment.runtime.appeals.list(page: Page(limit: 10), for: environment.examsOfficer).total == 0)

                let statement = "Question 4 was marked against last year's scheme."
                let sent = try await browser.post("/enquiries/\(enquiry)/appeal", ["csrf": csrf, "statement": statement])
                #expect(sent.status == .ok)
                html = Self.text(sent)
                #expect(html.contains("Appeal received") && html.contains("Stage 1") && html.contains("Decision due by"))
                let id = try #require(html.firstMatch(of: #/href="/appeals/([0-9a-f-]+)"/#)?.1).description
                #expect(html.contains(Reference.text(id)))

                // Listed on the enquiry's page and the centre's appeals; no second appeal offered.
                let listed = Self.text(try await browser.get("/enquiries/\(enquiry)"))
                #expect(listed.contains("/appeals/\(id)") && !listed.contains("Appeal this outcome"))
                #expect(Self.text(try await browser.get("/appeals")).contains("/appeals/\(id)"))
                #expect(Self.text(try await browser.get("/appeals?status=decided")).contains("There are no appeals matching"))
                let received = Self.text(try await browser.get("/appeals/\(id)"))
                #expect(received.contains("Question 4 was marked against last year&#39;s scheme.") || received.contains(statement))
                #expect(try await browser.get("/ops/appeals").status == .notFound, "the console is not a centre's")

                // Another centre is told there is no such page.
                let other = PortalBrowser(client)
                _ = try await other.signIn(otherOfficer.username, otherOfficer.password)
                #expect(try await other.get("/appeals/\(id)").status == .notFound)
                #expect(try await other.get("/enquiries/\(enquiry)/appeal").status == .notFound)

                // The observer sees the work list and no form, and is refused at the route.
                let watcher = PortalBrowser(client)
                _ = try await watcher.signIn(observer.username, observer.password)
                let watched = try await watcher.get("/ops/appeals/\(id)")
                #expect(watched.status == .ok && !Self.text(watched).contains("Record the decision"))
                let csrfWatcher = try PortalBrowser.csrf(in: watched)
                let denied = try await watcher.post("/ops/appeals/\(id)", ["csrf": csrfWatcher, "mark": "\(mark)", "reason": "No"])
                #expect(denied.status == .forbidden)

                // Operations decide it from the work list, which comes due soonest first.
                let desk = PortalBrowser(client)
                _ = try await desk.signIn(operations.username, operations.password)
                let work = Self.text(try await desk.get("/ops/appeals"))
                #expect(work.contains("/ops/appeals/\(id)") && work.contains("aria-current=\"page\">Appeals"))
                let page = try await desk.get("/ops/appeals/\(id)")
                #expect(Self.text(page).contains("Record the decision"))
                let csrfDesk = try PortalBrowser.csrf(in: page)
                let bad = try await desk.post("/ops/appeals/\(id)", ["csrf": csrfDesk, "mark": "lots", "reason": ""])
                #expect(bad.status == .unprocessableContent && Self.text(bad).contains("There is a problem"))
                let newMark = mark < target.component.maxMark ? mark + 1 : mark - 1
                let done = try await desk.post(
                    "/ops/appeals/\(id)",
                    ["csrf": csrfDesk, "mark": "\(newMark)", "reason": "Question 4 earns one more mark"]
                )
                #expect(done.status == .seeOther && done.headers[.location] == "/ops/appeals/\(id)?done=decided")
                #expect(!Self.text(try await desk.get("/ops/appeals")).contains("/ops/appeals/\(id)"), "decided: off the work list")

                // The centre sees the decision: old and new mark, upheld.
                let shown = Self.text(try await browser.get("/appeals/\(id)"))
                #expect(shown.contains("Mark \(mark), grade"))
                #expect(shown.contains("Mark \(newMark), grade"))
                #expect(shown.contains("Question 4 earns one more mark") && shown.contains("Upheld"))
                #expect(Self.text(try await browser.get("/appeals?status=decided")).contains("/appeals/\(id)"))
            }
        }
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func aQueryIsMadeFromTheCandidatesPageResolvedByOperationsAndItsCorrectionShown(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
            let operations = try #require(environment.credentials.operations)
            let observer = try #require(environment.credentials.operationsReadOnly)
            let target = try await environment.heldScript(in: [.gce])
            let candidate = target.result.candidate.rawValue
            let component = target.component.code
            let mark = try #require(target.result.mark)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                #expect(Self.text(try await browser.get("/")).contains("href=\"/queries\""))
                let person = Self.text(try await browser.get("/candidates/\(candidate)?series=2026-06"))
                #expect(person.contains("data-query-link") && person.contains("Missing and incomplete results"))
                #expect(Self.text(try await browser.get("/results?series=2026-06")).contains("data-query-link"), "each result links to a query")

                // From a result: the series, component and candidate are filled in.
                let encoded = component.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let form = try await browser.get("/queries/new?series=2026-06&component=\(encoded)&candidate=\(candidate)")
                #expect(form.status == .ok)
                var html = Self.text(form)
                #expect(html.contains("Report a missing or incomplete result") && html.contains("value=\"\(candidate)\""))
                #expect(html.contains("Indicator applied"))
                let csrf = try PortalBrowser.csrf(in: form)
                let answers = ["csrf": csrf, "series": "2026-06", "component": component, "candidate": candidate, "reason": "incomplete-result"]

                // No detail: the desk refuses, in its words, linked to the field, the answers kept.
                let refused = try await browser.post("/queries/new", answers.merging(["detail": " "]) { $1 })
                #expect(refused.status == .unprocessableContent)
                html = Self.text(refused)
                #expect(html.contains("There is a problem") && html.contains(##"href="#detail""##))
                #expect(html.contains("what is missing or incomplete, or why the indicator is wrong"), "the desk's words")
                #expect(html.contains("value=\"\(candidate)\""))

                let sent = try await browser.post("/queries/new", answers.merging(["detail": "Section B is not in the mark."]) { $1 })
                #expect(sent.status == .ok)
                html = Self.text(sent)
                #expect(html.contains("Query received") && html.contains("Resolution due by"))
                let id = try #require(html.firstMatch(of: #/href="/queries/([0-9a-f-]+)"/#)?.1).description
                #expect(html.contains(Reference.text(id)))
                #expect(Self.text(try await browser.get("/queries")).contains("/queries/\(id)"))
                #expect(Self.text(try await browser.get("/candidates/\(candidate)?series=2026-06")).contains("/queries/\(id)"))
                #expect(try await browser.get("/ops/queries").status == .notFound, "the console is not a centre's")

                let other = PortalBrowser(client)
                _ = try await other.signIn(otherOfficer.username, otherOfficer.password)
                #expect(try await other.get("/queries/\(id)").status == .notFound)

                // The observer sees no form and is refused at the route.
                let watcher = PortalBrowser(client)
                _ = try await watcher.signIn(observer.username, observer.password)
                let watched = try await watcher.get("/ops/queries/\(id)")
                #expect(watched.status == .ok && !Self.text(watched).contains("Correct the result"))
                let denied = try await watcher.post(
                    "/ops/queries/\(id)",
                    ["csrf": try PortalBrowser.csrf(in: watched), "action": "explain", "explanation": "No"]
                )
                #expect(denied.status == .forbidden)

                // Operations correct it from the work list.
                let desk = PortalBrowser(client)
                _ = try await desk.signIn(operations.username, operations.password)
                let work = Self.text(try await desk.get("/ops/queries"))
                #expect(work.contains("/ops/queries/\(id)") && work.contains("aria-current=\"page\">Queries"))
                let page = try await desk.get("/ops/queries/\(id)")
                #expect(Self.text(page).contains("Correct the result") && Self.text(page).contains("Explain and resolve"))
                let csrfDesk = try PortalBrowser.csrf(in: page)
                let bad = try await desk.post("/ops/queries/\(id)", ["csrf": csrfDesk, "action": "explain", "explanation": ""])
                #expect(bad.status == .unprocessableContent && Self.text(bad).contains(##"href="#explanation""##))
                let newMark = mark == 0 ? 1 : mark - 1
                let done = try await desk.post(
                    "/ops/queries/\(id)",
                    ["csrf": csrfDesk, "action": "correct", "mark": "\(newMark)", "reason": "Section B added in"]
                )
                #expect(done.status == .seeOther && done.headers[.location] == "/ops/queries/\(id)?done=resolved")
                #expect(!Self.text(try await desk.get("/ops/queries")).contains("/ops/queries/\(id)"), "resolved: off the work list")

                let shown = Self.text(try await browser.get("/queries/\(id)"))
                #expect(shown.contains("Mark \(newMark), grade") && shown.contains("Section B added in") && shown.contains("Resolved"))
            }
        }
    }
}
