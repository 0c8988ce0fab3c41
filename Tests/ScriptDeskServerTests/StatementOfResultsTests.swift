import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskPDF
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// Statements of results over a live server: the first asked for is made by a job and
/// states the results as they stand; an enquiry's outcome makes a revised statement by
/// itself, whose text shows the change and its reason; the earlier one stays listed and
/// downloadable; each passes the same check as a script copy; a link is for its own centre
/// only and a forged token opens nothing.
@Suite struct StatementOfResultsTests {
    /// The text of the statement a listing entry offers, downloaded through its link.
    static func text(of entry: [String: Any], client: some TestClientProtocol) async throws -> (text: String, bytes: Data) {
        let download = try #require(entry["download"] as? [String: Any])
        let url = try #require(download["url"] as? String)
        let path = String(url[try #require(url.range(of: "/s/")).lowerBound...])
        let answer = try await client.call(.get, path)
        #expect(answer.status == .ok)
        let bytes = Data(buffer: answer.body)
        #expect(bytes.count == download["bytes"] as? Int)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("statement-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try bytes.write(to: file)
        #expect(PDFChecker.inspect(PDFCheckRequest(file: file.path)).firstFatal == nil)
        // Lines wrap where the page needs: the text is compared with its spacing made one.
        let text = try PDFText.all(ofFileAt: file.path).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (text, bytes)
    }

    @Test func anEnquiryOutcomeMakesARevisedStatementThatShowsTheChange() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let token = environment.credentials.centres[0].examsOfficerToken
            let other = environment.credentials.centres[1].examsOfficerToken
            let operations = environment.credentials.operationsToken
            let row = try await environment.heldScript(in: [.gce])
            let mark = try #require(row.result.mark)
            let candidate = row.result.candidate.rawValue
            let uri = "/api/v1/candidates/\(candidate)/statement?series=2026-06"
            try await environment.application().test(.live) { client in
                // The first statement is made when first asked for.
                #expect(try await client.call(.get, uri, token: token).status == .ok)
                let first = try await CertificationAPITests.poll(client, uri, token: token) { $0["current"] is [String: Any] }
                let issued = try #require(first["current"] as? [String: Any])
                #expect(issued["revision"] as? Int == 1 && issued["cause"] as? String == "issued")
                let (firstText, firstBytes) = try await Self.text(of: issued, client: client)
                #expect(firstText.contains(candidate) && firstText.contains(row.component.code))
                #expect(firstText.contains("\(mark)/\(row.component.maxMark)"))
                #expect(!firstText.contains("Revised statement"))

                // A review of marking raises the mark by one; the statement follows by itself.
                let obtained = ISO8601.string(from: environment.clock.now - 3_600)
                let consent = #"{"candidateAgreed": true, "obtainedAt": "\#(obtained)", "acknowledgesMarksMayGoDown": true}"#
                let body =
                    #"{"series": "2026-06", "component": "\#(row.component.code)", "candidate": "\#(candidate)", "service": "review-of-marking", "consent": \#(consent)}"#
                let made = try await client.call(.post, "/api/v1/enquiries", token: token, json: body)
                #expect(made.status == .created)
                let id = try #require(try made.object["id"] as? String)
                let newMark = mark == row.component.maxMark ? mark - 1 : mark + 1
                let outcome = #"{"mark": \#(newMark), "reason": "Question 4 was marked again."}"#
                #expect(try await client.call(.post, "/api/v1/enquiries/\(id)/outcome", token: operations, json: outcome).status == .ok)
                let later = try await CertificationAPITests.poll(client, uri, token: token) {
                    ($0["current"] as? [String: Any])?["revision"] as? Int == 2
                }
                let revised = try #require(later["current"] as? [String: Any])
                #expect(revised["revision"] as? Int == 2 && revised["cause"] as? String == "enquiry")
                let (text, bytes) = try await Self.text(of: revised, client: client)
                #expect(bytes != firstBytes)
                #expect(text.contains("Revised statement"))
                #expect(text.contains("\(newMark)/\(row.component.maxMark)"))
                #expect(text.contains("mark \(mark) → \(newMark)"))
                #expect(text.contains("Question 4 was marked again."))

                // The earlier statement stays listed and downloadable, unchanged.
                let revisions = try #require(later["revisions"] as? [[String: Any]])
                #expect(revisions.map { $0["revision"] as? Int } == [2, 1])
                #expect(try await Self.text(of: revisions[1], client: client).bytes == firstBytes)
                // Looked at again, each statement is offered by the same live link.
                let again = try #require(try await client.call(.get, uri, token: token).object["revisions"] as? [[String: Any]])
                func url(_ entry: [String: Any]) -> String? { (entry["download"] as? [String: Any])?["url"] as? String }
                #expect(again.map(url) == revisions.map(url) && again.allSatisfy { url($0) != nil })

                // Another centre's candidate of the same number is theirs: none of these statements.
                let mine = Set(revisions.compactMap { $0["id"] as? String })
                let theirs = try await client.call(.get, uri, token: other)
                #expect(theirs.status == .ok)
                let theirIDs = Set(((try theirs.object["revisions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
                #expect(mine.count == 2 && mine.isDisjoint(with: theirIDs))
                let unknown = try await client.call(.get, "/api/v1/candidates/9999/statement?series=2026-06", token: token)
                #expect(unknown.status == .notFound && unknown.errorCode == "request.unknown_candidate")
                let forged = try await client.call(
                    .get,
                    "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                )
                #expect(forged.status == .forbidden && forged.errorCode == "link.invalid")
            }
        }
    }
}

/// The results-day run: the desk queues a statement as issued for every candidate with
/// results in the series and the workers publish each; run again, nobody gets a second;
/// `scriptdesk statements issue` queues the same jobs from the command line; an unknown
/// series is refused in words, and only operations may start a run.
@Suite struct StatementsCommandTests {
    /// The `statement.make` jobs in `states`.
    static func jobs(_ environment: TestEnvironment, in states: [String]) async throws -> Int {
        try await environment.runtime.database.read { db in
            let list = states.map { "'\($0)'" }.joined(separator: ", ")
            return try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'statement.make' AND state IN (\(unsafeRaw: list))")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Waits up to two minutes for every `statement.make` job to finish.
    static func settle(_ environment: TestEnvironment) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while try await jobs(environment, in: ["waiting", "running"]) > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test func aResultsDayRunPublishesAStatementForEveryCandidate() async throws {
        try await TestEnvironment.with(workers: 2) { environment in
            let expected = try await environment.runtime.database.read { db in
                try await Statements().candidates(withResultsIn: "2026-06", centre: nil, on: db)
            }
            #expect(!expected.isEmpty)
            @Sendable func statements() async throws -> [Statement] {
                try await environment.runtime.database.read { db in
                    var all: [Statement] = []
                    for (centre, candidate) in expected {
                        all += try await Statements().revisions(series: "2026-06", centre: centre, candidate: candidate, on: db)
                    }
                    return all
                }
            }
            // The workers run beside the server, as they do in service.
            try await environment.application().test(.live) { _ in
                #expect(try await environment.runtime.statements.issue(series: "2026-06", by: .commandLine) == expected.count)
                try await Self.settle(environment)
                let published = try await statements()
                #expect(published.count == expected.count)
                #expect(published.allSatisfy { $0.published != nil && $0.revision == 1 && $0.cause == .issued })
                #expect(try await Self.jobs(environment, in: ["dead"]) == 0)

                // Run again, nobody gets a second statement as issued.
                #expect(try await environment.runtime.statements.issue(series: "2026-06", by: .commandLine) == expected.count)
                try await Self.settle(environment)
                #expect(try await statements().map(\.id).sorted() == published.map(\.id).sorted())

                // The command line queues the same run (its jobs are due on the real clock, so
                // the test's frozen workers leave them waiting).
                let run = try await environment.command(["statements", "issue", "--series", "2026-06"])
                #expect(run.status == 0, "\(run.errorText)")
                #expect(run.errorText.contains("queued for \(expected.count) candidates"), "\(run.errorText)")
                #expect(try await Self.jobs(environment, in: ["waiting"]) == expected.count)
                let unknown = try await environment.command(["statements", "issue", "--series", "1999-06"])
                #expect(unknown.status != 0 && unknown.errorText.contains("1999-06"), "\(unknown.errorText)")
                let teacher = Caller(id: "t", role: .teacher, centre: expected[0].centre)
                await #expect(throws: StatementError.self) { try await environment.runtime.statements.issue(series: "2026-06", by: teacher) }
            }
        }
    }
}
