import Foundation
import Testing

@testable import ScriptDeskTransfer

/// Plain HTTP answers from the loopback server: bodies, statuses, redirects, limits.
@Suite struct FetcherHTTPTests {
    @Test func aBodyIsStreamedWithItsSizeAndHash() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(200_000)
        try await ScriptedServer.with(.serving(body)) { server in
            let file = try await Fetcher(policy: Fixture.loopback()).fetch(
                server.url("/page"),
                to: "\(folder)/page",
                expecting: Fixture.expected(body)
            )
            #expect(file.bytes == Int64(body.count))
            #expect(file.sha256 == Fixture.sha256(body))
            #expect(FileManager.default.contents(atPath: "\(folder)/page") == Data(body))
            let data = try await Fetcher(policy: Fixture.loopback()).fetchData(server.url("/manifest.json"))
            #expect(data == Data(body))
        }
    }

    @Test(arguments: [(500, true), (503, true), (429, true), (408, true), (400, false), (403, false)])
    func errorStatusesAreClassified(status: Int, transient: Bool) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.answer(status, Array("no".utf8)))) { server in
            let error = await Fixture.failure { try await Fetcher(policy: Fixture.loopback()).fetch(server.url("/page"), to: "\(folder)/page") }
            #expect(error?.code == "transfer.http_status")
            #expect(error?.isTransient == transient)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test(arguments: [404, 410])
    func aMissingPageIsPermanentlyNotFound(status: Int) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.answer(status, Array("gone".utf8)))) { server in
            let error = await Fixture.failure { try await Fetcher(policy: Fixture.loopback()).fetch(server.url("/page"), to: "\(folder)/page") }
            #expect(error?.code == "transfer.not_found")
            #expect(error?.isTransient == false)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func aRedirectChainWithinThePolicyIsFollowedAndItsBodiesDiscarded() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(50_000)
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            switch request.path {
            case "/start": .redirect("/hop/1", status: 301)
            case "/hop/1": .redirect("http://127.0.0.1:\(request.port)/hop/2", status: 307)
            case "/hop/2": .redirect("../final", status: 308)
            default: .serving(body, to: request)
            }
        }
        try await ScriptedServer.with(.routing(route)) { server in
            let file = try await Fetcher(policy: Fixture.loopback(maxRedirects: 3)).fetch(
                server.url("/start"),
                to: "\(folder)/page",
                expecting: Fixture.expected(body)
            )
            #expect(file.sha256 == Fixture.sha256(body))
            #expect(server.recorded.map(\.path) == ["/start", "/hop/1", "/hop/2", "/final"])
        }
    }

    @Test func tooManyRedirectsAreNotAllowed() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.redirect("/again"))) { server in
            let error = await Fixture.failure {
                try await Fetcher(policy: Fixture.loopback(maxRedirects: 2)).fetch(server.url("/page"), to: "\(folder)/page")
            }
            #expect(error?.code == "transfer.not_allowed")
            #expect(error?.isTransient == false)
            #expect(server.recorded.count == 3)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func aChecksumMismatchIsPermanentAndLeavesNoFile() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(10_000)
        try await ScriptedServer.with(.serving(body)) { server in
            let wrong = ExpectedContent(bytes: Int64(body.count), sha256: String(repeating: "0", count: 64))
            let error = await Fixture.failure {
                _ = try await Fetcher(policy: Fixture.loopback()).fetch(server.url("/page"), to: "\(folder)/page", expecting: wrong)
            }
            #expect(error?.code == "transfer.checksum_mismatch")
            #expect(error?.isTransient == false)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func aBodyLongerThanExpectedIsPermanent() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(10_000)
        try await ScriptedServer.with(.serving(body)) { server in
            let expected = ExpectedContent(bytes: 9_000, sha256: Fixture.sha256(Array(body.prefix(9_000))))
            let error = await Fixture.failure {
                _ = try await Fetcher(policy: Fixture.loopback()).fetch(server.url("/page"), to: "\(folder)/page", expecting: expected)
            }
            #expect(error?.code == "transfer.size_mismatch")
            #expect(error?.isTransient == false)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// With a Content-Length libcurl refuses the body before it starts; without one (the body
    /// ends when the connection closes) the limit stops it on the way.
    @Test(arguments: [true, false])
    func aBodyOverTheSizeLimitIsPermanentAndLeavesNoFile(declared: Bool) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(100_000)
        let reply: Reply = declared ? .answer(200, body) : .raw(head: Reply.head(200, []), body: body)
        try await ScriptedServer.with(.always(reply)) { server in
            let error = await Fixture.failure {
                try await Fetcher(policy: Fixture.loopback(maxBytes: 10_000)).fetch(server.url("/page"), to: "\(folder)/page")
            }
            #expect(error?.code == "transfer.too_large")
            #expect(error?.isTransient == false)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func messagesNeverShowCredentials() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.answer(404))) { server in
            let url = "http://reader:s3cret@127.0.0.1:\(server.port)/page?signature=t0ken"
            let error = await Fixture.failure { try await Fetcher(policy: Fixture.loopback()).fetch(url, to: "\(folder)/page") }
            #expect(error?.code == "transfer.not_found")
            #expect(error?.message.contains("127.0.0.1") == true)
            #expect(error?.message.contains("s3cret") == false)
            #expect(error?.message.contains("reader") == false)
            #expect(error?.message.contains("t0ken") == false)
        }
    }
}
