import Logging
import SQLKit
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

/// TLS to PostgreSQL: required for a server on another host unless the URL's `sslmode` says
/// otherwise, as before (TLS when offered) for one on this machine.
@Suite struct PostgresTLSModeTests {
    static let hosts: [(host: String, isLocal: Bool)] = [
        ("localhost", true), ("LOCALHOST", true), ("127.0.0.1", true), ("127.8.9.10", true), ("[::1]", true),
        ("[0:0:0:0:0:0:0:1]", true), ("db.example.org", false), ("10.0.0.5", false), ("128.0.0.1", false),
        ("[::2]", false), ("[2001:db8::1]", false), ("localhost.example.org", false), ("127.0.0.1.example.org", false),
    ]

    @Test func theModeFollowsTheHostUnlessTheURLNamesOne() throws {
        for (host, isLocal) in Self.hosts {
            let url = "postgres://scriptdesk:secret@\(host):5432/scriptdesk"
            #expect(try PostgresTLSMode(url: url) == (isLocal ? .prefer : .require), "\(host)")
            for mode in PostgresTLSMode.allCases {
                #expect(try PostgresTLSMode(url: "\(url)?application_name=x&sslmode=\(mode.rawValue)") == mode, "\(host) \(mode)")
            }
            #expect(try PostgresTLSMode(url: "\(url)?sslmode=verify-full") == .require)
            #expect(try PostgresTLSMode(url: "\(url)?tlsmode=disable") == .disable)
        }
        #expect(try PostgresTLSMode(url: "postgres+uds://scriptdesk@localhost/var/run/postgresql/.s.PGSQL.5432#db") == .prefer)
        #expect(try PostgresTLSMode(url: "postgres+uds://scriptdesk@/tmp/.s.PGSQL.5432?sslmode=require#db") == .require)
    }

    @Test func anUnknownModeIsRefusedWithoutShowingTheURL() throws {
        let error = try #require(throws: StoreError.self) { try PostgresTLSMode(url: "postgres://u:secret@db.example.org/db?sslmode=sometimes") }
        #expect(error.code == "store.invalid_database_url")
        #expect(error.message.contains("sslmode"))
        #expect(!error.message.contains("secret"))
    }

    @Test func theDecidedModeReplacesAnyOtherInTheURL() throws {
        let url = "postgres://u:p%40ss@db.example.org/db?application_name=a%2Bb&ssl=true&tls=prefer"
        let applied = try PostgresTLSMode.require.applied(to: url)
        #expect(applied == "postgres://u:p%40ss@db.example.org/db?application_name=a%2Bb&sslmode=require")
    }

    /// The URL of the test server (which has no TLS) without its query: the local default.
    static func localURL(query: String = "") throws -> String {
        let admin = try PostgresServer.fromEnvironment().adminURL
        return String(admin.prefix { $0 != "?" }) + query
    }

    @Test func theLocalServerWithoutTLSIsReachedByDefault() async throws {
        let url = try Self.localURL()
        #expect(try PostgresTLSMode(url: url) == .prefer)
        let one = try await Database.withRunning(.postgres(url: url), logger: Logger(label: "test")) { database in
            try await database.read { try await $0.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self) }
        }
        #expect(one == 1)
    }

    @Test func requiredTLSFailsClearlyOnAServerWithoutIt() async throws {
        let url = try Self.localURL(query: "?sslmode=require")
        try await Database.withRunning(.postgres(url: url), logger: Logger(label: "test")) { database in
            let error = try await #require(throws: StoreError.self) {
                try await database.read { try await $0.raw("SELECT 1 AS one").first() }
            }
            guard case .unavailable(let reason) = error else {
                Issue.record("expected the database to be unavailable, got \(error)")
                return
            }
            #expect(reason.contains("the server does not offer TLS"))
            #expect(reason.contains("sslmode=require"))
        }
    }
}
