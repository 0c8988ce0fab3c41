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

/// Many requests from one CSV file, and the CSV exports: a file with one bad row creates
/// nothing and names the row, its column and why; a good file creates every request in one
/// go; exports hold what the pages show.
@Suite struct PortalBulkTests {
    @Test func oneBadRowCreatesNothingAndAGoodFileCreatesEveryRequest() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let listing = try await environment.runtime.database.read { db in
                try await ReferenceData().results(series: DemoBoard.seriesCode, centre: environment.centre, page: Page(limit: 500), on: db)
            }
            let held = listing.items.filter { $0.scriptPageCount != nil && $0.result.hasMarkedScript }.prefix(3)
            #expect(held.count == 3)
            let day = ISO8601.string(from: environment.clock.now - 86_400).prefix(10)
            let lines =
                ["series,component,candidate,copy,candidate_agreed,consent_obtained,name_on_copy"]
                + held.map { "2026-06,\($0.component.code),\($0.result.candidate.rawValue),teaching,yes,\(day),yes" }
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let page = try await browser.get("/requests/bulk")
                let csrf = try PortalBrowser.csrf(in: page)
                let template = try await browser.get("/requests/bulk/template.csv")
                #expect(template.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: template.body).hasPrefix(lines[0]))

                // Line 3 has no consent, line 4 names a candidate the centre does not have.
                var bad = lines
                bad[2] = bad[2].replacingOccurrences(of: ",teaching,yes,", with: ",teaching,no,")
                bad.append("2026-06,\(held.first!.component.code),9999,teaching,yes,\(day),yes")
                let refused = try await browser.upload("/requests/bulk", ["csrf": csrf], file: bad.joined(separator: "\r\n"))
                #expect(refused.status == .unprocessableContent)
                let html = String(buffer: refused.body)
                #expect(html.contains("2 rows have problems"), "\(html)")
                #expect(html.contains("<td>3</td><td>candidate_agreed</td>"))
                #expect(html.contains("<td>5</td><td>candidate</td>"))
                let none = try await environment.runtime.tracking.list(for: Caller(id: "x", role: .operations, centre: nil), page: Page())
                #expect(none.total == 0, "a refused file created requests")

                let sent = try await browser.upload("/requests/bulk", ["csrf": csrf], file: lines.joined(separator: "\n"))
                #expect(sent.status == .ok)
                #expect(String(buffer: sent.body).contains("Requests sent"))
                let all = try await environment.runtime.tracking.list(for: Caller(id: "x", role: .operations, centre: nil), page: Page())
                #expect(all.total == 3)

                // Without the form's token, nothing is read.
                #expect(try await browser.upload("/requests/bulk", [:], file: lines.joined(separator: "\n")).status == .forbidden)

                let export = try await browser.get("/requests/export.csv")
                #expect(export.status == .ok)
                #expect(String(buffer: export.body).split(separator: "\r\n").count == 4)
                let results = String(buffer: try await browser.get("/results/export.csv").body)
                #expect(results.split(separator: "\r\n").count == listing.total + 1)
            }
        }
    }
}

/// The pages' other ways in: a component's ready copies as one ZIP, operations looking up a
/// centre's requests, and a browser's wrong address answered as a page.
@Suite struct PortalMoreTests {
    @Test func aComponentsReadyCopiesComeAsOneZIPAndOperationsLookUpACentre() async throws {
        try await TestEnvironment.with(workers: 1, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let operations = try #require(environment.credentials.operations)
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let csrf = try PortalBrowser.csrf(in: try await browser.get("/requests"))
                let zip = try await browser.post("/requests/bundle", ["csrf": csrf, "series": "2026-06", "component": target.component.code])
                #expect(zip.status == .seeOther)
                let location = try #require(zip.headers[.location])
                #expect(location.hasPrefix("/z/"))
                let archive = try await client.execute(uri: location, method: .get)
                #expect(archive.status == .ok && archive.headers[.contentType] == "application/zip")

                let staff = PortalBrowser(client)
                _ = try await staff.signIn(operations.username, operations.password)
                let centre = environment.credentials.centres[0].number
                let theirs = String(buffer: try await staff.get("/requests?centre=\(centre)").body)
                #expect(theirs.contains(ready.requestID))
                let other = environment.credentials.centres[1].number
                #expect(!String(buffer: try await staff.get("/requests?centre=\(other)").body).contains(ready.requestID))
            }
        }
    }

    @Test func aBrowsersWrongAddressIsAPageAndAnAPIsIsAProblem() async throws {
        try await TestEnvironment.with { environment in
            try await environment.application().test(.router) { client in
                let page = try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html,application/xhtml+xml"])
                #expect(page.status == .notFound)
                #expect(String(buffer: page.body).contains("Page not found"))
                let api = try await client.execute(uri: "/api/v1/nothing", method: .get, headers: [.accept: "text/html"])
                #expect(api.status == .notFound)
                #expect(api.headers[.contentType]?.hasPrefix("application/") == true)
            }
        }
    }
}
