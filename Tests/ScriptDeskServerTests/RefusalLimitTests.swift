import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskAppTestSupport
import ScriptDeskDemo
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// An address that keeps presenting bad download tokens is held off for the rest of the
/// minute, unread and unaudited, while other addresses are served as usual.
@Suite struct RefusalLimitTests {
    @Test func anAddressWithTooManyRefusalsIsHeldOffWithoutLookupsOrAuditRows() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_LINK_REFUSALS_PER_MINUTE": "5"]) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let port = try #require(client.port)
                // The link's own id with a broken signature: each refusal is audited on the link.
                var forged = Array(ready.token)
                forged[forged.count - 2] = forged[forged.count - 2] == "A" ? "B" : "A"
                let forgedPath = "/d/" + String(forged)
                var statuses: [String] = []
                for _ in 0..<8 {
                    statuses.append(try await RawConnection(port: port, from: "127.0.0.6").request(forgedPath))
                }
                #expect(
                    statuses == Array(repeating: "HTTP/1.1 403 Forbidden", count: 5) + Array(repeating: "HTTP/1.1 429 Too Many Requests", count: 3)
                )
                // Held off, the address cannot use even a good link until its minute is over.
                #expect(try await RawConnection(port: port, from: "127.0.0.6").request(ready.path) == "HTTP/1.1 429 Too Many Requests")
                #expect(try await RawConnection(port: port, from: "127.0.0.7").request(ready.path) == "HTTP/1.1 200 OK")
                environment.clock.advance(by: 61)
                #expect(try await RawConnection(port: port, from: "127.0.0.6").request(ready.path) == "HTTP/1.1 200 OK")
                // Only the five refusals before the limit were audited, counted in one entry.
                let officer = environment.credentials.centres[0].examsOfficerToken
                var audited: [(status: Int, count: Int)] = []
                let deadline = ContinuousClock.now + .seconds(30)
                while audited.count < 3 && ContinuousClock.now < deadline {
                    let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                    audited =
                        (try shown.object["downloads"] as? [[String: Any]])?.compactMap { entry in
                            (entry["status"] as? Int).map { ($0, entry["count"] as? Int ?? 1) }
                        } ?? []
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(audited.filter { $0.status == 403 }.map(\.count) == [5])
                #expect(audited.filter { $0.status == 200 }.count == 2)
            }
        }
    }
}
