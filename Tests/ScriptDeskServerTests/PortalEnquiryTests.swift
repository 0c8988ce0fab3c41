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

/// Enquiries about results through the pages over HTTP, on both drivers: made through the
/// question pages (the desk's refusal shown on the page it is about, then the confirmation
/// with the reference and due date), followed on the centre's pages, hidden from another
/// centre, decided by operations on the console (the observer sees no form and is
/// refused), the outcome and the last day to appeal on the centre's page and the
/// candidate's; and many at once from a CSV file, all or nothing.
@Suite struct PortalEnquiryTests {
    /// The consent fields for an hour before the test clock's now, in London's time.
    static func anHourAgo(_ environment: TestEnvironment) -> [String: String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let parts = calendar.dateComponents([.day, .month, .year, .hour, .minute], from: environment.clock.now - 3_600)
        return [
            "day": "\(parts.day!)", "month": "\(parts.month!)", "year": "\(parts.year!)",
            "time": String(format: "%02d:%02d", parts.hour!, parts.minute!),
        ]
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The page's form fields: hidden ones and the token.
    static func fields(of page: TestResponse) -> [String: String] {
        PortalRequestCopyTests.fields(of: page)
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func anEnquiryIsMadeThroughTheQuestionsDecidedByOperationsAndItsOutcomeShown(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
            let operations = try #require(environment.credentials.operations)
            let observer = try #require(environment.credentials.operationsReadOnly)
            let target = try await environment.heldScript(in: [.gce])
            let candidate = target.result.candidate.rawValue
            let component = target.component.code
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                #expect(Self.text(try await browser.get("/")).contains("href=\"/enquiries\""))

                // From a result: straight to the service, each with its fee and due date.
                let query =
                    "series=2026-06&component=\(component.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&candidate=\(candidate)"
                var page = try await browser.get("/enquiries/new?\(query)")
                #expect(page.status == .ok)
                var html = Self.text(page)
                #expect(html.contains("Which service do you need?"))
                #expect(html.contains("Fee £46.00") && html.contains("Fee £54.00"))
                page = try await browser.post("/enquiries/new", Self.fields(of: page).merging(["service": "review-of-marking"]) { $1 })
                html = Self.text(page)
                #expect(html.contains("Marks can go down as well as up"))

                // A date but no agreement: the desk refuses, on the consent page, in its words.
                page = try await browser.post("/enquiries/new", Self.fields(of: page).merging(Self.anHourAgo(environment)) { $1 })
                #expect(Self.text(page).contains("Check your answers"))
                let refused = try await browser.post("/enquiries/new", Self.fields(of: page))
                #expect(refused.status == .unprocessableContent)
                html = Self.text(refused)
                #expect(html.contains("There is a problem") && html.contains(##"href="#agreed""##))
                #expect(html.contains("acknowledgement that marks may go down"))
                #expect(html.contains("Has the candidate agreed to the enquiry?"))
                #expect(
                    try await environment.runtime.enquiries.list(.init(status: .received), page: Page(limit: 10), for: Self.officer(environment))
                        .total == 0
                )

                page = try await browser.post(
                    "/enquiries/new",
                    Self.fields(of: refused).merging(["agreed": "yes", "acknowledged": "yes"].merging(Self.anHourAgo(environment)) { $1 }) { $1 }
                )
                #expect(Self.text(page).contains("Check your answers"))
                let sent = try await browser.post("/enquiries/new", Self.fields(of: page))
                #expect(sent.status == .ok)
                html = Self.text(sent)
                #expect(html.contains("Enquiry received"))
                let id = try #require(html.firstMatch(of: #/href="/enquiries/([0-9a-f-]+)"/#)?.1).description
                #expect(html.contains(Reference.text(id)))
                #expect(html.contains("Outcome due by"))

                #expect(Self.text(try await browser.get("/enquiries")).contains("/enquiries/\(id)"))
                #expect(!Self.text(try await browser.get("/enquiries?status=decided")).contains("/enquiries/\(id)"))
                let received = Self.text(try await browser.get("/enquiries/\(id)"))
                #expect(received.contains("Review of marking") && received.contains("£46.00"))
                #expect(try await browser.get("/ops/enquiries").status == .notFound, "the console is not a centre's")

                // Another centre is told there is no such page.
                let other = PortalBrowser(client)
                _ = try await other.signIn(otherOfficer.username, otherOfficer.password)
                #expect(try await other.get("/enquiries/\(id)").status == .notFound)

                // The observer sees the work list and no form, and is refused at the route.
                let watcher = PortalBrowser(client)
                _ = try await watcher.signIn(observer.username, observer.password)
                let watched = try await watcher.get("/ops/enquiries/\(id)")
                #expect(watched.status == .ok && !Self.text(watched).contains("Record the outcome"))
                let csrfWatcher = try PortalBrowser.csrf(in: watched)
                let denied = try await watcher.post("/ops/enquiries/\(id)", ["csrf": csrfWatcher, "mark": "1", "reason": "No"])
                #expect(denied.status == .forbidden)

                // Operations record an outcome that raises the grade where the boundaries allow.
                let desk = PortalBrowser(client)
                _ = try await desk.signIn(operations.username, operations.password)
                let work = Self.text(try await desk.get("/ops/enquiries"))
                #expect(work.contains("/ops/enquiries/\(id)") && work.contains("aria-current=\"page\">Enquiries"))
                let form = try await desk.get("/ops/enquiries/\(id)")
                #expect(Self.text(form).contains("Record the outcome"))
                let csrf = try PortalBrowser.csrf(in: form)
                let bad = try await desk.post("/ops/enquiries/\(id)", ["csrf": csrf, "mark": "lots", "reason": ""])
                #expect(bad.status == .unprocessableContent && Self.text(bad).contains("whole number from 0 to"))
                let boundaries = try #require(
                    try await environment.runtime.database.read {
                        try await ResultHistory().boundaries(series: "2026-06", component: component, on: $0)
                    }
                )
                let mark = try #require(target.result.mark)
                let newMark = boundaries.boundaries.last { $0.lowestMark > mark }?.lowestMark ?? mark
                let decided = try await desk.post(
                    "/ops/enquiries/\(id)",
                    ["csrf": csrf, "mark": "\(newMark)", "reason": "Question 3 was not added in"]
                )
                #expect(decided.status == .seeOther && decided.headers[.location] == "/ops/enquiries/\(id)?done=decided")
                #expect(!Self.text(try await desk.get("/ops/enquiries")).contains("/ops/enquiries/\(id)"), "decided: off the work list")

                // A review of moderation's outcome is an adjustment to the cohort's marks.
                let moderated = try await environment.runtime.enquiries.submit(
                    EnquirySubmission(series: "2026-06", component: "H446/03", candidate: nil, service: .reviewOfModeration, consent: nil),
                    by: Self.officer(environment)
                )
                let cohortForm = try await desk.get("/ops/enquiries/\(moderated.id)")
                #expect(Self.text(cohortForm).contains("Adjustment to every mark of the centre"))
                let adjusted = try await desk.post(
                    "/ops/enquiries/\(moderated.id)",
                    ["csrf": csrf, "cohort": "yes", "mark": "2", "reason": "The sample was re-moderated."]
                )
                #expect(adjusted.status == .seeOther)
                let cohortOutcome = try await environment.runtime.enquiries.details(of: moderated.id, for: Self.officer(environment)).enquiry
                    .cohortOutcome
                #expect(cohortOutcome?.adjustment == 2 && cohortOutcome?.reason == "The sample was re-moderated.")
                #expect(Self.text(try await desk.get("/ops/enquiries/\(moderated.id)")).contains("every mark raised by 2"))

                // The centre sees the outcome and the last day to appeal.
                let outcome = Self.text(try await browser.get("/enquiries/\(id)"))
                #expect(outcome.contains("Mark \(mark), grade \(target.result.grade ?? "")"))
                #expect(outcome.contains("Mark \(newMark), grade \(boundaries.grade(for: newMark))"))
                #expect(outcome.contains("Question 3 was not added in"))
                #expect(outcome.contains("Last day to appeal") && outcome.contains(" days left)"))

                // The candidate's page gathers the enquiry, and the change when there was one.
                let person = Self.text(try await browser.get("/candidates/\(candidate)?series=2026-06"))
                #expect(person.contains("/enquiries/\(id)"))
                #expect(person.contains("Changes to results"))
                if newMark != mark { #expect(person.contains("Question 3 was not added in")) }
                #expect(try await other.get("/candidates/\(candidate)?series=2026-06").status == .ok)
                #expect(!Self.text(try await other.get("/candidates/\(candidate)?series=2026-06")).contains("/enquiries/\(id)"))
            }
        }
    }

    /// The seeded centre's exams officer, as the desk sees a caller.
    static func officer(_ environment: TestEnvironment) -> Caller {
        Caller(id: "exams-officer", role: .examsOfficer, centre: environment.centre)
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func aBulkUploadWritesNothingWhenOneRowFailsAndEverythingWhenAllPass(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let listing = try await environment.runtime.database.read {
                try await ReferenceData().results(series: "2026-06", centre: environment.centre, page: Page(limit: 500), on: $0)
            }
            let gce = listing.items.filter { $0.component.qualification == .gce && $0.result.mark != nil }.prefix(2)
            try #require(gce.count == 2)
            let consent = ISO8601.string(from: environment.clock.now - 3_600)
            let heading = BulkHeading.text
            let good = gce.map { "2026-06,\($0.component.code),\($0.result.candidate.rawValue),clerical-check,yes,yes,\(consent)" }
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let form = try await browser.get("/enquiries/bulk")
                #expect(form.status == .ok)
                let csrf = try PortalBrowser.csrf(in: form)

                let failing = [heading, good[0], "2026-06,\(gce.first!.component.code),9999,clerical-check,yes,yes,\(consent)"]
                let refused = try await browser.upload("/enquiries/bulk", ["csrf": csrf], file: failing.joined(separator: "\r\n"))
                #expect(refused.status == .unprocessableContent)
                let html = Self.text(refused)
                #expect(html.contains("<td>3</td><td><code>request.unknown_candidate</code></td>"))
                #expect(html.contains("so no enquiries were made"))
                // Only the demo's decided enquiries are listed: none was received.
                #expect(Self.text(try await browser.get("/enquiries?status=received")).contains("There are no enquiries"))

                let passing = [heading] + good
                let made = try await browser.upload("/enquiries/bulk", ["csrf": csrf], file: passing.joined(separator: "\r\n"))
                #expect(made.status == .ok)
                #expect(Self.text(made).contains("<strong>2</strong> enquiries received"))
                let table = Self.text(try await browser.get("/enquiries?status=received"))
                #expect(table.matches(of: #/href="/enquiries/[0-9a-f-]{36}"/#).count == 2)
            }
        }
    }

    /// The bulk template's heading line.
    enum BulkHeading {
        static let text = "series,component,candidate,service,consent_agreed,consent_acknowledged,consent_obtained_at"
    }
}
