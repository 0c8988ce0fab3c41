import Foundation
import HTTPTypes
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// `GET`/`POST /sign-in` and `POST /sign-out`. The sign-in form carries a token that its
/// own cookie holds too, so another site cannot sign a browser in as someone else; signing
/// in always starts a new session and ends the browser's old one.
struct SignInPages<Context: PortalRequestContext> {
    let signIn: SignInService
    let cookies: PortalCookies
    let renderer: PageRenderer

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("sign-in", use: show)
        pages.post("sign-in", use: submit)
        pages.post("sign-out", use: signOut)
    }

    struct Page: PageContent {
        var title = "Sign in"
        var session: PortalSession? = nil
        var formToken: String
        var username = ""
        var error: String?
        var signedOut = false
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        if context.portal.session != nil { return Redirect.seeOther("/") }
        let token = request.cookies[cookies.signInForm]?.value ?? Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        var response = renderer.render("sign-in", Page(formToken: token, signedOut: request.uri.queryParameters["signed-out"] != nil))
        response.setCookie(cookies.cookie(cookies.signInForm, token))
        return response
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let form = context.portal.form
        let username = form["username"] ?? ""
        do {
            let started = try await signIn.signIn(
                username: username,
                password: form["password"] ?? "",
                from: context.clientAddress,
                replacing: request.cookies[cookies.session]?.value
            )
            var response = Redirect.seeOther("/")
            response.setCookie(cookies.cookie(cookies.session, started.id))
            response.setCookie(cookies.removal(cookies.signInForm))
            return response
        } catch let refusal as SignInRefusal {
            let page = Page(formToken: form["csrf"] ?? "", username: username, error: refusal.message)
            var response = renderer.render("sign-in", page, status: refusal == .failed ? .unauthorized : .tooManyRequests)
            if case .paused(let seconds) = refusal { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        if let session = context.portal.session { try await signIn.signOut(id: session.id) }
        var response = Redirect.seeOther("/sign-in?signed-out=1")
        response.setCookie(cookies.removal(cookies.session))
        return response
    }
}
