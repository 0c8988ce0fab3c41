import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// Every refusal of the request API, over HTTP, with its status and stable code.
@Suite struct RefusalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .post
        var uri = "/api/v1/script-requests"
        var who: Who = .examsOfficer
        var body: @Sendable (Board) -> String? = { _ in nil }
        var status: HTTPResponse.Status
        var code: String

        var testDescription: String { name }
    }

    enum Who: Sendable {
        case nobody, forged, examsOfficer, teacher
    }

    /// What the cases need to know about the seeded board.
    struct Board: Sendable {
        var gce: ResultListing
        var gcse: ResultListing
        var otherCentresCandidate: String
    }

    static let cases: [Case] = [
        Case(
            name: "no token",
            who: .nobody,
            body: { submission(component: $0.gce.component.code, candidate: $0.gce.result.candidate.rawValue) },
            status: .unauthorized,
            code: "auth.required"
        ),
        Case(
            name: "forged token",
            who: .forged,
            body: { submission(component: $0.gce.component.code, candidate: $0.gce.result.candidate.rawValue) },
            status: .unauthorized,
            code: "auth.invalid"
        ),
        Case(name: "bad JSON", body: { _ in "{\"series\": " }, status: .badRequest, code: "request.bad_json"),
        Case(
            name: "no kind",
            body: { _ in #"{"series": "2026-06", "component": "H240/01", "candidate": "0001"}"# },
            status: .badRequest,
            code: "request.invalid"
        ),
        Case(
            name: "GCSE priority copy",
            body: { submission(component: $0.gcse.component.code, candidate: $0.gcse.result.candidate.rawValue) },
            status: .unprocessableContent,
            code: "request.not_eligible"
        ),
        Case(
            name: "no consent",
            body: { submission(component: $0.gce.component.code, candidate: $0.gce.result.candidate.rawValue, agreed: false) },
            status: .unprocessableContent,
            code: "request.consent_missing"
        ),
        Case(
            name: "consent from the future",
            body: { submission(component: $0.gce.component.code, candidate: $0.gce.result.candidate.rawValue, obtainedAt: "2099-01-01T00:00:00Z") },
            status: .unprocessableContent,
            code: "request.consent_invalid"
        ),
        Case(
            name: "unknown component",
            body: { submission(component: "ZZ999/01", candidate: $0.gce.result.candidate.rawValue) },
            status: .notFound,
            code: "request.unknown_component"
        ),
        Case(
            name: "unknown candidate",
            body: { submission(component: $0.gce.component.code, candidate: "9999") },
            status: .notFound,
            code: "request.unknown_candidate"
        ),
        Case(
            name: "another centre's candidate",
            body: { submission(component: $0.gce.component.code, candidate: $0.otherCentresCandidate) },
            status: .notFound,
            code: "request.unknown_candidate"
        ),
        Case(
            name: "teacher asks for a priority copy",
            who: .teacher,
            body: { submission(component: $0.gce.component.code, candidate: $0.gce.result.candidate.rawValue) },
            status: .forbidden,
            code: "auth.forbidden"
        ),
        Case(
            name: "another centre's request",
            method: .get,
            uri: "/api/v1/script-requests/00000000-0000-0000-0000-000000000000",
            status: .notFound,
            code: "request.not_found"
        ),
        Case(name: "results without a series", method: .get, uri: "/api/v1/results", status: .badRequest, code: "request.invalid"),
        Case(
            name: "results for a teacher",
            method: .get,
            uri: "/api/v1/results?series=2026-06",
            who: .teacher,
            status: .forbidden,
            code: "auth.forbidden"
        ),
        Case(name: "the queue monitor for an exams officer", method: .get, uri: "/api/v1/queue", status: .forbidden, code: "auth.forbidden"),
        Case(name: "metrics for an exams officer", method: .get, uri: "/metrics", status: .forbidden, code: "auth.forbidden"),
        Case(name: "metrics without a token", method: .get, uri: "/metrics", who: .nobody, status: .unauthorized, code: "auth.required"),
        Case(name: "a page too long", method: .get, uri: "/api/v1/results?series=2026-06&limit=5000", status: .badRequest, code: "request.invalid"),
    ]

    /// Adds a candidate that only the second centre has.
    static func addCandidateOnlyAtSecondCentre(_ environment: TestEnvironment, like listing: ResultListing) async throws -> String {
        let other = CentreNumber(environment.credentials.centres[1].number)!
        let number = CandidateNumber("0042")!
        let reference = ReferenceData()
        try await environment.runtime.database.transaction { db in
            try await reference.save(Candidate(centre: other, number: number, uci: "X", name: "Only Elsewhere"), on: db)
            var result = listing.result
            result.centre = other
            result.candidate = number
            try await reference.save(result, on: db)
        }
        return number.rawValue
    }

    @Test func everyRefusalNamesItsRule() async throws {
        try await TestEnvironment.with { environment in
            let gce = try await environment.heldScript(in: [.gce])
            let board = Board(
                gce: gce,
                gcse: try await environment.heldScript(in: [.gcse]),
                otherCentresCandidate: try await Self.addCandidateOnlyAtSecondCentre(environment, like: gce)
            )
            let centre = environment.credentials.centres[0]
            try await environment.application().test(.live) { client in
                for refusal in Self.cases {
                    let token: String? =
                        switch refusal.who {
                        case .nobody: nil
                        case .forged: "sd_forged"
                        case .examsOfficer: centre.examsOfficerToken
                        case .teacher: centre.teacherToken
                        }
                    let response = try await client.call(refusal.method, refusal.uri, token: token, json: refusal.body(board))
                    #expect(response.status == refusal.status, "\(refusal.name)")
                    #expect(response.errorCode == refusal.code, "\(refusal.name)")
                    let message = (try? response.object["error"] as? [String: Any])?["message"] as? String
                    #expect(message?.isEmpty == false, "\(refusal.name) has no message")
                }
            }
        }
    }

    @Test func anotherCentresRequestIsInvisible() async throws {
        try await TestEnvironment.with { environment in
            let first = environment.credentials.centres[0]
            let second = environment.credentials.centres[1]
            let theirs = try await environment.heldScript(in: [.gce], centre: CentreNumber(second.number)!)
            try await environment.application().test(.live) { client in
                let body = submission(component: theirs.component.code, candidate: theirs.result.candidate.rawValue)
                let created = try await client.call(.post, "/api/v1/script-requests", token: second.examsOfficerToken, json: body)
                #expect(created.status == .accepted)
                let id = try #require(try created.object["id"] as? String)
                for uri in ["/api/v1/script-requests/\(id)", "/api/v1/script-requests/\(id)?wait=5"] {
                    let peek = try await client.call(.get, uri, token: first.examsOfficerToken)
                    #expect(peek.status == .notFound, "\(uri)")
                    #expect(peek.errorCode == "request.not_found")
                }
                let ours = try await client.call(.get, "/api/v1/script-requests", token: first.examsOfficerToken)
                #expect(try ours.object["total"] as? Int == 0)
                let theirsListed = try await client.call(.get, "/api/v1/script-requests", token: second.examsOfficerToken)
                #expect(try theirsListed.object["total"] as? Int == 1)
                // A teacher of the same centre sees no priority copy either.
                let teacher = try await client.call(.get, "/api/v1/script-requests/\(id)", token: second.teacherToken)
                #expect(teacher.status == .notFound)
                // An exams officer cannot read another centre's results by naming it.
                let results = try await client.call(.get, "/api/v1/results?series=2026-06&centre=\(second.number)", token: first.examsOfficerToken)
                let rows = try #require(try results.object["items"] as? [[String: Any]])
                #expect(!rows.isEmpty)
                let ownNames = try await environment.runtime.database.read { db in
                    try await ReferenceData().results(series: "2026-06", centre: CentreNumber(first.number)!, page: Page(limit: 500), on: db)
                }.items.map(\.candidateName)
                #expect(rows.compactMap { ($0["candidate"] as? [String: Any])?["name"] as? String } == Array(ownNames.prefix(rows.count)))
            }
        }
    }

    @Test func aRequestAfterTheDeadlineNamesTheDeadline() async throws {
        try await TestEnvironment.with { environment in
            let gce = try await environment.heldScript(in: [.gce])
            let token = environment.credentials.centres[0].examsOfficerToken
            environment.clock.advance(by: 8 * 86_400)
            try await environment.application().test(.live) { client in
                let body = submission(component: gce.component.code, candidate: gce.result.candidate.rawValue)
                let response = try await client.call(.post, "/api/v1/script-requests", token: token, json: body)
                #expect(response.status == .unprocessableContent)
                #expect(response.errorCode == "request.deadline_passed")
                let message = (try response.object["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("priority script deadline") == true)
                let listing = try await client.call(.get, "/api/v1/script-requests", token: token)
                #expect(try listing.object["total"] as? Int == 0)
            }
        }
    }

    @Test func resultsAreTheCallersCentreOnly() async throws {
        try await TestEnvironment.with { environment in
            let first = environment.credentials.centres[0]
            try await environment.application().test(.live) { client in
                let response = try await client.call(.get, "/api/v1/results?series=2026-06&limit=2", token: first.examsOfficerToken)
                #expect(response.status == .ok)
                let object = try response.object
                let items = try #require(object["items"] as? [[String: Any]])
                #expect(items.count == 2)
                #expect((object["total"] as? Int ?? 0) > 2)
                #expect(object["next"] as? String == "/api/v1/results?series=2026-06&limit=2&offset=2")
                let candidate = try #require(items.first?["candidate"] as? [String: Any])
                #expect(candidate["number"] as? String == "0001")
                let operations = try await client.call(
                    .get,
                    "/api/v1/results?series=2026-06&centre=\(environment.credentials.centres[1].number)",
                    token: environment.credentials.operationsToken
                )
                #expect(operations.status == .ok)
                let monitor = try await client.call(.get, "/api/v1/queue", token: environment.credentials.operationsToken)
                #expect(monitor.status == .ok)
                let lanes = try #require(try monitor.object["lanes"] as? [[String: Any]])
                #expect(lanes.compactMap { $0["lane"] as? String } == ["priority", "standard"])
                let metrics = try await client.call(.get, "/metrics", token: environment.credentials.operationsToken)
                #expect(metrics.status == .ok)
                let text = String(buffer: metrics.body)
                #expect(text.contains(#"scriptdesk_queue_jobs{lane="priority",state="waiting"} 0"#))
                #expect(text.contains(#"scriptdesk_queue_oldest_waiting_seconds{lane="standard"}"#))
                // Each lane against its target (5 minutes for priority copies, a day for the rest).
                #expect(text.contains(#"scriptdesk_queue_target_seconds{lane="priority"} 300"#))
                #expect(text.contains(#"scriptdesk_queue_target_seconds{lane="standard"} 86400"#))
                #expect(text.contains(#"scriptdesk_queue_target_breached{lane="priority"} 0"#))
                #expect(text.contains(#"scriptdesk_queue_dead_last_hour{lane="standard"} 0"#))
                #expect(text.contains("scriptdesk_queue_workers_live "))
            }
        }
    }
}
