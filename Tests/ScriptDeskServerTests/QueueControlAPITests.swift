import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// `POST /api/v1/queue/retry` and `/cancel` over HTTP: operations only, a filter required,
/// and the centre's request follows the job.
@Suite struct QueueControlAPITests {
    @Test func operationsCancelAWaitingCopyAndTheCentreSeesWhy() async throws {
        try await TestEnvironment.with { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            let operations = environment.credentials.operationsToken
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue)
                let created = try await client.call(.post, "/api/v1/script-requests", token: officer, json: body)
                let id = try #require(try created.object["id"] as? String)

                let forbidden = try await client.call(.post, "/api/v1/queue/cancel", token: officer, json: #"{"states":["waiting"]}"#)
                #expect(forbidden.status == .forbidden)
                let unfiltered = try await client.call(.post, "/api/v1/queue/cancel", token: operations, json: "{}")
                #expect(unfiltered.status == .unprocessableContent)
                #expect(unfiltered.errorCode == "queue.filter_required")
                let running = try await client.call(.post, "/api/v1/queue/retry", token: operations, json: #"{"states":["running"]}"#)
                #expect(running.errorCode == "queue.state_not_controllable")
                let badLane = try await client.call(.post, "/api/v1/queue/retry", token: operations, json: #"{"lane":"fast"}"#)
                #expect(badLane.errorCode == "queue.bad_lane")

                let cancelled = try await client.call(
                    .post,
                    "/api/v1/queue/cancel",
                    token: operations,
                    json: #"{"states":["waiting"],"kind":"script-copy"}"#
                )
                #expect(cancelled.status == .ok)
                #expect((try cancelled.object["changed"] as? [Int])?.count == 1)
                #expect(try cancelled.object["action"] as? String == "cancel")

                let seen = try await client.call(.get, "/api/v1/script-requests/\(id)", token: officer)
                #expect(try seen.object["status"] as? String == "failed")
                let failure = try #require(try seen.object["failure"] as? [String: Any])
                #expect(failure["code"] as? String == "job.cancelled")
            }
        }
    }
}
