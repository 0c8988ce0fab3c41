import Foundation
public import Hummingbird
import NIOFoundationEssentialsCompat
public import ScriptDeskCore

/// An error as clients see it: a status and `{"error": {"code": "...", "message": "..."}}`.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status answered.
    public var status: HTTPResponse.Status
    /// The stable code, such as `link.expired`.
    public var code: String
    /// A sentence for the client, saying what to do.
    public var message: String

    /// An error answered with `status`, `code` and `message`.
    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// A domain error with the status that fits it.
    public init(_ error: some ScriptDeskError, status: HTTPResponse.Status) {
        self.init(status, code: error.code, message: error.message)
    }

    /// `400 request.invalid`: a parameter or field the client must correct, as `message` says.
    static func invalid(_ message: String) -> APIError {
        APIError(.badRequest, code: "request.invalid", message: message)
    }

    /// The JSON problem with `Cache-Control: no-store`, and a `WWW-Authenticate: Bearer`
    /// challenge on a 401.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ProblemBody(error: .init(code: code, message: message)))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"scriptdesk\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// The JSON shape of every error response.
private struct ProblemBody: Encodable {
    struct Problem: Encodable {
        var code: String
        var message: String
    }
    var error: Problem
}
