import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskPDF
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

/// `/api/v1/subjects`, `/api/v1/certifications` and the statement of results over a live
/// server: the eligibility table with each refusal's code and words, a request for several
/// candidates checked whole (one refused, none made), a request awarded by the queue with
/// the grade worked by hand, final (withdrawal refused, a second request refused), the
/// email alert at a real SMTP server, another centre kept out, and the revised statement
/// made, checked, published and downloaded through its signed link, its text read back
/// with poppler.
@Suite struct CertificationAPITests {
    static func body(_ candidates: [String], series: String = "2026-06", subject: String = "J560") throws -> String {
        let object: [String: Any] = ["series": series, "subject": subject, "candidates": candidates]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Candidates 0051 (both GCSE Mathematics papers in June: eligible), 0052 (the second
    /// in January: 35% in June, under the terminal rule's 40%) and 0053 (the first paper
    /// only) at `centre`.
    static func seed(_ centre: CentreNumber, in environment: TestEnvironment) async throws {
        func result(_ candidate: String, _ component: String, _ mark: Int, _ series: String) -> ComponentResult {
            ComponentResult(
                series: series,
                centre: centre,
                candidate: CandidateNumber(candidate)!,
                component: component,
                mark: mark,
                grade: nil,
                indicators: [],
                specialConsideration: false
            )
        }
        let results = [
            result("0051", "J560/01", 70, "2026-06"), result("0051", "J560/02", 60, "2026-06"),
            result("0052", "J560/01", 70, "2026-06"), result("0052", "J560/02", 60, "2026-01"),
            result("0053", "J560/01", 70, "2026-06"),
        ]
        try await environment.runtime.database.transaction { db in
            for number in ["0051", "0052", "0053"] {
                try await ReferenceData().save(
                    Candidate(centre: centre, number: CandidateNumber(number)!, uci: "U\(number)", name: "Cert \(number)"),
                    on: db
                )
            }
            for result in results { try await ReferenceData().save(result, on: db) }
        }
    }

    /// Polls `uri` until `done` holds of its body, for up to a minute.
    static func poll(
        _ client: some TestClientProtocol,
        _ uri: String,
        token: String,
        until done: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let object = try await client.call(.get, uri, token: token).object
            if done(object) || ContinuousClock.now > deadline { return object }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test func certificationIsCheckedWholeAwardedFinalMailedAndStated() async throws {
        let mail = ["SCRIPTDESK_SMTP_URL": try SMTPSink.url(), "SCRIPTDESK_SMTP_TLS": "none"]
        try await TestEnvironment.with(workers: 1, settings: mail) { environment in
            let home = environment.credentials.centres[0]
            let token = home.examsOfficerToken
            let other = environment.credentials.centres[1].examsOfficerToken
            let centre = try #require(CentreNumber(home.number))
            try await Self.seed(centre, in: environment)
            try await environment.application().test(.live) { client in
                let subjects = try await client.call(.get, "/api/v1/subjects", token: token)
                #expect(subjects.status == .ok)
                let items = try #require(try subjects.object["items"] as? [[String: Any]])
                let maths = try #require(items.first { $0["code"] as? String == "J560" })
                #expect(maths["qualification"] as? String == "GCSE" && maths["title"] as? String == "Mathematics")
                let parts = try #require(maths["components"] as? [[String: Any]])
                #expect(parts.map { $0["code"] as? String } == ["J560/01", "J560/02"])
                #expect(parts.map { $0["weighting"] as? Int } == [35, 65])

                // The eligibility table says what a request would get, candidate by candidate.
                let table = try await client.call(.get, "/api/v1/certifications/eligibility?series=2026-06&subject=J560", token: token)
                #expect(table.status == .ok)
                let rows = try #require(try table.object["items"] as? [[String: Any]])
                func row(_ number: String) -> [String: Any]? {
                    rows.first { ($0["candidate"] as? [String: Any])?["number"] as? String == number }
                }
                #expect(row("0051")?["eligible"] as? Bool == true && row("0051")?["code"] == nil)
                #expect((row("0051")?["candidate"] as? [String: Any])?["name"] as? String == "Cert 0051")
                #expect(row("0052")?["eligible"] as? Bool == false && row("0052")?["code"] as? String == "certification.terminal_rule")
                let terminal = try #require(row("0052")?["message"] as? String)
                #expect(terminal.contains("35%") && terminal.contains("40%"))
                #expect(row("0053")?["code"] as? String == "certification.components_missing")
                #expect((row("0053")?["message"] as? String)?.contains("J560/02") == true)

                // Several candidates are checked whole: one refused, none made.
                let mixed = try await client.call(.post, "/api/v1/certifications", token: token, json: try Self.body(["0051", "0052", "9998"]))
                #expect(mixed.status == .unprocessableContent && mixed.errorCode == "certification.refused")
                let refusals = try #require((try mixed.object["error"] as? [String: Any])?["refusals"] as? [[String: Any]])
                #expect(refusals.map { $0["candidate"] as? String } == ["0052", "9998"])
                #expect(refusals.map { $0["code"] as? String } == ["certification.terminal_rule", "request.unknown_candidate"])
                #expect(try await client.call(.get, "/api/v1/certifications", token: token).object["total"] as? Int == 0)

                // Every other refusal by its code and status.
                let refused: [(String, String?, HTTPResponse.Status, String)] = [
                    (try Self.body(["0051"], series: "2026-01"), token, .unprocessableContent, "certification.refused"),
                    (try Self.body(["0051"], series: "1999-11"), token, .notFound, "request.unknown_series"),
                    (try Self.body(["0051"], subject: "NOPE"), token, .notFound, "certification.unknown_subject"),
                    (try Self.body([]), token, .badRequest, "certification.no_candidates"),
                    (try Self.body(["0051"]), other, .unprocessableContent, "certification.refused"),
                    (try Self.body(["0051"]), home.teacherToken, .forbidden, "auth.forbidden"),
                    (try Self.body(["0051"]), environment.credentials.operationsToken, .forbidden, "auth.forbidden"),
                    ("{", token, .badRequest, "request.bad_json"),
                ]
                for (body, who, status, code) in refused {
                    let answer = try await client.call(.post, "/api/v1/certifications", token: who, json: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body) → \(answer.status) \(answer.errorCode ?? "")")
                }
                let january = try await client.call(.post, "/api/v1/certifications", token: token, json: try Self.body(["0051"], series: "2026-01"))
                let januaryCode = ((try january.object["error"] as? [String: Any])?["refusals"] as? [[String: Any]])?.first?["code"] as? String
                #expect(januaryCode == "certification.deadline_passed")
                let twice = try await client.call(.post, "/api/v1/certifications", token: token, json: try Self.body(["0051", "0051"]))
                let twiceRefusals = (try twice.object["error"] as? [String: Any])?["refusals"] as? [[String: Any]]
                #expect(twiceRefusals?.map { $0["code"] as? String } == ["certification.duplicate_candidate"])

                // Accepted, free, and awarded by the queue: 70/100 at 35% of 200 is 49, 60/100
                // at 65% is 78; 127 is grade 6 (6 from 110, 7 from 130).
                let made = try await client.call(.post, "/api/v1/certifications", token: token, json: try Self.body(["0051"]))
                #expect(made.status == .created)
                let request = try #require((try made.object["items"] as? [[String: Any]])?.first)
                let id = try #require(request["id"] as? String)
                #expect(request["status"] as? String == "requested" && request["fee"] as? String == "0.00")
                let awarded = try await Self.poll(client, "/api/v1/certifications/\(id)", token: token) { $0["status"] as? String == "awarded" }
                #expect(awarded["status"] as? String == "awarded")
                let award = try #require(awarded["award"] as? [String: Any])
                #expect(award["mark"] as? Int == 127 && award["grade"] as? String == "6")

                // Final: no withdrawal, no second request; another centre sees nothing.
                let withdraw = try await client.call(.delete, "/api/v1/certifications/\(id)", token: token)
                #expect(withdraw.status == .conflict && withdraw.errorCode == "certification.final")
                let again = try await client.call(.post, "/api/v1/certifications", token: token, json: try Self.body(["0051"]))
                let againCode = ((try again.object["error"] as? [String: Any])?["refusals"] as? [[String: Any]])?.first?["code"] as? String
                #expect(again.status == .unprocessableContent && againCode == "certification.already_certificated")
                #expect(try await client.call(.get, "/api/v1/certifications/\(id)", token: other).status == .notFound)
                #expect(try await client.call(.delete, "/api/v1/certifications/\(id)", token: other).status == .notFound)

                // The email alert.
                let domain = environment.runtime.settings.mail.from.domain
                let alert = try await ResultQueryAPITests.email("certification-award.\(id)@\(domain)")
                #expect(alert.header("Subject")?.contains("Results available") == true)
                #expect(alert.header("Subject")?.contains("grade 6") == true)

                // The revised statement: made by the award, checked, published, offered
                // through a signed link, its text what the results say.
                let statementURI = "/api/v1/candidates/0051/statement?series=2026-06"
                let statements = try await Self.poll(client, statementURI, token: token) { $0["current"] is [String: Any] }
                let current = try #require(statements["current"] as? [String: Any])
                #expect(current["cause"] as? String == "certification" && current["status"] as? String == "published")
                let download = try #require(current["download"] as? [String: Any])
                let url = try #require(download["url"] as? String)
                let path = String(url[try #require(url.range(of: "/s/")).lowerBound...])
                let pdf = try await client.call(.get, path)
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("statement-\(UUID().uuidString).pdf")
                defer { try? FileManager.default.removeItem(at: file) }
                try Data(buffer: pdf.body).write(to: file)
                let text = try PDFText.all(ofFileAt: file.path)
                for expected in ["0051 Cert 0051", "J560/01", "70/100", "J560/02", "60/100", "Mathematics", "Late certification"] {
                    #expect(text.contains(expected), "statement lacks \(expected)")
                }
                #expect(try await client.call(.get, statementURI, token: other).status == .notFound)
                let forged = try await client.call(.get, path + "x")
                #expect(forged.status == .forbidden && forged.errorCode == "link.invalid")
            }
        }
    }
}
