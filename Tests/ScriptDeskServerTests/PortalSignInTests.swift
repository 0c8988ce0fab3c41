import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskAppTestSupport
import ScriptDeskDemo
import ScriptDeskServer
import Testing

/// The pages' sign-in over HTTP: a session cookie with the right attributes, renewed at
/// sign-in, ended by sign-out; CSRF refused without the token, with another session's
/// token, or from another site, changing nothing; the security headers on every page.
@Suite struct PortalSignInTests {
    @Test func anExamsOfficerSignsInSeesTheHomePageAndSignsOut() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                let home = try await browser.get("/")
                #expect(home.status == .seeOther && home.headers[.location] == "/sign-in")

                let signedIn = try await browser.signIn(officer.username, officer.password)
                #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
                let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("scriptdesk-session=") })
                for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] { #expect(cookie.contains(attribute), "\(cookie)") }
                #expect(!cookie.contains("Secure"), "http public URL")

                let page = try await browser.get("/")
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("Post-results services"))
                #expect(html.contains(environment.credentials.centres[0].name))
                #expect(html.contains("Priority copies of scripts"))
                #expect(html.contains("Sign out"))

                let out = try await browser.post("/sign-out", ["csrf": try PortalBrowser.csrf(in: page)])
                #expect(out.status == .seeOther)
                #expect(browser.cookies["scriptdesk-session"] == nil)
                #expect(try await browser.get("/").status == .seeOther)
            }
        }
    }

    @Test func signOutEndsTheSessionForEveryCopyOfTheCookie() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                let stolen = PortalBrowser(client)
                stolen.cookies = browser.cookies
                #expect(try await stolen.get("/").status == .ok)
                let page = try await browser.get("/")
                _ = try await browser.post("/sign-out", ["csrf": try PortalBrowser.csrf(in: page)])
                #expect(try await stolen.get("/").status == .seeOther, "the copied cookie outlived sign-out")
            }
        }
    }

    @Test func formsWithoutTheRightTokenOrFromAnotherSiteChangeNothing() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let teacher = try #require(environment.credentials.centres[0].teacher)
            try await environment.application().test(.router) { client in
                // Sign-in: no token, a wrong one, or from another site.
                let browser = PortalBrowser(client)
                let form = try await browser.get("/sign-in")
                let token = try PortalBrowser.csrf(in: form)
                for (fields, site) in [
                    (["username": officer.username, "password": officer.password], "same-origin"),
                    (["csrf": String(token.reversed()), "username": officer.username, "password": officer.password], "same-origin"),
                    (["csrf": token, "username": officer.username, "password": officer.password], "cross-site"),
                ] {
                    let refused = try await browser.post("/sign-in", fields, site: site)
                    #expect(refused.status == .forbidden)
                    #expect(browser.cookies["scriptdesk-session"] == nil)
                }
                // Signed in: another session's token does not sign this one out.
                _ = try await browser.signIn(officer.username, officer.password)
                let other = PortalBrowser(client)
                _ = try await other.signIn(teacher.username, teacher.password)
                let othersToken = try PortalBrowser.csrf(in: try await other.get("/"))
                #expect(try await browser.post("/sign-out", ["csrf": othersToken]).status == .forbidden)
                #expect(try await browser.get("/").status == .ok, "signed out by a forged form")
                // An Origin of another site, without Sec-Fetch-Site.
                let ownToken = try PortalBrowser.csrf(in: try await browser.get("/"))
                let crossOrigin = try await client.execute(
                    uri: "/sign-out",
                    method: .post,
                    headers: [
                        .cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                        .origin: "https://evil.example", .contentType: "application/x-www-form-urlencoded",
                    ],
                    body: ByteBuffer(string: "csrf=\(ownToken)")
                )
                #expect(crossOrigin.status == .forbidden)
                #expect(try await browser.get("/").status == .ok)
            }
        }
    }

    @Test func signingInStartsANewSessionWhateverCookieWasPlanted() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.router) { client in
                // An attacker plants a session id of their choosing in the victim's browser…
                let victim = PortalBrowser(client)
                let planted = "planted-by-an-attacker-0123456789abcdefghijk"
                victim.cookies["scriptdesk-session"] = planted
                #expect(try await victim.get("/").status == .seeOther, "a made-up id is no session")
                _ = try await victim.signIn(officer.username, officer.password)
                // …and signing in gives the browser a new one, and the planted one opens nothing.
                let issued = try #require(victim.cookies["scriptdesk-session"])
                #expect(issued != planted)
                #expect(try await victim.get("/").status == .ok)
                let attacker = PortalBrowser(client)
                attacker.cookies["scriptdesk-session"] = planted
                #expect(try await attacker.get("/").status == .seeOther)
            }
        }
    }

    @Test func failedSignInsSayNothingOfWhoExistsAndSlowDown() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                let wrong = try await browser.signIn(officer.username, "not the password")
                let unknown = try await browser.signIn("nobody.at.all", "not the password")
                #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
                let message = "The user name or password is not right."
                #expect(String(buffer: wrong.body).contains(message) && String(buffer: unknown.body).contains(message))
                _ = try await browser.signIn(officer.username, "not the password")
                _ = try await browser.signIn(officer.username, "not the password")
                let paused = try await browser.signIn(officer.username, officer.password)
                #expect(paused.status == .tooManyRequests)
                #expect(paused.headers[.retryAfter] != nil)
                #expect(browser.cookies["scriptdesk-session"] == nil)
            }
        }
    }

    @Test func pagesCarryTheSecurityHeadersAndHTTPSCookiesAreHostBound() async throws {
        try await TestEnvironment.with(people: true, settings: ["SCRIPTDESK_PUBLIC_URL": "https://scriptdesk.example"]) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                let page = try await browser.get("/sign-in")
                let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(page.headers[.cacheControl] == "no-store")
                // No inline script or style for the policy to refuse.
                let html = String(buffer: page.body)
                #expect(!html.contains("<style") && !html.contains(" style=") && !html.contains("<script>"))

                _ = try await browser.signIn(officer.username, officer.password)
                let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("__Host-scriptdesk-session=") })
                #expect(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"))
                // The stylesheet is served under its hash, for a year.
                let stylesheet = try #require(html.firstMatch(of: #/href="(/static/portal\.[0-9a-f]{12}\.css)"/#)?.1)
                let css = try await client.execute(uri: String(stylesheet), method: .get)
                #expect(css.status == .ok)
                #expect(css.headers[.cacheControl]?.contains("immutable") == true)
                #expect(try await client.execute(uri: "/static/portal.css", method: .get).status == .notFound)
            }
        }
    }
}
