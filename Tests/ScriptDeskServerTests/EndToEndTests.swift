import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskDemo
import ScriptDeskPDF
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// The real server on a free port over a temporary storage folder, with a worker, driven
/// over HTTP as an integration would.
@Suite struct EndToEndTests {
    @Test func aRequestTravelsFromSubmissionToDownload() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let target = try await environment.heldScript(in: [.gce])
            let app = try environment.application()
            try await app.test(.live) { client in
                let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue)
                let created = try await client.call(.post, "/api/v1/script-requests", token: token, json: body)
                #expect(created.status == .accepted)
                let id = try #require(try created.object["id"] as? String)
                #expect(try created.object["status"] as? String == "queued")
                #expect(created.headers[.location] == "/api/v1/script-requests/\(id)")

                // Held until the request settles, in long polls as an integration would.
                let settled = try await client.settled(id, token: token)
                #expect(settled.status == .ok)
                #expect(try settled.object["status"] as? String == "ready")
                let download = try #require(try settled.object["download"] as? [String: Any])
                let url = try #require(download["url"] as? String)
                let path = try #require(url.range(of: "/d/").map { String(url[$0.lowerBound...]) })
                let pages = try #require(download["pages"] as? Int)
                #expect(pages == (target.scriptPageCount ?? 0) + 1)

                let head = try await client.call(.head, path)
                #expect(head.status == .ok)
                #expect(head.body.readableBytes == 0)
                let file = try await client.call(.get, path)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == "application/pdf")
                #expect(file.headers[.contentLength] == String(file.body.readableBytes))
                #expect(head.headers[.contentLength] == file.headers[.contentLength])
                #expect(file.headers[.cacheControl] == "private, no-store")
                let disposition = try #require(file.headers[.contentDisposition])
                #expect(disposition.hasPrefix("attachment; filename=\"2026-06_"))

                let saved = environment.root + "/downloaded.pdf"
                try Data(buffer: file.body).write(to: URL(fileURLWithPath: saved))
                let report = try PDFChecker.check(fileAt: saved, expectedPages: pages)
                #expect(report.pageCount == pages)
                #expect(try ContentHash.sha256(fileAt: saved) == download["sha256"] as? String)

                await environment.runtime.downloads.recorded()
                let after = try await client.call(.get, "/api/v1/script-requests/\(id)", token: token)
                #expect(try after.object["status"] as? String == "downloaded")
                let listing = try await client.call(.get, "/api/v1/script-requests?limit=10", token: token)
                let items = try #require(try listing.object["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? String } == [id])
            }
        }
    }

    @Test func downloadsAnswerRangesAsRFC9110Says() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let app = try environment.application()
            try await app.test(.live) { client in
                let path = try await client.readyDownload(in: environment).path
                let whole = try await client.call(.get, path)
                let length = whole.body.readableBytes
                let etag = try #require(whole.headers[.eTag])
                #expect(whole.headers[.acceptRanges] == "bytes")

                func get(_ fields: HTTPFields, method: HTTPRequest.Method = .get) async throws -> TestResponse {
                    try await client.execute(uri: path, method: method, headers: fields)
                }
                // A suffix range is the last N bytes, not the first.
                let suffix = try await get([.range: "bytes=-100"])
                #expect(suffix.status == .partialContent)
                #expect(suffix.headers[.contentRange] == "bytes \(length - 100)-\(length - 1)/\(length)")
                #expect(Data(buffer: suffix.body) == Data(buffer: whole.body).suffix(100))
                let head = try await get([.range: "bytes=-100"], method: .head)
                #expect(head.status == .partialContent)
                #expect(head.headers[.contentRange] == suffix.headers[.contentRange])
                #expect(head.headers[.contentLength] == "100")
                #expect(head.body.readableBytes == 0)

                let middle = try await get([.range: "bytes=10-19", .ifRange: etag])
                #expect(middle.status == .partialContent)
                #expect(Data(buffer: middle.body) == Data(buffer: whole.body).dropFirst(10).prefix(10))
                for unsatisfiable in ["bytes=-0", "bytes=\(length)-", "bytes=999999999-"] {
                    let refused = try await get([.range: unsatisfiable])
                    #expect(refused.status == .rangeNotSatisfiable)
                    #expect(refused.headers[.contentRange] == "bytes */\(length)")
                    #expect(refused.body.readableBytes == 0)
                }
                // Ignored, so the whole file: a malformed range, several ranges, and a range
                // under a weak or date validator.
                for fields: HTTPFields in [
                    [.range: "bytes=5-2"], [.range: "bytes=0-1,4-5"], [.range: "bytes=0-9", .ifRange: "W/\(etag)"],
                    [.range: "bytes=0-9", .ifRange: "Mon, 30 Nov 2026 04:00:00 GMT"],
                ] {
                    let full = try await get(fields)
                    #expect(full.status == .ok)
                    #expect(full.body.readableBytes == length)
                }
            }
        }
    }

    @Test func revokingARequestsLinksStopsItsDownloadsAtOnce() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            let teacher = environment.credentials.centres[0].teacherToken
            let otherCentre = environment.credentials.centres[1].examsOfficerToken
            let app = try environment.application()
            try await app.test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let (id, path) = (ready.requestID, ready.path)
                #expect(try await client.call(.get, path).status == .ok)

                let revoke = "/api/v1/script-requests/\(id)/revoke-links"
                #expect(try await client.call(.post, revoke, token: teacher).status == .forbidden)
                #expect(try await client.call(.post, revoke, token: otherCentre).status == .notFound)
                #expect(try await client.call(.get, path).status == .ok)
                #expect(try await client.call(.post, revoke, token: officer).status == .noContent)

                let refused = try await client.call(.get, path)
                // The holder of a genuine link is told it was withdrawn, and gets no bytes of the file.
                #expect(refused.status == .gone)
                #expect(try (refused.object["error"] as? [String: Any])?["code"] as? String == "link.revoked")
                #expect(refused.headers[.contentType] != "application/pdf")
                let after = try await client.call(.get, "/api/v1/script-requests/\(id)", token: officer)
                let timeline = try #require(try after.object["timeline"] as? [[String: Any]])
                #expect(timeline.contains { ($0["detail"] as? String)?.contains("withdrawn") == true })
            }
        }
    }

    @Test func theHomePageAsksToSignInAndTheHealthCheckAnswers() async throws {
        try await TestEnvironment.with { environment in
            try await environment.application().test(.live) { client in
                let home = try await client.call(.get, "/")
                #expect(home.status == .seeOther)
                #expect(home.headers[.location] == "/sign-in")
                let signIn = try await client.call(.get, "/sign-in")
                #expect(signIn.status == .ok)
                #expect(String(buffer: signIn.body).contains("/api/v1"))
                let health = try await client.call(.get, "/healthz")
                #expect(try health.object["status"] as? String == "ok")
                let missing = try await client.call(.get, "/no-such-page")
                #expect(missing.status == .notFound)
                #expect(missing.errorCode == "http.404")
            }
        }
    }
}
