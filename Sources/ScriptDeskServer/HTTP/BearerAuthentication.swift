import Crypto
import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskStore

/// Reads `Authorization: Bearer <token>` and puts the token's user in the context. A
/// missing header leaves the request anonymous (routes that need a user say so); a token
/// that matches nobody is refused at once.
struct BearerAuthentication: RouterMiddleware {
    let database: Database

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError(.unauthorized, code: "auth.invalid", message: "The Authorization header must be 'Bearer <token>'.")
        }
        let hash = APITokens.hash(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        guard let user = try await database.read({ try await Accounts().user(tokenHash: hash, on: $0) }) else {
            throw APIError(.unauthorized, code: "auth.invalid", message: "The API token is not valid.")
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "scriptdesk.user"] = "\(user.id)"
        return try await next(request, context)
    }
}

/// API tokens: random secrets shown once, stored as SHA-256 hashes.
public enum APITokens {
    /// A new token: `sd_` and 32 random bytes in base64url.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "sd_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a token. Lookups go by this hash, so comparing it leaks nothing
    /// about the secret.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
