import Foundation
public import Hummingbird
import NIOFoundationEssentialsCompat
public import ScriptDeskCore

/// An error as clients see it: a status and `{"error": {"code": "...", "message": "..."}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// A domain error with the status that fits it.
    public init(_ error: some ScriptDeskError, status: HTTPResponse.Status) {
        self.init(status, code: error.code, message: error.message)
    }

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
