import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskDemo
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// A request's audit is read a page at a time: its details carry the first hundred
/// downloads, and the rest follow page by page, in order, each once.
@Suite struct DownloadAuditPageTests {
    @Test func aLongAuditIsPagedInOrderWithNothingMissedOrRepeated() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let attempts = (0..<250).map { index in
                    DownloadLinks.Download(
                        linkID: ready.linkID,
                        requestID: ready.requestID,
                        clientAddress: "192.0.2.\(index % 200)",
                        bytes: Int64(index),
                        status: 403,
                        at: environment.clock.now
                    )
                }
                try await environment.runtime.database.transaction { try await DownloadLinks().record(attempts, on: $0) }

                let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                let first = try #require(try shown.object["downloads"] as? [[String: Any]])
                #expect(first.count == 100)
                var next = (try shown.object["links"] as? [String: String])?["moreDownloads"]
                var bytes = first.compactMap { $0["bytes"] as? Int }
                var pages = 0
                while let page = next, pages < 10 {
                    let answer = try await client.call(.get, page, token: officer)
                    #expect(answer.status == .ok)
                    let items = try #require(try answer.object["items"] as? [[String: Any]])
                    #expect(items.count <= 100)
                    bytes += items.compactMap { $0["bytes"] as? Int }
                    next = try answer.object["next"] as? String
                    pages += 1
                }
                #expect(bytes == Array(0..<250))
                // Another centre's caller learns nothing of the request.
                let stranger = environment.credentials.centres[1].examsOfficerToken
                #expect(try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)/downloads", token: stranger).status == .notFound)
                #expect(
                    try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)/downloads?limit=0", token: officer).status == .badRequest
                )
            }
        }
    }
}
