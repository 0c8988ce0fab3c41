import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat

/// A browser as far as the pages' HTTP goes: it keeps cookies, sends forms with the token
/// the last page carried, and says it is on the same site as a browser would.
final class PortalBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    /// The cookies it holds, by name.
    var cookies: [String: String] = [:]
    /// The `Set-Cookie` lines of the last answer.
    var lastSetCookies: [String] = []

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    /// `GET path`.
    func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, body: nil, site: nil, contentType: nil)
    }

    /// `POST path` with `fields` as a form; `site` is what `Sec-Fetch-Site` says (none by default).
    func post(_ path: String, _ fields: [String: String], site: String? = "same-origin") async throws -> TestResponse {
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.post, path, body: body, site: site, contentType: "application/x-www-form-urlencoded")
    }

    /// `POST path` as `multipart/form-data`: `fields`, and `file` as the part named `file`.
    func upload(_ path: String, _ fields: [String: String], file: String) async throws -> TestResponse {
        let boundary = "scriptdesk-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.csv\"\r\n"
        body += "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        return try await send(.post, path, body: body, site: "same-origin", contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Signs in through the form as `username`; returns the answer to the form.
    func signIn(_ username: String, _ password: String) async throws -> TestResponse {
        let page = try await get("/sign-in")
        return try await post("/sign-in", ["csrf": try Self.csrf(in: page), "username": username, "password": password])
    }

    /// The CSRF token in a page's forms.
    static func csrf(in page: TestResponse) throws -> String {
        let html = String(buffer: page.body)
        guard let match = html.firstMatch(of: #/name="csrf" value="([^"]*)"/#) else { throw PortalBrowserError("no form token in the page") }
        return String(match.1)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?, site: String?, contentType: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let site { headers[HTTPField.Name("Sec-Fetch-Site")!] = site }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        lastSetCookies = response.headers[values: .setCookie]
        for line in lastSetCookies {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

struct PortalBrowserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
