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

/// `/api/v1/enquiries` over a live server: an enquiry made with its due date and fee, every
/// refusal by its code and status, another centre's candidate and enquiries hidden, an
/// outcome recorded by operations (final, the fee waived on a grade change, the last day to
/// appeal, emailed to the centre through a real SMTP server), the listing's filters and the
/// fees owed as CSV.
@Suite struct EnquiryAPITests {
    struct Board {
        var gce: ResultListing
        var gcse: ResultListing
        var token: String
        var otherToken: String
        var consent: String
    }

    static func body(_ row: ResultListing, _ service: String, candidate: String? = nil, consent: String?) -> String {
        let who = candidate ?? row.result.candidate.rawValue
        let consentPart = consent.map { #", "consent": \#($0)"# } ?? ""
        return #"{"series": "2026-06", "component": "\#(row.component.code)", "candidate": "\#(who)", "service": "\#(service)"\#(consentPart)}"#
    }

    @Test func enquiriesAreMadeRefusedDecidedListedAndCharged() async throws {
        let mail = ["SCRIPTDESK_SMTP_URL": try SMTPSink.url(), "SCRIPTDESK_SMTP_TLS": "none"]
        try await TestEnvironment.with(workers: 1, settings: mail) { environment in
            let obtained = ISO8601.string(from: environment.clock.now - 3_600)
            let consent = #"{"candidateAgreed": true, "obtainedAt": "\#(obtained)", "acknowledgesMarksMayGoDown": true}"#
            let tooEarly = ISO8601.string(from: environment.clock.now - 30 * 86_400)
            let token = environment.credentials.centres[0].examsOfficerToken
            let other = environment.credentials.centres[1].examsOfficerToken
            let operations = environment.credentials.operationsToken
            let gce = try await environment.heldScript(in: [.gce])
            let gcse = try await environment.heldScript(in: [.gcse])
            try await environment.application().test(.live) { client in
                // The demo's decided enquiries (a clerical check in June and one in January,
                // per centre) are there from the start: what follows counts from them.
                let before = try await Self.fees(client, token: token)
                let otherBefore = try await Self.fees(client, token: other)
                let made = try await client.call(
                    .post,
                    "/api/v1/enquiries",
                    token: token,
                    json: Self.body(gce, "review-of-marking", consent: consent)
                )
                #expect(made.status == .created)
                let enquiry = try made.object
                let id = try #require(enquiry["id"] as? String)
                #expect(made.headers[.location] == "/api/v1/enquiries/\(id)")
                #expect(enquiry["status"] as? String == "received" && enquiry["reference"] as? String == String(id.prefix(8)).uppercased())
                #expect(enquiry["dueDate"] as? String == ISO8601.string(from: environment.clock.now + 20 * 86_400))
                #expect((enquiry["fee"] as? [String: Any])?["pounds"] as? String == "46.00")

                // Every refusal names its rule.
                let refusals: [(String, String?, HTTPResponse.Status, String)] = [
                    (Self.body(gce, "clerical-check", consent: nil), token, .unprocessableContent, "enquiry.consent_missing"),
                    (
                        Self.body(gce, "clerical-check", consent: #"{"candidateAgreed": true, "obtainedAt": "\#(obtained)"}"#), token,
                        .unprocessableContent, "enquiry.consent_missing"
                    ),
                    (
                        Self.body(
                            gce,
                            "clerical-check",
                            consent: #"{"candidateAgreed": true, "obtainedAt": "\#(tooEarly)", "acknowledgesMarksMayGoDown": true}"#
                        ),
                        token, .unprocessableContent, "enquiry.consent_invalid"
                    ),
                    (Self.body(gcse, "priority-review-of-marking", consent: consent), token, .unprocessableContent, "enquiry.not_eligible"),
                    (Self.body(gce, "priority-review-of-marking", consent: consent), token, .unprocessableContent, "enquiry.already_reviewed"),
                    (Self.body(gce, "review-of-moderation", consent: nil), token, .unprocessableContent, "enquiry.moderation_needs_cohort"),
                    (Self.body(gce, "review-of-moderation", candidate: "", consent: nil), token, .unprocessableContent, "enquiry.not_moderated"),
                    (Self.body(gce, "clerical-check", candidate: "9999", consent: consent), token, .notFound, "request.unknown_candidate"),
                    (Self.body(gce, "re-mark", consent: consent), token, .badRequest, "request.invalid"),
                    (
                        Self.body(gce, "clerical-check", consent: consent), environment.credentials.centres[0].teacherToken, .forbidden,
                        "auth.forbidden"
                    ),
                    (Self.body(gce, "clerical-check", consent: consent), operations, .forbidden, "auth.forbidden"),
                    ("{", token, .badRequest, "request.bad_json"),
                ]
                for (body, who, status, code) in refusals {
                    let answer = try await client.call(.post, "/api/v1/enquiries", token: who, json: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body) → \(answer.status) \(answer.errorCode ?? "")")
                }

                // Another centre sees none of it.
                #expect(try await client.call(.get, "/api/v1/enquiries/\(id)", token: other).status == .notFound)
                #expect(try await client.call(.get, "/api/v1/enquiries?status=received", token: other).object["total"] as? Int == 0)

                // Operations record the outcome; it is final.
                let boundaries = try #require(
                    try await environment.runtime.database.read {
                        try await ResultHistory().boundaries(series: "2026-06", component: gce.component.code, on: $0)
                    }
                )
                let mark = try #require(gce.result.mark)
                let higher = boundaries.boundaries.last { $0.lowestMark > mark }?.lowestMark
                let newMark = higher ?? mark
                let outcomeBody = #"{"mark": \#(newMark), "reason": "Question 3 was not added in"}"#
                #expect(try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: token, json: outcomeBody).status == .forbidden)
                let decided = try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: operations, json: outcomeBody)
                #expect(decided.status == .ok)
                let outcome = try #require(try decided.object["outcome"] as? [String: Any])
                #expect(outcome["mark"] as? Int == newMark && outcome["previousMark"] as? Int == mark)
                #expect(outcome["grade"] as? String == boundaries.grade(for: newMark) && outcome["previousGrade"] as? String == gce.result.grade)
                #expect(try decided.object["appealBy"] as? String == ISO8601.string(from: environment.clock.now + 14 * 86_400))
                #expect((try decided.object["feeOwed"] as? [String: Any])?["pence"] as? Int == (higher == nil ? 4_600 : 0))
                // The centre's exams officer is emailed the outcome and the last day to appeal.
                let messageID = "enquiry-outcome.\(id)@\(environment.runtime.settings.mail.from.domain)"
                let deadline = ContinuousClock.now + .seconds(60)
                var received = try? SMTPSink.received(messageID: messageID)
                while received == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    received = try? SMTPSink.received(messageID: messageID)
                }
                let email = try #require(received, "no outcome email within a minute")
                #expect(email.recipients.count == 1 && email.recipients[0].hasPrefix("exams-officer@"))
                #expect(email.body.contains("Mark before: \(mark), grade \(gce.result.grade ?? "")"))
                #expect(email.body.contains("Mark after:  \(newMark), grade \(boundaries.grade(for: newMark))"))
                #expect(email.body.contains("Question 3 was not added in"))
                #expect(email.body.contains(ISO8601.string(from: environment.clock.now + 14 * 86_400)))
                #expect(email.defects.isEmpty)

                let again = try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: operations, json: outcomeBody)
                #expect(again.status == .conflict && again.errorCode == "enquiry.outcome_final")
                let badMark = try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: operations, json: #"{"reason": "x"}"#)
                #expect(badMark.status == .badRequest)

                let shown = try await client.call(.get, "/api/v1/enquiries/\(id)", token: token)
                let timeline = try #require(try shown.object["timeline"] as? [[String: Any]])
                #expect(timeline.map { $0["status"] as? String } == ["received", "decided"])
                let results = try await client.call(.get, "/api/v1/results?series=2026-06&limit=500", token: token)
                let row = try #require(
                    try (results.object["items"] as? [[String: Any]])?.first {
                        ($0["candidate"] as? [String: Any])?["number"] as? String == gce.result.candidate.rawValue
                            && ($0["component"] as? [String: Any])?["code"] as? String == gce.component.code
                    }
                )
                #expect(row["mark"] as? Int == newMark && row["revised"] as? Bool == (higher != nil))

