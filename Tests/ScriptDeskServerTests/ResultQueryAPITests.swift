import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

/// `/api/v1/mir` over a live server: a missing result queried with its due date, every
/// refusal by its code and status, another centre's candidate and queries hidden, the
/// listing's filters and pages, a correction that revises the result (the results API shows
/// it revised, the "no result" indicator gone) and an explanation that leaves it, each final
/// and emailed to the centre through a real SMTP server, and the window to the second.
@Suite struct ResultQueryAPITests {
    static func body(
        _ component: String,
        _ candidate: String,
        _ reason: String,
        detail: String? = "Section B is not in the mark.",
        indicator: String? = nil,
        series: String = "2026-06"
    ) throws -> String {
        var object: [String: String] = ["series": series, "component": component, "candidate": candidate, "reason": reason]
        object["detail"] = detail
        object["indicator"] = indicator
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Waits up to a minute for the email with `messageID` to reach the sink.
    static func email(_ messageID: String) async throws -> SMTPSink.Received {
        let deadline = ContinuousClock.now + .seconds(60)
        var received = try? SMTPSink.received(messageID: messageID)
        while received == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            received = try? SMTPSink.received(messageID: messageID)
        }
        return try #require(received, "no email \(messageID) within a minute")
    }

    @Test func queriesAreMadeRefusedResolvedListedAndMailed() async throws {
        let mail = ["SCRIPTDESK_SMTP_URL": try SMTPSink.url(), "SCRIPTDESK_SMTP_TLS": "none"]
        try await TestEnvironment.with(workers: 1, settings: mail) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let other = environment.credentials.centres[1].examsOfficerToken
            let teacher = environment.credentials.centres[0].teacherToken
            let operations = environment.credentials.operationsToken
            let day: TimeInterval = 86_400
            let marked = try await environment.heldScript(in: [.gce])
            let gcse = try await environment.heldScript(in: [.gcse])
            let component = marked.component.code
            // Candidate 0042 has no result for the component (X); 0043's result is held as pending (Q).
            var missing = marked.result
            missing.candidate = CandidateNumber("0042")!
            missing.mark = nil
            missing.grade = nil
            missing.indicators = [.noResult]
            var pending = marked.result
            pending.candidate = CandidateNumber("0043")!
            pending.indicators = [.pending]
            try await environment.runtime.database.transaction { db in
                for result in [missing, pending] {
                    try await ReferenceData().save(Candidate(centre: result.centre, number: result.candidate, uci: "X", name: "Queried"), on: db)
                    try await ReferenceData().save(result, on: db)
                }
            }
            let boundaries = try #require(
                try await environment.runtime.database.read { try await ResultHistory().boundaries(series: "2026-06", component: component, on: $0) }
            )
            try await environment.application().test(.live) { client in
                let made = try await client.call(.post, "/api/v1/mir", token: token, json: try Self.body(component, "0042", "missing-result"))
                #expect(made.status == .created)
                let query = try made.object
                let id = try #require(query["id"] as? String)
                #expect(made.headers[.location] == "/api/v1/mir/\(id)")
                #expect(query["status"] as? String == "received" && query["reason"] as? String == "missing-result")
                #expect(query["reference"] as? String == String(id.prefix(8)).uppercased())
                #expect(query["dueDate"] as? String == ISO8601.string(from: environment.clock.now + 10 * day))
                #expect(query["detail"] as? String == "Section B is not in the mark.")

                // Every refusal names its rule.
                let refusals: [(String, String?, HTTPResponse.Status, String)] = [
                    (try Self.body(component, "0042", "incomplete-result", detail: " \n "), token, .unprocessableContent, "mir.detail_required"),
                    (try Self.body(component, "0042", "incomplete-result", detail: nil), token, .unprocessableContent, "mir.detail_required"),
                    (
                        try Self.body(component, "0042", "incomplete-result", detail: String(repeating: "x", count: 2_001)), token,
                        .unprocessableContent, "mir.detail_too_long"
                    ),
                    (try Self.body(component, "0043", "incorrect-indicator"), token, .unprocessableContent, "mir.indicator_required"),
                    (
                        try Self.body(component, "0043", "incorrect-indicator", indicator: "U"), token, .unprocessableContent,
                        "mir.indicator_not_applied"
                    ),
                    (
                        try Self.body(component, marked.result.candidate.rawValue, "missing-result"), token, .unprocessableContent,
                        "mir.result_present"
                    ),
                    (try Self.body(gcse.component.code, "0042", "missing-result"), token, .unprocessableContent, "mir.no_entry"),
                    (try Self.body(component, "0042", "missing-result", detail: "Still missing."), token, .conflict, "mir.already_open"),
                    (try Self.body(component, "0042", "lost-result"), token, .badRequest, "request.invalid"),
                    (try Self.body(component, "0043", "incorrect-indicator", indicator: "Z"), token, .badRequest, "request.invalid"),
                    (try Self.body(component, "9999", "missing-result"), token, .notFound, "request.unknown_candidate"),
                    (try Self.body("NOPE/01", "0042", "missing-result"), token, .notFound, "request.unknown_component"),
                    (try Self.body(component, "0042", "missing-result", series: "1999-06"), token, .notFound, "request.unknown_series"),
                    (try Self.body(component, "0042", "incomplete-result"), other, .notFound, "request.unknown_candidate"),
                    (try Self.body(component, "0042", "incomplete-result"), teacher, .forbidden, "auth.forbidden"),
                    (try Self.body(component, "0042", "incomplete-result"), operations, .forbidden, "auth.forbidden"),
                    ("{", token, .badRequest, "request.bad_json"),
                ]
                for (body, who, status, code) in refusals {
                    let answer = try await client.call(.post, "/api/v1/mir", token: who, json: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body.prefix(120)) → \(answer.status) \(answer.errorCode ?? "")")
                }

                let indicatorQuery = try await client.call(
                    .post,
                    "/api/v1/mir",
                    token: token,
                    json: try Self.body(component, "0043", "incorrect-indicator", detail: "Marks are final.", indicator: "Q")
                )
                #expect(try indicatorQuery.status == .created && indicatorQuery.object["indicator"] as? String == "Q")
                let indicatorID = try #require(try indicatorQuery.object["id"] as? String)
                let incomplete = try await client.call(
                    .post,
                    "/api/v1/mir",
                    token: token,
                    json: try Self.body(component, marked.result.candidate.rawValue, "incomplete-result")
                )
                #expect(incomplete.status == .created)

                // Another centre sees none of it.
                let hidden = try await client.call(.get, "/api/v1/mir/\(id)", token: other)
                #expect(hidden.status == .notFound && hidden.errorCode == "mir.not_found")
                #expect(try await client.call(.get, "/api/v1/mir", token: other).object["total"] as? Int == 0)
                #expect(try await client.call(.get, "/api/v1/mir", token: teacher).status == .forbidden)

                // The listing filters and pages.
                #expect(try await client.call(.get, "/api/v1/mir", token: token).object["total"] as? Int == 3)
                #expect(try await client.call(.get, "/api/v1/mir", token: operations).object["total"] as? Int == 3)
                #expect(try await client.call(.get, "/api/v1/mir?reason=missing-result", token: token).object["total"] as? Int == 1)
                #expect(try await client.call(.get, "/api/v1/mir?series=2026-06&status=received", token: token).object["total"] as? Int == 3)
                #expect(try await client.call(.get, "/api/v1/mir?series=2025-11", token: token).object["total"] as? Int == 0)
                #expect(try await client.call(.get, "/api/v1/mir?status=lost", token: token).status == .badRequest)
                #expect(try await client.call(.get, "/api/v1/mir?reason=lost", token: token).status == .badRequest)
                let first = try await client.call(.get, "/api/v1/mir?reason=incorrect-indicator&limit=1", token: token).object
                #expect((first["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [indicatorID] && first["next"] == nil)
                let paged = try await client.call(.get, "/api/v1/mir?limit=2", token: token).object
                #expect((paged["items"] as? [Any])?.count == 2 && paged["next"] as? String == "/api/v1/mir?limit=2&offset=2")

                // Operations resolve; the body is one shape or the other.
                let top = try #require(boundaries.boundaries.first)
                let correct = #"{"mark": \#(top.lowestMark), "reason": "Section B was found and marked"}"#
                let resolution = "/api/v1/mir/\(id)/resolution"
                let shapes: [(String, String?, HTTPResponse.Status, String)] = [
                    (correct, token, .forbidden, "auth.forbidden"),
                    ("{}", operations, .badRequest, "request.invalid"),
                    (#"{"mark": 5, "explanation": "Both"}"#, operations, .badRequest, "request.invalid"),
                    (#"{"reason": "No mark"}"#, operations, .badRequest, "request.invalid"),
                    (#"{"mark": "five", "reason": "x"}"#, operations, .badRequest, "request.bad_json"),
                    ("{", operations, .badRequest, "request.bad_json"),
                    (#"{"mark": \#(marked.component.maxMark + 1), "reason": "x"}"#, operations, .unprocessableContent, "mir.bad_mark"),
                    (#"{"mark": -1, "reason": "x"}"#, operations, .unprocessableContent, "mir.bad_mark"),
                    (#"{"mark": 5}"#, operations, .unprocessableContent, "mir.reason_required"),
                    (#"{"explanation": "  "}"#, operations, .unprocessableContent, "mir.reason_required"),
                ]
                for (body, who, status, code) in shapes {
                    let answer = try await client.call(.post, resolution, token: who, json: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body) → \(answer.status) \(answer.errorCode ?? "")")
                }
                let unknown = try await client.call(.post, "/api/v1/mir/no-such-query/resolution", token: operations, json: correct)
                #expect(unknown.status == .notFound && unknown.errorCode == "mir.not_found")

                // A correction revises the result and is final.
                let corrected = try await client.call(.post, resolution, token: operations, json: correct)
                #expect(try corrected.status == .ok && corrected.object["status"] as? String == "resolved")
                let shown = try #require(try corrected.object["resolution"] as? [String: Any])
                #expect(shown["kind"] as? String == "corrected" && shown["previousMark"] == nil && shown["mark"] as? Int == top.lowestMark)
                #expect(shown["grade"] as? String == top.grade && shown["reason"] as? String == "Section B was found and marked")
                let again = try await client.call(.post, resolution, token: operations, json: #"{"explanation": "Changed our mind"}"#)
                #expect(again.status == .conflict && again.errorCode == "mir.resolved_final")
                let details = try await client.call(.get, "/api/v1/mir/\(id)", token: token).object
                let timeline = try #require(details["timeline"] as? [[String: Any]])
                #expect(timeline.map { $0["status"] as? String } == ["received", "resolved"])
                #expect((details["resolution"] as? [String: Any])?["kind"] as? String == "corrected")

                let results = try await client.call(.get, "/api/v1/results?series=2026-06&limit=500", token: token)
                func row(_ candidate: String) throws -> [String: Any]? {
                    try (results.object["items"] as? [[String: Any]])?.first {
                        ($0["candidate"] as? [String: Any])?["number"] as? String == candidate
                            && ($0["component"] as? [String: Any])?["code"] as? String == component
                    }
                }
                let revised = try #require(try row("0042"))
                #expect(revised["mark"] as? Int == top.lowestMark && revised["grade"] as? String == top.grade)
                #expect(revised["revised"] as? Bool == true && revised["indicators"] as? [String] == [])
                // The result is no longer missing.
                let present = try await client.call(.post, "/api/v1/mir", token: token, json: try Self.body(component, "0042", "missing-result"))
                #expect(present.status == .unprocessableContent && present.errorCode == "mir.result_present")

                let domain = environment.runtime.settings.mail.from.domain
                let correction = try await Self.email("result-query-resolution.\(id)@\(domain)")
                #expect(correction.recipients.count == 1 && correction.recipients[0].hasPrefix("exams-officer@"))
                #expect(correction.body.contains("reference \(String(id.prefix(8)).uppercased())"))
                #expect(correction.body.contains("a missing result") && correction.body.contains("Section B is not in the mark."))
                #expect(correction.body.contains("Mark before: none, grade none"))
                #expect(correction.body.contains("Mark after:  \(top.lowestMark), grade \(top.grade)"))
                #expect(correction.body.contains("Section B was found and marked"))
                #expect(correction.defects.isEmpty)

                // An explanation leaves the result as it was.
                let explanation = "The candidate's marks are held while a malpractice case is decided."
                let explained = try await client.call(
                    .post,
                    "/api/v1/mir/\(indicatorID)/resolution",
                    token: operations,
                    json: #"{"explanation": "\#(explanation)"}"#
                )
                #expect(explained.status == .ok)
                let answer = try #require(try explained.object["resolution"] as? [String: Any])
                #expect(answer["kind"] as? String == "explained" && answer["explanation"] as? String == explanation && answer["mark"] == nil)
                let unchanged = try #require(try row("0043"))
                #expect(unchanged["indicators"] as? [String] == ["Q"] && unchanged["revised"] as? Bool == false)
                let explainedMail = try await Self.email("result-query-resolution.\(indicatorID)@\(domain)")
                #expect(explainedMail.body.contains("an incorrect indicator (indicator \"Q\")"))
                #expect(explainedMail.body.contains("The result stands unchanged.") && explainedMail.body.contains("Explanation: \(explanation)"))
                #expect(!explainedMail.body.contains("Mark after:"))
                #expect(try await client.call(.get, "/api/v1/mir?status=resolved", token: token).object["total"] as? Int == 2)

                // The window: closed before results day, open to its deadline, refused a second after it.
                let calendar = try #require(try await environment.runtime.database.read { try await ReferenceData().series("2026-06", on: $0) })
                    .calendar
                environment.clock.advance(by: calendar.resultsDay.timeIntervalSince(environment.clock.now) - 1)
                let early = try await client.call(
                    .post,
                    "/api/v1/mir",
                    token: token,
                    json: try Self.body(gcse.component.code, gcse.result.candidate.rawValue, "incomplete-result")
                )
                #expect(early.status == .unprocessableContent && early.errorCode == "mir.not_open")
                environment.clock.advance(by: calendar.finalEnquiryDeadline.timeIntervalSince(environment.clock.now) - 1)
                let last = try await client.call(
                    .post,
                    "/api/v1/mir",
                    token: token,
                    json: try Self.body(gcse.component.code, gcse.result.candidate.rawValue, "incomplete-result")
                )
                #expect(last.status == .created)
                environment.clock.advance(by: 2)
                let late = try await client.call(
                    .post,
                    "/api/v1/mir",
                    token: token,
                    json: try Self.body(component, "0043", "incorrect-indicator", detail: "Marks are final.", indicator: "Q")
                )
                #expect(late.status == .unprocessableContent && late.errorCode == "mir.deadline_passed")
                let message = try late.object.description
                #expect(message.contains("final enquiry deadline") && message.contains(ISO8601.string(from: calendar.finalEnquiryDeadline)))
            }
        }
    }
}
