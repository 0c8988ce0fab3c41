import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskQueue
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// A copy's link after the series' script retention end, as its holder sees it.
@Suite struct RetentionDownloadTests {
    @Test func aDownloadAfterTheRetentionEndIsRefusedAsWithdrawn() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue)
                let id = try #require(try await client.call(.post, "/api/v1/script-requests", token: token, json: body).object["id"] as? String)
                let settled = try await client.settled(id, token: token)
                let url = try #require((try settled.object["download"] as? [String: Any])?["url"] as? String)
                let path = try #require(url.range(of: "/d/").map { String(url[$0.lowerBound...]) })
                #expect(try await client.call(.get, path).status == .ok)

                let series = try #require(try await environment.runtime.database.read { try await ReferenceData().series("2026-06", on: $0) })
                environment.clock.advance(by: series.calendar.scriptRetentionEnd.timeIntervalSince(environment.clock.now) + 1)
                try await environment.runtime.retentionJob().run(.byHand(kind: RetentionJob.kind, now: environment.clock.now))

                let refused = try await client.call(.get, path)
                #expect(refused.status == .gone)
                #expect(refused.errorCode == "link.revoked")
                #expect(Data(buffer: refused.body).range(of: Data("%PDF".utf8)) == nil)
                let after = try await client.call(.get, "/api/v1/script-requests/\(id)", token: token)
                #expect(try after.object["status"] as? String == "expired")
                let timeline = try #require(try after.object["timeline"] as? [[String: Any]])
                #expect(timeline.last?["detail"] as? String == RetentionJob.deletedDetail)
            }
        }
    }
}
