import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskAppTestSupport
import Testing

/// Slow clients (slowloris) cannot hold the server: connections that never finish a request
/// head are closed, idle ones too, and one address cannot take every connection; meanwhile
/// the server keeps answering everyone else.
@Suite struct ConnectionLimitTests {
    @Test func connectionsThatNeverFinishTheirHeadAreClosedWhileOthersAreAnswered() async throws {
        let settings = ["SCRIPTDESK_HTTP_HEAD_TIMEOUT_SECONDS": "1", "SCRIPTDESK_HTTP_IDLE_TIMEOUT_SECONDS": "1"]
        try await TestEnvironment.with(settings: settings) { environment in
            try await environment.application().test(.live) { client in
                let port = try #require(client.port)
                var slow: [RawConnection] = []
                for _ in 0..<200 {
                    let connection = try RawConnection(port: port)
                    try connection.send("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                    slow.append(connection)
                }
                let other = try RawConnection(port: port, from: "127.0.0.2")
                #expect(try await other.request("/livez") == "HTTP/1.1 200 OK")
                // Every slow connection is closed by the server.
                var closed = 0
                for connection in slow where try await connection.isClosedByServer(within: .seconds(30)) { closed += 1 }
                #expect(closed == slow.count)
                // A connection that was answered and then says nothing more is closed as idle.
                #expect(try await other.isClosedByServer(within: .seconds(30)))
                #expect(try await RawConnection(port: port, from: "127.0.0.3").request("/livez") == "HTTP/1.1 200 OK")
            }
        }
    }

    @Test func oneAddressCannotTakeEveryConnection() async throws {
        let settings = ["SCRIPTDESK_HTTP_MAX_CONNECTIONS_PER_ADDRESS": "20", "SCRIPTDESK_HTTP_HEAD_TIMEOUT_SECONDS": "600"]
        try await TestEnvironment.with(settings: settings) { environment in
            try await environment.application().test(.live) { client in
                let port = try #require(client.port)
                // Twenty-five at once: whichever five the server meets last are closed.
                let connections = try (0..<25).map { _ in try RawConnection(port: port, from: "127.0.0.4") }
                let deadline = ContinuousClock.now + .seconds(30)
                var closed: [Int] = []
                while closed.count < 5 && ContinuousClock.now < deadline {
                    closed += connections.indices.filter { !closed.contains($0) && connections[$0].isClosedNow() }
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(closed.count == 5)
                // The twenty held are open (their head timeout is ten minutes away) and answered.
                let held = connections.indices.filter { !closed.contains($0) }.map { connections[$0] }
                for connection in held { #expect(try await connection.request("/livez") == "HTTP/1.1 200 OK") }
                #expect(try await RawConnection(port: port, from: "127.0.0.5").request("/livez") == "HTTP/1.1 200 OK")
                // The full address stays full while its connections are held.
                let more = try RawConnection(port: port, from: "127.0.0.4")
                #expect(try await more.isClosedByServer(within: .seconds(30)))
                withExtendedLifetime(held) {}
            }
        }
    }
}
