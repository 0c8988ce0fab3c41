import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskQueue
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// The operations console over HTTP, on both drivers: who sees it (operations and the
/// read-only role; centre users get 404), the filter and its keyset pages, the CSV export,
/// a confirmed cancel recorded in the audit, pausing a lane, and the read-only role refused
/// at the routes as well as shown no buttons.
@Suite struct ConsolePageTests {
    /// Jobs about two centres, waiting in the standard lane (no worker runs in these tests).
    static func enqueue(_ count: Int, centre: String, in environment: TestEnvironment) async throws -> [Int64] {
        let jobs = (0..<count).map { index in
            NewJob(
                kind: "console.test",
                lane: .standard,
                payload: #"{"n":\#(index)}"#,
                about: JobSubject(centre: centre, candidate: String(format: "%04d", index), component: "H240/01")
            )
        }
        let queue = environment.runtime.queue
        let now = environment.clock.now
        return try await environment.runtime.database.transaction { try await queue.enqueue(jobs, in: $0, now: now) }
    }

    /// The lanes paused now, read from the queue itself (not the shared overview, which may
    /// be a second old).
    static func paused(in environment: TestEnvironment) async throws -> Set<Lane> {
        let facts = try await QueueConsole(database: environment.runtime.database).facts(now: environment.clock.now)
        return Set(facts.lanes.filter(\.paused).map(\.lane))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func operationsSearchPagesExportAndCancelWithTheAuditRecordingIt(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let operations = try #require(environment.credentials.operations)
            let ours = try await Self.enqueue(60, centre: "70001", in: environment)
            _ = try await Self.enqueue(5, centre: "70002", in: environment)
            try await environment.application().test(.live) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(operations.username, operations.password)

                let overview = try await browser.get("/ops")
                #expect(overview.status == .ok)
                let html = Self.text(overview)
                #expect(html.contains("data-console-live=\"/ops/live\""))
                #expect(html.contains("<svg"), "the last hour is drawn as charts")
                #expect(html.contains("Pause<span class=\"visually-hidden\"> the Standard lane"))
                #expect(overview.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)

                // The filter narrows by centre; pages go newest first by keyset.
                let first = try await browser.get("/ops/jobs?centre=70001&state=waiting")
                #expect(first.status == .ok)
                let firstHTML = Self.text(first)
                #expect(firstHTML.contains("href=\"/ops/jobs/\(ours[59])\""))
                #expect(!firstHTML.contains("href=\"/ops/jobs/\(ours[9])\""), "only fifty to a page")
                #expect(!firstHTML.contains("70002"))
                let next = try #require(firstHTML.firstMatch(of: #/href="(/ops/jobs\?[^"]*before=\d+)"/#)).1
                #expect(next.contains("centre=70001"), "the next page keeps the filter")
                let second = Self.text(try await browser.get(String(next).replacingOccurrences(of: "&amp;", with: "&")))
                #expect(second.contains("href=\"/ops/jobs/\(ours[0])\""))
                #expect(!second.contains("href=\"/ops/jobs/\(ours[59])\""))
                #expect(!second.contains("Older jobs"), "the last page offers no older one")

                // A filter that cannot be read says what to do.
                let bad = try await browser.get("/ops/jobs?state=sleeping&from=2026-13-40")
                #expect(bad.status == .badRequest)
                #expect(Self.text(bad).contains("Choose a state from the list"))
                #expect(Self.text(bad).contains("Enter the date as a day, month and year"))

                // The export holds every matching job, past the first page.
                let csv = try await browser.get("/ops/jobs.csv?centre=70001")
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = Self.text(csv).split(separator: "\r\n")
                #expect(lines.count == 61)
                #expect(lines.first?.hasPrefix("id,kind,lane,state") == true)
                #expect(lines.dropFirst().allSatisfy { $0.contains(",70001,") })

                // One job in full.
                let job = Self.text(try await browser.get("/ops/jobs/\(ours[3])"))
                #expect(job.contains("Job #\(ours[3])"))
                #expect(job.contains("&quot;n&quot; : 3"))
                #expect(job.contains("/requests?centre=70001"))
                #expect(try await browser.get("/ops/jobs/999999").status == .notFound)

                // Cancel every matching job: the count first, then the action, then the audit.
                let csrf = try PortalBrowser.csrf(in: first)
                let confirm = try await browser.post(
                    "/ops/jobs/confirm",
                    ["csrf": csrf, "do": "cancel-matching", "centre": "70001", "state": "waiting"]
                )
                #expect(confirm.status == .ok)
                #expect(Self.text(confirm).contains("Cancel 60 jobs?"))
                let still = try await browser.get("/ops/jobs.csv?centre=70001&state=waiting")
                #expect(Self.text(still).split(separator: "\r\n").count == 61, "confirming asks; it changes nothing")
                let acted = try await browser.post("/ops/jobs/act", ["csrf": csrf, "do": "cancel", "centre": "70001", "state": "waiting"])
                #expect(acted.status == .seeOther)
                let action = try #require(acted.headers[.location])
                #expect(action.hasPrefix("/ops/actions/"))
                let done = Self.text(try await browser.get(action))
                #expect(done.contains("60 of 60 looked at: 60 changed"))
                let audit = Self.text(try await browser.get("/ops/actions"))
                #expect(audit.contains(operations.username))
                #expect(audit.contains("waiting jobs, centre 70001"))
                #expect(audit.contains("127.0.0.1"))
                let left = Self.text(try await browser.get("/ops/jobs.csv?centre=70001&state=cancelled"))
                #expect(left.split(separator: "\r\n").count == 61)
                let other = Self.text(try await browser.get("/ops/jobs.csv?centre=70002&state=waiting"))
                #expect(other.split(separator: "\r\n").count == 6, "another centre's jobs are untouched")

                // Pausing a lane from the page pauses it for the queue.
                let paused = try await browser.post("/ops/lanes/standard/pause", ["csrf": csrf])
                #expect(paused.headers[.location] == "/ops?done=paused")
                #expect(try await Self.paused(in: environment) == [.standard])
                let after = Self.text(try await browser.get("/ops?done=paused"))
                #expect(after.contains("data-paused"))
                #expect(after.contains("The lane is paused"))
                _ = try await browser.post("/ops/lanes/standard/resume", ["csrf": csrf])
                #expect(try await Self.paused(in: environment).isEmpty)
            }
        }
    }

    @Test func theReadOnlyRoleSeesNoButtonsAndIsRefusedAtTheRoutes() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let observer = try #require(environment.credentials.operationsReadOnly)
            let ids = try await Self.enqueue(3, centre: "70001", in: environment)
            try await environment.application().test(.live) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(observer.username, observer.password)
                let overview = try await browser.get("/ops")
                #expect(overview.status == .ok)
                #expect(!Self.text(overview).contains("/ops/lanes/"))
                #expect(!Self.text(overview).contains("/ops/concurrency"))
                let jobs = try await browser.get("/ops/jobs?centre=70001")
                #expect(Self.text(jobs).contains("href=\"/ops/jobs/\(ids[0])\""))
                #expect(!Self.text(jobs).contains("type=\"checkbox\""))
                #expect(!Self.text(jobs).contains("Retry every matching job"))

                let csrf = try PortalBrowser.csrf(in: overview)
                let pause = try await browser.post("/ops/lanes/standard/pause", ["csrf": csrf])
                #expect(pause.status == .forbidden)
                let confirm = try await browser.post("/ops/jobs/confirm", ["csrf": csrf, "do": "cancel-matching", "centre": "70001"])
                #expect(confirm.status == .forbidden)
                let act = try await browser.post("/ops/jobs/act", ["csrf": csrf, "do": "cancel", "centre": "70001"])
                #expect(act.status == .forbidden)
                let slots = try await browser.post("/ops/concurrency", ["csrf": csrf, "slots": "2"])
                #expect(slots.status == .forbidden)

                #expect(try await Self.paused(in: environment).isEmpty)
                #expect(Self.text(try await browser.get("/ops/jobs.csv?centre=70001&state=waiting")).split(separator: "\r\n").count == 4)
                #expect(Self.text(try await browser.get("/ops/actions")).contains("No one has acted on the queue yet"))
            }
        }
    }

    @Test func centreUsersAreToldTheConsoleDoesNotExist() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let ids = try await Self.enqueue(1, centre: "70001", in: environment)
            try await environment.application().test(.live) { client in
                for person in [environment.credentials.centres[0].examsOfficer, environment.credentials.centres[0].teacher] {
                    let person = try #require(person)
                    let browser = PortalBrowser(client)
                    _ = try await browser.signIn(person.username, person.password)
                    for path in ["/ops", "/ops/live", "/ops/jobs", "/ops/jobs.csv", "/ops/jobs/\(ids[0])", "/ops/actions", "/ops/actions/1"] {
                        let page = try await browser.get(path)
                        #expect(page.status == .notFound, "\(path) as \(person.username)")
                    }
                    let csrf = try PortalBrowser.csrf(in: try await browser.get("/"))
                    #expect(try await browser.post("/ops/lanes/standard/pause", ["csrf": csrf]).status == .notFound)
                    #expect(try await browser.post("/ops/jobs/act", ["csrf": csrf, "do": "cancel", "centre": "70001"]).status == .notFound)
                }
                let signedOut = try await PortalBrowser(client).get("/ops")
                #expect(signedOut.status == .seeOther && signedOut.headers[.location] == "/sign-in")
                #expect(try await Self.paused(in: environment).isEmpty)
            }
        }
    }
}
