import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskAppTestSupport
import ScriptDeskDemo
import ScriptDeskTransfer
import Testing

@testable import ScriptDeskServer

/// The audit records the client's address: behind a trusted proxy, the one it forwards;
/// from anyone else, the peer's own, whatever `X-Forwarded-For` they send.
@Suite struct ClientAddressTests {
    @Test(
        arguments: [
            // (peer, X-Forwarded-For, expected)
            ("10.0.0.5", "203.0.113.9", "203.0.113.9"),
            ("10.0.0.5", "198.51.100.1, 203.0.113.9", "203.0.113.9"),
            ("10.0.0.5", "203.0.113.9, 10.0.0.6", "203.0.113.9"),
            ("10.0.0.5", "10.0.0.7, 10.0.0.6", "10.0.0.7"),
            ("10.0.0.5", "not-an-address, 203.0.113.9", "203.0.113.9"),
            ("10.0.0.5", "203.0.113.9, garbage", "10.0.0.5"),
            ("192.0.2.1", "203.0.113.9", "192.0.2.1"),
            ("10.0.0.5", nil, "10.0.0.5"),
        ] as [(String, String?, String)]
    )
    func theClientIsTheNearestUntrustedHop(peer: String, forwardedFor: String?, expected: String) throws {
        let trusted = [try IPNetwork("10.0.0.0/24")]
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trusted: trusted) == expected)
        #expect(ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trusted: []) == peer)
    }

    @Test func theAuditRecordsTheForwardedClientOnlyBehindATrustedProxy() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_TRUSTED_PROXIES": "127.0.0.1"]) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let port = try #require(client.port)
                let forwarded = ["X-Forwarded-For: 203.0.113.9", "Range: bytes=0-9"]
                #expect(try await RawConnection(port: port).request(ready.path, headers: forwarded) == "HTTP/1.1 206 Partial Content")
                let spoofed = ["X-Forwarded-For: 198.51.100.7", "Range: bytes=0-9"]
                #expect(
                    try await RawConnection(port: port, from: "127.0.0.2").request(ready.path, headers: spoofed) == "HTTP/1.1 206 Partial Content"
                )
                // Downloads are recorded as their responses end: wait for both.
                var addresses: [String] = []
                let deadline = ContinuousClock.now + .seconds(30)
                while addresses.count < 2 && ContinuousClock.now < deadline {
                    let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                    addresses = (try shown.object["downloads"] as? [[String: Any]])?.compactMap { $0["clientAddress"] as? String } ?? []
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(addresses.sorted() == ["127.0.0.2", "203.0.113.9"])
            }
        }
    }

    @Test func aBadTrustedProxySettingIsRefusedByName() async throws {
        await #expect {
            try await TestEnvironment.with(settings: ["SCRIPTDESK_TRUSTED_PROXIES": "10.0.0.1/8"]) { _ in }
        } throws: { error in
            "\(error)".contains("SCRIPTDESK_TRUSTED_PROXIES")
        }
    }
}