                // The listing filters, and the fees owed.
                _ = try await client.call(.post, "/api/v1/enquiries", token: token, json: Self.body(gcse, "clerical-check", consent: consent))
                #expect(try await client.call(.get, "/api/v1/enquiries?status=decided", token: token).object["total"] as? Int == 1 + 2)
                #expect(try await client.call(.get, "/api/v1/enquiries?status=received", token: token).object["total"] as? Int == 1)
                #expect(try await client.call(.get, "/api/v1/enquiries?service=clerical-check", token: token).object["total"] as? Int == 1 + 2)
                #expect(try await client.call(.get, "/api/v1/enquiries?series=2026-06", token: token).object["total"] as? Int == 2 + 1)
                #expect(try await client.call(.get, "/api/v1/enquiries?status=lost", token: token).status == .badRequest)
                let fees = try await client.call(.get, "/api/v1/enquiries/fees.csv?series=2026-06", token: token)
                #expect(fees.status == .ok && fees.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: fees.body).hasPrefix("reference,id,centre"))
                let after = try await Self.fees(client, token: token)
                // A clerical check at 12.50, and the review at 46.00 unless its grade changed.
                #expect(after.rows == before.rows + 2)
                #expect(after.owedPence == before.owedPence + (higher == nil ? 5_850 : 1_250))
                #expect(try await Self.fees(client, token: other) == otherBefore)

