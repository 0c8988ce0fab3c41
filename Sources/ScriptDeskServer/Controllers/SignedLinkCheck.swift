import Hummingbird
import ScriptDeskCore
import ScriptDeskDelivery

/// How both download routes check a token, in one place: its shape and key, then the lookup
/// of what it opens, then the route's own checks of what was found. A refusal made once
/// that is known is audited by the route, with the status it is answered with. Every refusal is logged by its rule (never the
/// token) and answered 403, or 410 for a link that is gone, with no byte of any file.
struct SignedLinkCheck {
    let signer: LinkSigner
    /// What the route serves, for the log: "Download", "Bundle download".
    let subject: String

    func open<Found: Sendable, Granted>(
        _ token: String,
        context: AppRequestContext,
        find: (LinkSigner.Claim) async throws -> Found?,
        check: (LinkSigner.Claim, Found) throws -> Granted,
        auditRefusal: (Found, _ status: Int) async -> Void
    ) async throws -> Granted {
        do {
            let claim = try signer.claim(in: token)
            guard let found = try await find(claim) else { throw LinkRefusal.unknownLink }
            do {
                return try check(claim, found)
            } catch let refusal as LinkRefusal {
                await auditRefusal(found, Int(Self.status(of: refusal).code))
                throw refusal
            }
        } catch let refusal as LinkRefusal {
            context.logger.notice("\(subject) refused", metadata: ["scriptdesk.refusal": "\(refusal.code)"])
            throw APIError(Self.status(of: refusal), code: refusal.isGone ? refusal.code : "link.invalid", message: refusal.message)
        }
    }

    /// 410 for a link that is gone (expired, revoked, retired, used up), 403 for any other.
    private static func status(of refusal: LinkRefusal) -> HTTPResponse.Status {
        refusal.isGone ? .gone : .forbidden
    }
}
