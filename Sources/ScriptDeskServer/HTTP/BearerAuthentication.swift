import Foundation
import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskServices

/// Reads `Authorization: Bearer <token>` and puts the token's caller in the context. A
/// missing header leaves the request anonymous (routes that need a caller say so); a token
/// that matches nobody, has expired or was revoked is refused at once (`TokenRefusal`).
struct BearerAuthentication: RouterMiddleware {
    let authentication: Authentication

    func handle(
        _ request: Request,
        context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError(.unauthorized, code: "auth.invalid", message: "The Authorization header must be 'Bearer <token>'.")
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let caller = try await authentication.caller(presenting: token)
        var context = context
        context.caller = caller
        context.logger[metadataKey: "scriptdesk.user"] = "\(caller.id)"
        return try await next(request, context)
    }
}
