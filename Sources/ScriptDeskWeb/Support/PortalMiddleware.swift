import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ScriptDeskCore
import ScriptDeskServices

/// In front of every page: finds the session the cookie names, and refuses any unsafe
/// request (POST and the like) that comes from another site or does not carry the form's
/// CSRF token, before any page runs, so no page can forget to. The token is the session's,
/// or, on the sign-in form, the one its own cookie carries. A refusal is a 403 page and
/// changes nothing. What a page throws is answered as a page too: a redirect to sign in, a
/// 404 for what the caller may not see (as the API answers), or a 500 that says nothing of
/// the cause, which is logged.
struct PortalMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let signIn: SignInService
    let cookies: PortalCookies
    let renderer: PageRenderer

    /// The largest form the pages take (a file of 2,000 requests is about 120 KB).
    static var formLimit: Int { 1024 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let id = request.cookies[cookies.session]?.value, !id.isEmpty, let live = try await signIn.session(id: id) {
            context.portal.session = PortalSession(id: id, signedIn: live)
        }
        guard [.get, .head].contains(request.method) == false else { return try await answering(request, context, next) }
        guard Self.isSameOrigin(request) else { return refusal(context, why: .crossSite) }
        var request = request
        let body = try await request.collectBody(upTo: Self.formLimit)
        let form: [String: String]
        do {
            form = try FormFields.parse(body, contentType: request.headers[.contentType] ?? "")
        } catch {
            return refusal(context, why: .badToken)
        }
        let expected = context.portal.session?.signedIn.csrfToken ?? request.cookies[cookies.signInForm]?.value
        guard let sent = form["csrf"], let expected, !expected.isEmpty, ConstantTime.equal(sent, expected) else {
            return refusal(context, why: .badToken)
        }
        context.portal.form = form
        return try await answering(request, context, next)
    }

    /// The page `next` makes, or the page for what it threw.
    private func answering(_ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is SignInNeeded {
            return Redirect.seeOther("/sign-in")
        } catch let refusal as AccessRefusal {
            if case .forbidden(let reason) = refusal {
                return renderer.problem(status: .forbidden, title: "You cannot do that", message: reason, session: context.portal.session)
            }
            return notFound(context)
        } catch let error as HTTPError where error.status == .notFound {
            return notFound(context)
        } catch {
            context.logger.error("Unhandled error on a page", metadata: ["scriptdesk.error": "\(String(reflecting: error))"])
            return renderer.problem(
                status: .internalServerError,
                title: "Sorry, there is a problem with ScriptDesk",
                message: "Something went wrong on our side and it has been logged. Try again in a few minutes.",
                session: context.portal.session
            )
        }
    }

    private func notFound(_ context: Context) -> Response {
        renderer.problem(
            status: .notFound,
            title: "Page not found",
            message: "There is nothing here, or it is not yours to see. Check the address, or go back to the home page.",
            session: context.portal.session
        )
    }

    /// Whether the browser says the request comes from this site: `Sec-Fetch-Site` when it
    /// sends one, else `Origin` against the `Host` asked for; a client that sends neither
    /// (not a browser) is judged by the token alone.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site == "same-origin" || site == "none" }
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority, let url = URL(string: origin) else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(url.host ?? ""):\(port.dropFirst())" == host || "\(url.host ?? "")\(port)" == host
    }

    private enum Why { case crossSite, badToken }

    private func refusal(_ context: Context, why: Why) -> Response {
        let message =
            switch why {
            case .crossSite: "This form was sent from another site, so nothing was changed."
            case .badToken:
                "This form has expired or was not sent from ScriptDesk, so nothing was changed. Go back, reload the page and send it again."
            }
        return renderer.problem(status: .forbidden, title: "The form could not be accepted", message: message, session: context.portal.session)
    }
}

extension HTTPField.Name {
    /// `Sec-Fetch-Site`: where the browser says the request comes from.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
