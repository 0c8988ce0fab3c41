import Foundation
import Testing

@testable import ScriptDeskTransfer

/// Where a fetch may not go, whatever the server or the name service says.
@Suite struct FetcherSafetyTests {
    @Test func aRedirectToAFileURLIsNotAllowedAndWritesNothing() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.redirect("file:///etc/hostname"))) { server in
            var policy = Fixture.loopback()
            policy.redirectSchemes.insert("file")
            let error = await Fixture.failure { try await Fetcher(policy: policy).fetch(server.url("/page"), to: "\(folder)/page") }
            #expect(error?.code == "transfer.not_allowed")
            #expect(error?.isTransient == false)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// An empty `allowedHosts` means the first URL's host only; a listed set means those.
    @Test(arguments: [[], ["127.0.0.1"]] as [Set<String>])
    func aRedirectToAnotherHostIsNotAllowed(allowedHosts: Set<String>) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            request.path == "/page" ? .redirect("http://localhost:\(request.port)/elsewhere") : .answer(200, [1, 2, 3])
        }
        try await ScriptedServer.with(.routing(route)) { server in
            let fetcher = Fetcher(policy: Fixture.loopback(allowedHosts: allowedHosts))
            let error = await Fixture.failure { try await fetcher.fetch(server.url("/page"), to: "\(folder)/page") }
            #expect(error?.code == "transfer.not_allowed")
            #expect(error?.isTransient == false)
            #expect(server.recorded.map(\.path) == ["/page"])
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// The host name is allowed, but it resolves to loopback, which the default policy never
    /// connects to: the check is on the address connected to, so DNS cannot smuggle it in.
    @Test func aRestrictedAddressIsRefusedAtConnectionTime() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.answer(200, [1, 2, 3]))) { server in
            let policy = FetchPolicy(connectTimeout: 2, totalTimeout: 10, allowedHosts: ["localhost"])
            let error = await Fixture.failure {
                try await Fetcher(policy: policy).fetch("http://localhost:\(server.port)/page", to: "\(folder)/page")
            }
            #expect(error?.code == "transfer.not_allowed")
            #expect(error?.isTransient == false)
            #expect(error?.message.contains("restricted address") == true)
            #expect(server.recorded.isEmpty)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func aHostOutsideAllowedHostsIsRefusedBeforeAnyRequest() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ScriptedServer.with(.always(.answer(200, [1]))) { server in
            let fetcher = Fetcher(policy: Fixture.loopback(allowedHosts: ["archive.example"]))
            let error = await Fixture.failure { try await fetcher.fetch(server.url("/page"), to: "\(folder)/page") }
            #expect(error?.code == "transfer.not_allowed")
            #expect(server.recorded.isEmpty)
        }
    }
}
