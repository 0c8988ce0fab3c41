import Foundation
import Synchronization
import Testing

@testable import ScriptDeskTransfer

/// A fetch that began over https never continues over plain http.
@Suite struct FetcherDowngradeTests {
    /// Whether to the same host and port, or elsewhere, a redirect from https to http is
    /// refused before the http URL is requested.
    @Test(arguments: [true, false])
    func anHTTPSRedirectToHTTPIsRefusedAsADowngrade(sameHost: Bool) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            guard request.path == "/page" else { return .answer(200, [1, 2, 3]) }
            return .redirect(sameHost ? "http://127.0.0.1:\(request.port)/plain" : "http://localhost:\(request.port)/plain")
        }
        try await ScriptedServer.with(.routing(route)) { server in
            try await TLSFront.with(upstream: server.port, in: folder) { front in
                var policy = Fixture.loopback(allowedHosts: ["127.0.0.1", "localhost"])
                policy.caBundlePath = front.certificate
                let error = await Fixture.failure { try await Fetcher(policy: policy).fetch(front.url("/page"), to: "\(folder)/page") }
                #expect(error?.code == "transfer.downgrade")
                #expect(error?.isTransient == false)
                #expect(error?.message.contains(front.url("/page")) == true)
                #expect(server.recorded.map(\.path) == ["/page"])
                #expect(!Fixture.exists("\(folder)/page"))
            }
        }
    }

    /// The same front follows a redirect that stays on https: the refusal above is the
    /// downgrade's, not a failing TLS set-up.
    @Test func anHTTPSRedirectToHTTPSIsFollowed() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(5000)
        let frontPort = Mutex(0)
        try await ScriptedServer.with(
            .routing { request in
                request.path == "/page" ? .redirect("https://127.0.0.1:\(frontPort.withLock { $0 })/final") : .answer(200, body)
            }
        ) { server in
            try await TLSFront.with(upstream: server.port, in: folder) { front in
                frontPort.withLock { $0 = front.port }
                var policy = Fixture.loopback()
                policy.caBundlePath = front.certificate
                let file = try await Fetcher(policy: policy).fetch(front.url("/page"), to: "\(folder)/page", expecting: Fixture.expected(body))
                #expect(file.bytes == Int64(body.count))
                #expect(server.recorded.map(\.path) == ["/page", "/final"])
            }
        }
    }

    /// The rule itself, and the redirect schemes libcurl is given from each scheme.
    @Test func aDowngradeIsTheOnlyRedirectRefusedForItsScheme() throws {
        let policy = FetchPolicy()
        let secure = try TransferURL("https://archive.example/a")
        let plain = try TransferURL("http://archive.example/b")
        #expect(throws: TransferError.downgrade(url: "https://archive.example/a", target: "http://archive.example/b")) {
            try policy.check(plain, redirectedFrom: secure, firstHost: "archive.example")
        }
        try policy.check(secure, redirectedFrom: plain, firstHost: "archive.example")
        try policy.check(plain, redirectedFrom: plain, firstHost: "archive.example")
        try policy.check(plain, redirectedFrom: nil, firstHost: "archive.example")
        #expect(policy.redirectSchemes(from: "https") == ["https"])
        #expect(policy.redirectSchemes(from: "HTTPS") == ["https"])
        #expect(policy.redirectSchemes(from: "http") == ["https", "http"])
    }
}
