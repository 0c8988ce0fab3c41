import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskPipeline
import ScriptDeskStore

/// Withdrawing download links over the API, for a centre's exams officer (their own
/// centre's links) or operations (any): `POST /api/v1/download-links/{id}/revoke` for one
/// link and `POST /api/v1/centres/{centre}/revoke-links` for all of a centre's. Each
/// answers 204; the requests affected show it on their timelines.
struct LinkRevocationController {
    let pipeline: Pipeline

    func addRoutes(links: RouterGroup<AppRequestContext>, centres: RouterGroup<AppRequestContext>) {
        links.post("{id}/revoke", use: revokeLink)
        centres.post("{centre}/revoke-links", use: revokeCentre)
    }

    @Sendable func revokeLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await Self.revoke(.link(id), pipeline: pipeline, context: context) {
            APIError(.notFound, code: "link.not_found", message: "There is no download link '\(id)' for your centre.")
        }
        return Response(status: .noContent)
    }

    @Sendable func revokeCentre(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = try context.parameters.require("centre")
        guard let centre = CentreNumber(text) else {
            throw APIError(.badRequest, code: "centre.invalid", message: "'\(text)' is not a centre number: it has five digits.")
        }
        try await Self.revoke(.centre(centre), pipeline: pipeline, context: context) {
            APIError(.notFound, code: "centre.not_found", message: "You cannot withdraw the links of centre \(centre.rawValue).")
        }
        return Response(status: .noContent)
    }

    /// Checks the caller's role, withdraws `target` within their scope, and logs it;
    /// `notFound` is the problem when their scope does not see the target.
    static func revoke(
        _ target: LinkRevocation.Target,
        pipeline: Pipeline,
        context: AppRequestContext,
        notFound: () -> APIError
    ) async throws {
        let user = try context.requireUser()
        guard [.examsOfficer, .operations, .administrator].contains(user.role) else {
            throw APIError(
                .forbidden,
                code: "request.forbidden",
                message: "Only the centre's exams officer or operations can withdraw download links."
            )
        }
        let count = try await LinkRevocation(pipeline: pipeline).revoke(
            target,
            scope: AccessPolicy().requestScope(for: Caller(user)),
            by: user.role.rawValue
        )
        guard let count else { throw notFound() }
        context.logger.info("Download links revoked", metadata: ["scriptdesk.revocation": "\(target)", "scriptdesk.requests": "\(count)"])
    }
}
