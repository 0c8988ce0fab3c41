import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskCore

/// Small conveniences over the live test client.
extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// The request once it has settled, as an integration waits for it: `?wait=10` again
    /// and again (each answer well inside the test client's 15-second read timeout, however
    /// slow a loaded machine makes the copy), three minutes at most.
    func settled(_ id: String, token: String) async throws -> TestResponse {
        let deadline = ContinuousClock.now + .seconds(180)
        while true {
            let answer = try await call(.get, "/api/v1/script-requests/\(id)?wait=10", token: token)
            let status = (try? answer.object["status"] as? String).flatMap { ScriptRequestStatus(rawValue: $0) }
            guard answer.status == .ok, let status, status.isLive, ContinuousClock.now < deadline else { return answer }
        }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        get throws {
            let data = Data(buffer: body)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return object
        }
    }

    /// `error.code` of a problem response.
    var errorCode: String? {
        (try? object["error"] as? [String: Any])?["code"] as? String
    }
}

/// A submission body.
func submission(
    component: String,
    candidate: String,
    kind: String = "priority",
    agreed: Bool = true,
    obtainedAt: String = "2020-01-01T00:00:00Z",
    identify: Bool = true
) -> String {
    """
    {"series": "2026-06", "component": "\(component)", "candidate": "\(candidate)", "kind": "\(kind)",
     "consent": {"candidateAgreed": \(agreed), "obtainedAt": "\(obtainedAt)", "identify": \(identify)}}
    """
}
