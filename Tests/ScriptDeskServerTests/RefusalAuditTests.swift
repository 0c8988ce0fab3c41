import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Refused download attempts over HTTP, on both drivers: counted per link (or bundle), client
/// address, refusal and minute in one audit row each, shown in the request's audit as one
/// entry with its count and first and last times, in order with the downloads and paged
/// with them.
@Suite struct RefusalAuditTests {
    static let refusalLimit = ["SCRIPTDESK_LINK_REFUSALS_PER_MINUTE": "100"]

    @Test(arguments: DatabaseKind.allCases)
    func fiftyRefusalsFromOneAddressInAMinuteAreOneEntryCountingFifty(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, workers: 1, settings: Self.refusalLimit) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let port = try #require(client.port)
                let forged = Self.forged(ready.path)
                let rowsBefore = try await Self.rows(in: "downloads", of: ready.requestID, environment)
                Self.moveToNextMinute(environment)
                let first = environment.clock.now
                for attempt in 0..<50 {
                    if attempt > 0 { environment.clock.advance(by: 1) }
                    #expect(try await RawConnection(port: port, from: "127.0.0.6").request(forged) == "HTTP/1.1 403 Forbidden")
                }
                let last = environment.clock.now
                #expect(try await Self.rows(in: "downloads", of: ready.requestID, environment) == rowsBefore + 1)
                // Another address in the same minute, and the first address in the next.
                for _ in 0..<3 {
                    #expect(try await RawConnection(port: port, from: "127.0.0.7").request(forged) == "HTTP/1.1 403 Forbidden")
                }
                environment.clock.advance(by: 60)
                let nextMinute = environment.clock.now
                for _ in 0..<2 {
                    #expect(try await RawConnection(port: port, from: "127.0.0.6").request(forged) == "HTTP/1.1 403 Forbidden")
                }
                #expect(try await Self.rows(in: "downloads", of: ready.requestID, environment) == rowsBefore + 3)

