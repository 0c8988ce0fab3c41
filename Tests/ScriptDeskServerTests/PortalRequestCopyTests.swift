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
import ScriptDeskTestSupport
import Testing

/// Requesting a copy through the question pages over HTTP: from a row of results through
/// each question, an error summary linked to the field, "check your answers" with a change
/// button, to the confirmation panel; the intake's own refusal words on the page.
@Suite struct PortalRequestCopyTests {
    /// The consent date fields for the test clock's day before.
    static func yesterday(_ environment: TestEnvironment) -> [String: String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let parts = calendar.dateComponents([.day, .month, .year], from: environment.clock.now - 86_400)
        return ["day": "\(parts.day!)", "month": "\(parts.month!)", "year": "\(parts.year!)"]
    }

    /// The hidden fields of a question page, with its token.
    static func fields(of page: TestResponse) -> [String: String] {
        var fields: [String: String] = [:]
        for match in String(buffer: page.body).matches(of: #/<input type="hidden" name="([a-z]+)" value="([^"]*)">/#) {
            fields[String(match.1)] = String(match.2)
        }
        return fields
    }

    @Test func anExamsOfficerRequestsAPriorityCopyThroughTheQuestions() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let results = try await browser.get("/results")
                #expect(results.status == .ok)
                #expect(String(buffer: results.body).contains("Request a copy"))
                let csrf = try PortalBrowser.csrf(in: results)

                // From the row: straight to which copy.
                var page = try await browser.post(
                    "/requests/new",
                    ["csrf": csrf, "series": "2026-06", "component": target.component.code, "candidate": target.result.candidate.rawValue]
                )
                #expect(String(buffer: page.body).contains("Which copy do you need?"))
                page = try await browser.post("/requests/new", Self.fields(of: page).merging(["kind": "priority"]) { $1 })
                #expect(String(buffer: page.body).contains("Has the candidate agreed"))

                // No consent and no date: both named, each linked to its field.
                let refused = try await browser.post("/requests/new", Self.fields(of: page))
                #expect(refused.status == .unprocessableContent)
                let errors = String(buffer: refused.body)
                #expect(errors.contains("There is a problem"))
                #expect(errors.contains(##"href="#agreed""##) && errors.contains(##"href="#day""##))
                page = try await browser.post(
                    "/requests/new",
                    Self.fields(of: refused).merging(["agreed": "yes"].merging(Self.yesterday(environment)) { $1 }) { $1 }
                )
                #expect(String(buffer: page.body).contains("May the candidate be named on the copy?"))
                page = try await browser.post("/requests/new", Self.fields(of: page).merging(["identify": "no"]) { $1 })
                let check = String(buffer: page.body)
                #expect(check.contains("Check your answers"))
                #expect(check.contains("No, anonymised"))

                // Change a answer, and come back through the questions.
                let change = try await browser.post("/requests/new", Self.fields(of: page).merging(["change": "identify"]) { $1 })
                #expect(String(buffer: change.body).contains("May the candidate be named on the copy?"))
                page = try await browser.post("/requests/new", Self.fields(of: change).merging(["identify": "yes"]) { $1 })
                #expect(String(buffer: page.body).contains("Check your answers"))

                let sent = try await browser.post("/requests/new", Self.fields(of: page))
                #expect(sent.status == .ok)
                let confirmation = String(buffer: sent.body)
                #expect(confirmation.contains("Request sent"))
                let id = try #require(confirmation.firstMatch(of: #/href="/requests/([0-9a-f-]+)"/#)?.1)
                let table = String(buffer: try await browser.get("/requests").body)
                #expect(table.contains("/requests/\(id)"))
                let request = String(buffer: try await browser.get("/requests/\(id)").body)
                #expect(request.contains("Priority copy"))
            }
        }
    }

    @Test func theIntakesRefusalIsShownInItsOwnWords() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let target = try await environment.heldScript(in: [.gce])
            // Past the priority deadline.
            let series = try #require(try await environment.runtime.results.seriesInForce(at: environment.clock.now).first)
            environment.clock.advance(by: series.calendar.priorityScriptDeadline.timeIntervalSince(environment.clock.now) + 3_600)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let csrf = try PortalBrowser.csrf(in: try await browser.get("/"))
                var fields = [
                    "csrf": csrf, "series": series.code, "component": target.component.code, "candidate": target.result.candidate.rawValue,
                    "kind": "priority", "agreed": "yes", "identify": "yes", "step": "check",
                ]
                fields.merge(Self.yesterday(environment)) { $1 }
                let refused = try await browser.post("/requests/new", fields)
                #expect(refused.status == .unprocessableContent)
                let html = String(buffer: refused.body)
                #expect(html.contains("priority script deadline"), "\(html)")
                #expect(html.contains(##"href="#kind-priority""##))
            }
        }
    }
}