                // Past the final enquiry deadline, the refusal names it.
                environment.clock.advance(by: 31 * 86_400)
                let late = try await client.call(
                    .post,
                    "/api/v1/enquiries",
                    token: token,
                    json: Self.body(gcse, "review-of-marking", consent: consent)
                )
                #expect(late.status == .unprocessableContent && late.errorCode == "enquiry.deadline_passed")
                #expect(try late.object.description.contains("final enquiry deadline"))
            }
        }
    }

    @Test func aReviewOfModerationAdjustsTheCohortsMarksAndIsEmailed() async throws {
        let mail = ["SCRIPTDESK_SMTP_URL": try SMTPSink.url(), "SCRIPTDESK_SMTP_TLS": "none"]
        try await TestEnvironment.with(workers: 1, settings: mail) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let operations = environment.credentials.operationsToken
            try await environment.application().test(.live) { client in
                func cohort() async throws -> [[String: Any]] {
                    let answer = try await client.call(.get, "/api/v1/results?series=2026-06&limit=500", token: token)
                    return try #require(try answer.object["items"] as? [[String: Any]]).filter {
                        ($0["component"] as? [String: Any])?["kind"] as? String == "moderated"
                    }
                }
                let before = try await cohort()
                let component = try #require((before.first?["component"] as? [String: Any])?["code"] as? String)
                let made = try await client.call(
                    .post,
                    "/api/v1/enquiries",
                    token: token,
                    json: #"{"series": "2026-06", "component": "\#(component)", "service": "review-of-moderation"}"#
                )
                #expect(made.status == .created)
                let id = try #require(try made.object["id"] as? String)
                let path = "/api/v1/enquiries/\(id)/outcome"
                let byMark = try await client.call(.post, path, token: operations, json: #"{"mark": 5, "reason": "x"}"#)
                #expect(byMark.status == .unprocessableContent && byMark.errorCode == "enquiry.outcome_per_candidate")
                let both = try await client.call(.post, path, token: operations, json: #"{"mark": 5, "adjustment": 2, "reason": "x"}"#)
                #expect(both.status == .badRequest && both.errorCode == "request.invalid")
                let tooFar = try await client.call(.post, path, token: operations, json: #"{"adjustment": 999, "reason": "x"}"#)
                #expect(tooFar.status == .unprocessableContent && tooFar.errorCode == "enquiry.bad_adjustment")

                let reason = "The moderator's sample was marked against the wrong criteria."
                let decided = try await client.call(.post, path, token: operations, json: #"{"adjustment": 3, "reason": "\#(reason)"}"#)
                #expect(decided.status == .ok)
                let outcome = try #require(try decided.object["cohortOutcome"] as? [String: Any])
                func raised(_ row: [String: Any]) -> Int? {
                    (row["mark"] as? Int).map { min($0 + 3, (row["component"] as? [String: Any])?["maxMark"] as? Int ?? .max) }
                }
                let marked = before.filter { raised($0) != nil && raised($0) != $0["mark"] as? Int }
                #expect(!marked.isEmpty)
                #expect(outcome["adjustment"] as? Int == 3 && outcome["resultsRevised"] as? Int == marked.count)
                #expect((try decided.object["feeOwed"] as? [String: Any])?["pence"] as? Int == 0, "marks reinstated: no fee")
                let after = try await cohort()
                for row in marked {
                    let candidate = (row["candidate"] as? [String: Any])?["number"] as? String
                    let now = try #require(after.first(where: { ($0["candidate"] as? [String: Any])?["number"] as? String == candidate }))
                    #expect(now["mark"] as? Int == raised(row) && now["revised"] as? Bool == true)
                }
                let again = try await client.call(.post, path, token: operations, json: #"{"adjustment": 1, "reason": "x"}"#)
                #expect(again.status == .conflict && again.errorCode == "enquiry.outcome_final")

                let messageID = "enquiry-outcome.\(id)@\(environment.runtime.settings.mail.from.domain)"
                let deadline = ContinuousClock.now + .seconds(60)
                var received = try? SMTPSink.received(messageID: messageID)
                while received == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    received = try? SMTPSink.received(messageID: messageID)
                }
                let email = try #require(received, "no outcome email within a minute")
                #expect(email.body.contains("every mark raised by 3; \(marked.count) results revised") && email.body.contains(reason))
                #expect(email.body.contains("no fee for this review"))
            }
        }
    }

    /// The centre's June enquiries on the fees CSV: how many rows, and the total owed in pence.
    static func fees(_ client: some TestClientProtocol, token: String) async throws -> (rows: Int, owedPence: Int) {
        let lines = String(buffer: try await client.call(.get, "/api/v1/enquiries/fees.csv?series=2026-06", token: token).body)
            .split(separator: "\r\n")
        let total = try #require(lines.last?.split(separator: ",", omittingEmptySubsequences: false).last)
        let pence = try #require(Decimal(string: String(total))) * 100
        return (lines.count - 2, NSDecimalNumber(decimal: pence).intValue)
    }
}