                let officer = environment.credentials.centres[0].examsOfficerToken
                let answer = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)/downloads", token: officer)
                let items = try #require(try answer.object["items"] as? [[String: Any]])
                #expect(items.count == 3)
                #expect(items.map { $0["clientAddress"] as? String } == ["127.0.0.6", "127.0.0.7", "127.0.0.6"])
                #expect(items.map { $0["count"] as? Int } == [50, 3, 2])
                #expect(items.map { $0["status"] as? Int } == [403, 403, 403])
                #expect(items.map { $0["code"] as? String } == Array(repeating: "link.bad_signature", count: 3))
                #expect(items.map { $0["linkID"] as? String } == Array(repeating: ready.linkID, count: 3))
                #expect(items[0]["firstAt"] as? String == ISO8601.string(from: first))
                #expect(items[0]["at"] as? String == ISO8601.string(from: first))
                #expect(items[0]["lastAt"] as? String == ISO8601.string(from: last))
                #expect(items[1]["firstAt"] as? String == ISO8601.string(from: last))
                #expect(items[2]["firstAt"] as? String == ISO8601.string(from: nextMinute))
                #expect(items[2]["lastAt"] as? String == ISO8601.string(from: nextMinute))
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases)
    func downloadsAndCountedRefusalsArePagedTogetherInOrder(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, workers: 1, settings: Self.refusalLimit) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let port = try #require(client.port)
                let officer = environment.credentials.centres[0].examsOfficerToken
                let audit = "/api/v1/script-requests/\(ready.requestID)/downloads"
                let forged = Self.forged(ready.path)
                func refuse(_ times: Int, from address: String) async throws {
                    for _ in 0..<times {
                        #expect(try await RawConnection(port: port, from: address).request(forged) == "HTTP/1.1 403 Forbidden")
                    }
                }
                /// A whole download, waited for until the audit holds `entries`.
                func download(thenExpect entries: Int) async throws {
                    #expect(try await RawConnection(port: port, from: "127.0.0.7").fetch(ready.path).status == "HTTP/1.1 200 OK")
                    try await until("the audit holds \(entries) entries", within: .seconds(30)) {
                        try await Self.entries(audit, client: client, token: officer).count >= entries
                    }
                }
                Self.moveToNextMinute(environment)
                try await download(thenExpect: 1)
                try await refuse(5, from: "127.0.0.6")
                try await download(thenExpect: 3)
                try await refuse(2, from: "127.0.0.8")
                // Counted into the first address's entry of this minute, before the second download.
                try await refuse(3, from: "127.0.0.6")
                environment.clock.advance(by: 60)
                try await refuse(1, from: "127.0.0.6")
                try await download(thenExpect: 6)

                let expected: [[Int?]] = [[200, nil], [403, 8], [200, nil], [403, 2], [403, 1], [200, nil]]
                let whole = try await Self.entries(audit, client: client, token: officer)
                #expect(whole.map { [$0["status"] as? Int, $0["count"] as? Int] } == expected)
                #expect(
                    whole.filter { $0["count"] == nil }.allSatisfy { $0["firstAt"] == nil && $0["code"] == nil && $0["bytes"] as? Int == ready.bytes }
                )
                let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                let details = try #require(try shown.object["downloads"] as? [[String: Any]])
                #expect(details.map { [$0["status"] as? Int, $0["count"] as? Int] } == expected)
                for limit in [1, 4] {
                    var next: String? = "\(audit)?limit=\(limit)"
                    var paged: [[Int?]] = []
                    var pages = 0
                    while let page = next, pages < 10 {
                        let answer = try await client.call(.get, page, token: officer)
                        let items = try #require(try answer.object["items"] as? [[String: Any]])
                        #expect(items.count <= limit)
                        paged += items.map { [$0["status"] as? Int, $0["count"] as? Int] }
                        next = try answer.object["next"] as? String
                        pages += 1
                    }
                    #expect(paged == expected, "pages of \(limit)")
                    #expect(pages == (expected.count + limit - 1) / limit)
                }
                // Downloads stay one row each; refusals add one row per address and minute.
                #expect(try await Self.rows(in: "downloads", of: ready.requestID, environment) == 6)
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases)
    func refusedBundleDownloadsAreCountedInOneRow(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, workers: 1, settings: Self.refusalLimit) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let officer = environment.credentials.centres[0].examsOfficerToken
                let created = try await client.call(.post, "/api/v1/bundles", token: officer, json: #"{"requests": ["\#(ready.requestID)"]}"#)
                let url = try #require(try created.object["url"] as? String)
                let path = try #require(url.range(of: "/z/").map { String(url[$0.lowerBound...]) })
                Self.moveToNextMinute(environment)
                for _ in 0..<20 {
                    #expect(try await client.call(.get, Self.forged(path)).status == .forbidden)
                }
                await environment.runtime.downloads.recorded()
                let counted = try await environment.runtime.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n, CAST(SUM(attempts) AS BIGINT) AS attempts, MIN(code) AS code FROM bundle_downloads")
                        .first()
                }
                #expect(try counted?.decode(column: "n", as: Int.self) == 1)
                #expect(try counted?.decode(column: "attempts", as: Int.self) == 20)
                #expect(try counted?.decode(column: "code", as: String.self) == "link.bad_signature")
                // A download is one row of its own, recorded as its response ends.
                #expect(try await client.call(.get, path).status == .ok)
                try await until("the download is recorded", within: .seconds(30)) {
                    let rows = try await environment.runtime.database.read { db in
                        try await db.raw("SELECT COUNT(*) AS n FROM bundle_downloads").first()?.decode(column: "n", as: Int.self)
                    }
                    return rows == 2
                }
            }
        }
    }

    /// `path` (`/d/…` or `/z/…`) with its signature broken: the token still names its link,
    /// so each refusal is audited on it.
    static func forged(_ path: String) -> String {
        var forged = Array(path)
        forged[forged.count - 2] = forged[forged.count - 2] == "A" ? "B" : "A"
        return String(forged)
    }

    /// Moves the clock to a second past the start of the next minute.
    static func moveToNextMinute(_ environment: TestEnvironment) {
        let now = environment.clock.now.timeIntervalSince1970
        environment.clock.advance(by: 60 - now.truncatingRemainder(dividingBy: 60) + 1)
    }

    /// The rows of `table` for request `requestID`.
    static func rows(in table: String, of requestID: String, _ environment: TestEnvironment) async throws -> Int {
        await environment.runtime.downloads.recorded()
        return try await environment.runtime.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE request_id = \(bind: requestID)").first()?.decode(
                column: "n",
                as: Int.self
            ) ?? -1
        }
    }

    /// The first page of a request's audit.
    static func entries(_ audit: String, client: some TestClientProtocol, token: String) async throws -> [[String: Any]] {
        try await client.call(.get, audit, token: token).object["items"] as? [[String: Any]] ?? []
    }
}
