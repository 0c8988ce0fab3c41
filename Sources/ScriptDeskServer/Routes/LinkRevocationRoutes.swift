import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskServices

/// Withdrawing download links over the API: `POST /api/v1/download-links/{id}/revoke` for
/// one link or bundle and `POST /api/v1/centres/{centre}/revoke-links` for all of a
/// centre's. Each answers 204; the requests affected show it on their timelines.
struct LinkRevocationRoutes {
    let links: LinkService

    func addRoutes(links group: RouterGroup<AppRequestContext>, centres: RouterGroup<AppRequestContext>) {
        group.post("{id}/revoke", use: revokeLink)
        centres.post("{centre}/revoke-links", use: revokeCentre)
    }

    @Sendable func revokeLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await Self.revoke(.link(try context.parameters.require("id")), links: links, context: context)
    }

    @Sendable func revokeCentre(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = try context.parameters.require("centre")
        guard let centre = CentreNumber(text) else {
            throw APIError(.badRequest, code: "centre.invalid", message: "'\(text)' is not a centre number: it has five digits.")
        }
        return try await Self.revoke(.centre(centre), links: links, context: context)
    }

    /// Withdraws `target` for the caller, logs it, and answers 204.
    static func revoke(_ target: LinkService.Target, links: LinkService, context: AppRequestContext) async throws -> Response {
        let count = try await links.revoke(target, by: try context.requireCaller())
        context.logger.info("Download links revoked", metadata: ["scriptdesk.revocation": "\(target)", "scriptdesk.requests": "\(count)"])
        return Response(status: .noContent)
    }
}
