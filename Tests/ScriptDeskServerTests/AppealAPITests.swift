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
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

/// `/api/v1/appeals` over a live server, in both policy profiles: every refusal by its code
/// and status (no outcome yet, no statement, made twice, too late with the last day named,
/// the wrong role, another centre's enquiry and appeal), a decision recorded by operations
/// that revises the result and is emailed to the centre through a real SMTP server, and
/// JCQ's head of centre taking an appeal to its second stage.
@Suite struct AppealAPITests {
    static func enquiryBody(_ row: ResultListing, _ service: String, consent: String) -> String {
        #"{"series": "2026-06", "component": "\#(row.component.code)", "candidate": "\#(row.result.candidate.rawValue)", "service": "\#(service)", "consent": \#(consent)}"#
    }

    static func consent(_ environment: TestEnvironment) -> String {
        #"{"candidateAgreed": true, "obtainedAt": "\#(ISO8601.string(from: environment.clock.now - 3_600))", "acknowledgesMarksMayGoDown": true}"#
    }

    static func appealBody(_ enquiry: String, _ statement: String = "Question 4's answer was marked against last year's scheme.") -> String {
        #"{"enquiry": "\#(enquiry)", "statement": "\#(statement)"}"#
    }

    /// A mark other than `row`'s, within the component's range.
    static func otherMark(_ row: ResultListing) throws -> Int {
        let mark = try #require(row.result.mark)
        return mark < row.component.maxMark ? mark + 1 : mark - 1
    }

