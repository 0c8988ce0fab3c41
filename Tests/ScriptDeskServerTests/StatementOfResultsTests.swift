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
                #expect(forged.status.code >= 400 && forged.status.code < 500)
            }
        }
    }
}
