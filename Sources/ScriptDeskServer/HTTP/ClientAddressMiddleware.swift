import HTTPTypes
import Hummingbird
import ScriptDeskTransfer

/// Puts the client's address in the context, as `ClientAddress` reads it: before every
/// other middleware, so the audit and every refusal see the same address.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: [IPNetwork]
    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response
    {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        let forwarded = request.headers[values: Self.forwardedFor].joined(separator: ",")
        context.clientAddress = ClientAddress.resolve(
            peer: context.clientAddress,
            forwardedFor: forwarded.isEmpty ? nil : forwarded,
            trusted: trusted
        )
        return try await next(request, context)
    }
}
