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

/// The requests pages over HTTP: the table and a request's page show what the API shows,
/// the download button leads to the PDF, withdrawing (after its confirmation page) stops the
/// old link, and another centre's or a teacher's view is a 404, as in the API.
@Suite struct PortalRequestTests {
    @Test func anExamsOfficerFollowsARequestDownloadsItAndWithdrawsItsLinks() async throws {
        try await TestEnvironment.with(workers: 1, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)

                let table = try await browser.get("/requests")
                #expect(table.status == .ok)
                let html = String(buffer: table.body)
                #expect(html.contains("/requests/\(ready.requestID)"))
                #expect(html.contains("Ready to download"))
                let filtered = String(buffer: try await browser.get("/requests?status=failed").body)
                #expect(!filtered.contains("/requests/\(ready.requestID)"))
                #expect(filtered.contains("There are no requests matching these filters"))

                let page = try await browser.get("/requests/\(ready.requestID)")
                #expect(page.status == .ok)
                let detail = String(buffer: page.body)
                #expect(detail.contains("Download the PDF"))
                #expect(detail.contains("What has happened"))
                #expect(!detail.contains(ready.token), "the page holds no token")

                // The button leads to the live link, which serves the PDF.
                let csrf = try PortalBrowser.csrf(in: page)
                let download = try await browser.post("/requests/\(ready.requestID)/download", ["csrf": csrf])
                #expect(download.status == .seeOther)
                let location = try #require(download.headers[.location])
                #expect(location.hasPrefix("/d/"))
                let pdf = try await client.execute(uri: location, method: .get)
                #expect(pdf.status == .ok && pdf.carriesPDF)

                // Withdrawing asks first, then stops the old link.
                let confirm = try await browser.get("/requests/\(ready.requestID)/withdraw")
                #expect(String(buffer: confirm.body).contains("Withdraw the download links of request"))
                let withdrawn = try await browser.post("/requests/\(ready.requestID)/withdraw", ["csrf": csrf])
                #expect(withdrawn.status == .seeOther)
                #expect(try await client.call(.get, ready.path).status == .gone)
                let after = String(buffer: try await browser.get(try #require(withdrawn.headers[.location])).body)
                #expect(after.contains("have been withdrawn"))
                // A new link (made a second later: the newest link is the latest made) works again.
                environment.clock.advance(by: 1)
                _ = try await browser.post("/requests/\(ready.requestID)/links", ["csrf": csrf])
                let again = try await browser.post("/requests/\(ready.requestID)/download", ["csrf": csrf])
                let fresh = try #require(again.headers[.location])
                #expect(fresh != location)
                let answer = try await client.execute(uri: fresh, method: .get)
                #expect(answer.status == .ok, "\(String(buffer: answer.body))")
            }
        }
    }

    @Test func anotherCentreOrATeacherCannotSeeAPriorityRequest() async throws {
        try await TestEnvironment.with(workers: 1, people: true) { environment in
            let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
            let teacher = try #require(environment.credentials.centres[0].teacher)
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                for person in [otherOfficer, teacher] {
                    let browser = PortalBrowser(client)
                    _ = try await browser.signIn(person.username, person.password)
                    let page = try await browser.get("/requests/\(ready.requestID)")
                    #expect(page.status == .notFound, "\(person.username)")
                    #expect(String(buffer: page.body).contains("Page not found"))
                    #expect(!String(buffer: try await browser.get("/requests").body).contains(ready.requestID))
                    let csrf = try PortalBrowser.csrf(in: try await browser.get("/"))
                    let withdraw = try await browser.post("/requests/\(ready.requestID)/withdraw", ["csrf": csrf])
                    #expect(withdraw.status == .notFound || withdraw.status == .forbidden)
                    #expect(try await client.call(.get, ready.path).status == .ok, "the link still works")
                }
            }
        }
    }
}

/// Live status over server-sent events: a stream opened while a request is queued carries
/// its change to ready, without the page being asked for again, and ends once nothing it
/// watches has work ahead.
@Suite struct PortalLiveStatusTests {
    @Test func aRequestsChangeOfStatusArrivesOnTheStream() async throws {
        try await TestEnvironment.with(workers: 1, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let token = environment.credentials.centres[0].examsOfficerToken
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue, kind: "priority")
                let created = try await client.call(.post, "/api/v1/script-requests", token: token, json: body)
                let id = try #require(try created.object["id"] as? String)
                // Another centre's request id in the list is left out, not an error. Read as a
                // browser does, as it comes, for as long as a loaded machine takes to make the copy.
                let cookie = "Cookie: " + browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                let events = try await RawConnection(port: try #require(client.port)).read(
                    "/requests/live?ids=\(id),00000000-0000-0000-0000-000000000000",
                    headers: [cookie],
                    within: .seconds(240)
                ) { $0.contains(#""status":"ready""#) || $0.contains(#""status":"failed""#) }
                #expect(events.hasPrefix("HTTP/1.1 200"))
                #expect(events.lowercased().contains("content-type: text/event-stream"))
                #expect(events.contains(#""id":"\#(id)""#))
                #expect(events.contains(#""status":"ready""#), "\(events)")
                #expect(!events.contains("00000000-0000"))
            }
        }
    }
}

/// A teacher with subjects, signed in: teaching copies of their subjects only, never
/// another subject's, whether listed, opened or asked for. The demo teacher's one subject is
/// the qualification GCE, which stands for each GCE component.
@Suite struct PortalTeacherSubjectTests {
    @Test func aTeacherSeesAndAsksForTheirOwnSubjectsOnly() async throws {
        try await TestEnvironment.with(workers: 1, people: true) { environment in
            let teacher = try #require(environment.credentials.centres[0].teacher)
            let listed = try await environment.runtime.people.list(centre: environment.centre, by: .commandLine)
            #expect(listed.first { $0.username == teacher.username }?.subjects == ["GCE"])
            let officerToken = environment.credentials.centres[0].examsOfficerToken
            let gce = try await environment.heldScript(in: [.gce])
            let other = try await environment.heldScript(in: [.gcse])
            try await environment.application().test(.live) { client in
                var ids: [String] = []
                for target in [gce, other] {
                    let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue, kind: "non-priority")
                    let created = try await client.call(.post, "/api/v1/script-requests", token: officerToken, json: body)
                    ids.append(try #require(try created.object["id"] as? String, "\(String(buffer: created.body))"))
                }
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(teacher.username, teacher.password)
                let table = String(buffer: try await browser.get("/requests").body)
                #expect(table.contains(ids[0]) && !table.contains(ids[1]))
                #expect(try await browser.get("/requests/\(ids[0])").status == .ok)
                #expect(try await browser.get("/requests/\(ids[1])").status == .notFound)
                // Asking for another subject's copy is refused, in words.
                let csrf = try PortalBrowser.csrf(in: try await browser.get("/"))
                var fields = [
                    "csrf": csrf, "series": "2026-06", "component": other.component.code, "candidate": other.result.candidate.rawValue,
                    "agreed": "yes", "identify": "yes", "step": "check",
                ]
                fields.merge(PortalRequestCopyTests.yesterday(environment)) { $1 }
                let refused = try await browser.post("/requests/new", fields)
                #expect(refused.status == .forbidden)
                #expect(String(buffer: refused.body).contains("your own subjects only"))
            }
        }
    }
}