    /// Makes an enquiry about `row` and records an unchanged outcome; returns the enquiry's id.
    static func decidedEnquiry(_ row: ResultListing, _ environment: TestEnvironment, client: some TestClientProtocol) async throws -> String {
        let token = environment.credentials.centres[0].examsOfficerToken
        let made = try await client.call(
            .post,
            "/api/v1/enquiries",
            token: token,
            json: enquiryBody(row, "clerical-check", consent: consent(environment))
        )
        #expect(made.status == .created)
        let id = try #require(try made.object["id"] as? String)
        let mark = try #require(row.result.mark)
        let outcome = #"{"mark": \#(mark), "reason": "The marks were added up correctly."}"#
        #expect(
            try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: environment.credentials.operationsToken, json: outcome).status
                == .ok
        )
        return id
    }

    @Test func appealsAreMadeRefusedDecidedAndEmailed() async throws {
        let mail = ["SCRIPTDESK_SMTP_URL": try SMTPSink.url(), "SCRIPTDESK_SMTP_TLS": "none"]
        try await TestEnvironment.with(workers: 1, settings: mail) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let other = environment.credentials.centres[1].examsOfficerToken
            let teacher = environment.credentials.centres[0].teacherToken
            let operations = environment.credentials.operationsToken
            let gce = try await environment.heldScript(in: [.gce])
            let gcse = try await environment.heldScript(in: [.gcse])
            try await environment.application().test(.live) { client in
                // Before its outcome, an enquiry cannot be appealed.
                let made = try await client.call(
                    .post,
                    "/api/v1/enquiries",
                    token: token,
                    json: Self.enquiryBody(gce, "review-of-marking", consent: Self.consent(environment))
                )
                let enquiry = try #require(try made.object["id"] as? String)
                let early = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody(enquiry))
                #expect(early.status == .unprocessableContent && early.errorCode == "appeal.no_outcome")
                let mark = try #require(gce.result.mark)
                let unchanged = #"{"mark": \#(mark), "reason": "The marking was in line with the scheme."}"#
                #expect(try await client.call(.post, "/api/v1/enquiries/\(enquiry)/outcome", token: operations, json: unchanged).status == .ok)

                let noStatement = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody(enquiry, "  "))
                #expect(noStatement.status == .unprocessableContent && noStatement.errorCode == "appeal.statement_required")
                let noEnquiry = try await client.call(.post, "/api/v1/appeals", token: token, json: #"{"statement": "x"}"#)
                #expect(noEnquiry.status == .badRequest && noEnquiry.errorCode == "request.invalid")
                let theirs = try await client.call(.post, "/api/v1/appeals", token: other, json: Self.appealBody(enquiry))
                #expect(theirs.status == .notFound && theirs.errorCode == "enquiry.not_found")
                let unknown = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody("no-such-enquiry"))
                #expect(unknown.status == .notFound && unknown.errorCode == "enquiry.not_found")
                let byTeacher = try await client.call(.post, "/api/v1/appeals", token: teacher, json: Self.appealBody(enquiry))
                #expect(byTeacher.status == .forbidden && byTeacher.errorCode == "auth.forbidden")

                let appealed = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody(enquiry))
                #expect(appealed.status == .created)
                let appeal = try #require(try appealed.object["id"] as? String)
                #expect(appealed.headers[.location] == "/api/v1/appeals/\(appeal)")
                #expect(try appealed.object["stage"] as? Int == 1 && appealed.object["status"] as? String == "received")
                #expect(try appealed.object["dueDate"] as? String == ISO8601.string(from: environment.clock.now + 30 * 86_400))
                let twice = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody(enquiry))
                #expect(twice.status == .conflict && twice.errorCode == "appeal.already_made")
                #expect(try await client.call(.get, "/api/v1/appeals/\(appeal)", token: other).errorCode == "appeal.not_found")
                #expect(try await client.call(.get, "/api/v1/appeals", token: other).object["total"] as? Int == 0)
                #expect(try await client.call(.get, "/api/v1/appeals?status=received", token: token).object["total"] as? Int == 1)
                #expect(try await client.call(.get, "/api/v1/appeals?status=lost", token: token).status == .badRequest)

                // Operations uphold it: the result is revised and the centre is emailed.
                let newMark = try Self.otherMark(gce)
                let decisionBody = #"{"mark": \#(newMark), "reason": "Question 4 re-marked against this year's scheme."}"#
                #expect(try await client.call(.post, "/api/v1/appeals/\(appeal)/decision", token: token, json: decisionBody).status == .forbidden)
                let decided = try await client.call(.post, "/api/v1/appeals/\(appeal)/decision", token: operations, json: decisionBody)
                #expect(decided.status == .ok)
                #expect(try decided.object["upheld"] as? Bool == true && decided.object["nextStageBy"] == nil)
                #expect((try decided.object["decision"] as? [String: Any])?["mark"] as? Int == newMark)
                let final = try await client.call(.post, "/api/v1/appeals/\(appeal)/decision", token: operations, json: decisionBody)
                #expect(final.status == .conflict && final.errorCode == "appeal.decision_final")
                let shown = try await client.call(.get, "/api/v1/appeals/\(appeal)", token: token)
                #expect(try (shown.object["timeline"] as? [[String: Any]])?.map { $0["status"] as? String } == ["received", "decided"])
                let results = try await client.call(.get, "/api/v1/results?series=2026-06&limit=500", token: token)
                let row = try #require(
                    try (results.object["items"] as? [[String: Any]])?.first {
                        ($0["candidate"] as? [String: Any])?["number"] as? String == gce.result.candidate.rawValue
                            && ($0["component"] as? [String: Any])?["code"] as? String == gce.component.code
                    }
                )
                #expect(row["mark"] as? Int == newMark && row["revised"] as? Bool == true)
                let messageID = "appeal-decision.\(appeal)@\(environment.runtime.settings.mail.from.domain)"
                let deadline = ContinuousClock.now + .seconds(60)
                var received = try? SMTPSink.received(messageID: messageID)
                while received == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    received = try? SMTPSink.received(messageID: messageID)
                }
                let email = try #require(received, "no decision email within a minute")
                #expect(email.body.contains("The appeal was upheld") && email.body.contains("Mark after:  \(newMark)"))
                #expect(email.body.contains("This decision is final.") && email.defects.isEmpty)

                // Fourteen days and a second after an outcome, the appeal is too late, and the refusal names the last day.
                let second = try await Self.decidedEnquiry(gcse, environment, client: client)
                let lastDay = try #require(try await client.call(.get, "/api/v1/enquiries/\(second)", token: token).object["appealBy"] as? String)
                environment.clock.advance(by: 14 * 86_400 + 1)
                let late = try await client.call(.post, "/api/v1/appeals", token: token, json: Self.appealBody(second))
                #expect(late.status == .unprocessableContent && late.errorCode == "appeal.too_late")
                #expect(try late.object.description.contains(lastDay))
            }
        }
    }

    @Test func underJCQTheHeadOfCentreAppealsInTwoStages() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_POLICY": "jcq-current"]) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            let operations = environment.credentials.operationsToken
            let centre = try #require(CentreNumber(environment.credentials.centres[0].number))
            let head = try await environment.runtime.tokens.issue(role: .headOfCentre, centre: centre, label: "Head", by: .commandLine).secret
            let gce = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let enquiry = try await Self.decidedEnquiry(gce, environment, client: client)
                let byOfficer = try await client.call(.post, "/api/v1/appeals", token: officer, json: Self.appealBody(enquiry))
                #expect(byOfficer.status == .forbidden && byOfficer.errorCode == "auth.forbidden")
                #expect(try byOfficer.object.description.contains("head of centre"))
                // Nearly thirty days after the outcome is still in time under JCQ (the rule's
                // last second is in the rule tests; this clock runs on).
                environment.clock.advance(by: 30 * 86_400 - 60)
                let first = try await client.call(.post, "/api/v1/appeals", token: head, json: Self.appealBody(enquiry))
                #expect(try first.status == .created && first.object["stage"] as? Int == 1)
                let firstID = try #require(try first.object["id"] as? String)
                let waiting = try await client.call(.post, "/api/v1/appeals", token: head, json: Self.appealBody(enquiry))
                #expect(waiting.status == .conflict && waiting.errorCode == "appeal.awaiting_decision")
                let mark = try #require(gce.result.mark)
                let stands = #"{"mark": \#(mark), "reason": "The marking stands."}"#
                let decided = try await client.call(.post, "/api/v1/appeals/\(firstID)/decision", token: operations, json: stands)
                #expect(try decided.object["upheld"] as? Bool == false)
                #expect(try decided.object["nextStageBy"] as? String == ISO8601.string(from: environment.clock.now + 14 * 86_400))
                let secondStage = try await client.call(
                    .post,
                    "/api/v1/appeals",
                    token: head,
                    json: Self.appealBody(enquiry, "The first stage did not consider the scheme.")
                )
                #expect(try secondStage.status == .created && secondStage.object["stage"] as? Int == 2)
                let third = try await client.call(.post, "/api/v1/appeals", token: head, json: Self.appealBody(enquiry))
                #expect(third.status == .conflict && third.errorCode == "appeal.already_made")
                #expect(try await client.call(.get, "/api/v1/appeals", token: head).object["total"] as? Int == 2)
            }
        }
    }
}
