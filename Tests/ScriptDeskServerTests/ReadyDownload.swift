import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// A copy made ready through the API, as an integration would see it: asked for by the
/// first centre's exams officer, waited for until it settles.
struct ReadyDownload: Sendable {
    /// The request's id.
    var requestID: String
    /// `/d/<token>`.
    var path: String
    /// The token alone.
    var token: String
    /// The link's id.
    var linkID: String
    /// The copy's size.
    var bytes: Int
    /// The copy's SHA-256.
    var sha256: String
    /// The copy's pages, cover included.
    var pages: Int
}

extension TestClientProtocol {
    /// Asks for a priority copy of a held GCE script and waits until it is ready.
    func readyDownload(in environment: TestEnvironment, kind: String = "priority") async throws -> ReadyDownload {
        let officer = environment.credentials.centres[0].examsOfficerToken
        let target = try await environment.heldScript(in: [.gce])
        let body = submission(component: target.component.code, candidate: target.result.candidate.rawValue, kind: kind)
        let created = try await call(.post, "/api/v1/script-requests", token: officer, json: body)
        let id = try #require(try created.object["id"] as? String, "\(String(buffer: created.body))")
        let settled = try await settled(id, token: officer)
        let download = try #require(try settled.object["download"] as? [String: Any], "\(String(buffer: settled.body))")
        let url = try #require(download["url"] as? String)
        let path = try #require(url.range(of: "/d/").map { String(url[$0.lowerBound...]) })
        return ReadyDownload(
            requestID: id,
            path: path,
            token: String(path.dropFirst(3)),
            linkID: try #require(download["linkID"] as? String),
            bytes: try #require(download["bytes"] as? Int),
            sha256: try #require(download["sha256"] as? String),
            pages: try #require(download["pages"] as? Int)
        )
    }
}

extension TestResponse {
    /// Whether the body holds any of a PDF's bytes (its header).
    var carriesPDF: Bool {
        Data(buffer: body).range(of: Data("%PDF".utf8)) != nil
    }
}
