import Foundation
import Hummingbird

/// The portal's cookies: the session's, and the one that carries the sign-in form's CSRF
/// token before there is a session. `HttpOnly` and `SameSite=Lax` always; `Secure` with the
/// `__Host-` prefix whenever the public URL is https, so no other host or path can set them.
struct PortalCookies: Sendable {
    let secure: Bool

    init(publicBaseURL: String) {
        secure = publicBaseURL.lowercased().hasPrefix("https://")
    }

    var session: String { secure ? "__Host-scriptdesk-session" : "scriptdesk-session" }
    var signInForm: String { secure ? "__Host-scriptdesk-form" : "scriptdesk-form" }

    /// A cookie named `name` holding `value` for the whole site, for this browser session.
    func cookie(_ name: String, _ value: String) -> Cookie {
        Cookie(name: name, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookie that removes `name`.
    func removal(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
