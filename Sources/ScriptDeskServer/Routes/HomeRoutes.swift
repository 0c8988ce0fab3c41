import Foundation
import Hummingbird
import ScriptDeskStore

/// `GET /` (what is running and how to try it), `GET /livez` (the process runs) and
/// `GET /healthz` (it can serve: 503 while the database cannot be reached).
struct HomeRoutes {
    let credentialsPath: String?
    let publicBaseURL: String
    let database: Database

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/", use: home)
        router.get("/livez") { _, _ in
            try JSON.response(["status": "ok"])
        }
        router.get("/healthz", use: health)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard await database.isReachable() else { throw StoreError.unavailable(reason: "health check") }
        return try JSON.response(["status": "ok", "database": "reachable"])
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credentials =
            credentialsPath.map {
                "<p>Demo credentials (API tokens for each centre's exams officer and teacher, and for operations) are in <code>\(Self.escape($0))</code>.</p>"
            } ?? Self.tokensHelp
        let base = Self.escape(publicBaseURL)
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>ScriptDesk</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
            code,pre{background:#f3f3f3;border-radius:4px}pre{padding:.8rem;overflow:auto}</style></head>
            <body><h1>ScriptDesk</h1>
            <p>The post-results service is running: centres request copies of marked scripts, workers build and check
            each PDF, and copies are downloaded through signed, expiring links.</p>
            \(credentials)
            <h2>Try it</h2>
            <pre>TOKEN=...   # an exams officer's token: from the credentials file, or scriptdesk tokens add
            curl -s -H "Authorization: Bearer $TOKEN" '\(base)/api/v1/results?series=2026-06&amp;limit=5'
            curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
              -d '{"series":"2026-06","component":"&lt;code&gt;","candidate":"&lt;number&gt;","kind":"priority",
                   "consent":{"candidateAgreed":true,"obtainedAt":"2026-08-20T09:00:00Z","identify":true}}' \\
              \(base)/api/v1/script-requests
            curl -s -H "Authorization: Bearer $TOKEN" \(base)/api/v1/script-requests/&lt;id&gt;</pre>
            <p>When the request is ready, its <code>download.url</code> serves the PDF.</p>
            <p><a href="/healthz">Health</a></p></body></html>
            """
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// How to get a token when the demo's credentials are not at hand.
    static let tokensHelp = """
        <p>Issue an API token on the server with <code>scriptdesk tokens add --centre NUMBER --role exams-officer</code>
        (or <code>--role teacher</code>; <code>--role operations</code> without a centre): it prints the secret once.
        <code>scriptdesk tokens list</code> shows every token and <code>scriptdesk tokens revoke ID</code> revokes one.</p>
        """

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
