import CCurl
import Foundation

/// A URL as libcurl reads it, with the parts a policy judges.
struct TransferURL: Sendable, Hashable {
    /// The URL as curl normalised it; this is what is requested.
    let text: String
    /// The scheme, lowercase.
    let scheme: String
    /// The host, lowercase, without IPv6 brackets; empty for `file://`.
    let host: String
    /// The URL without user name, password, query or fragment: safe for messages and logs.
    let redacted: String
    /// Whether the URL carries a user name or password (`scheme://user:password@host`).
    let hasUserInfo: Bool

    /// Parses an absolute URL; unknown schemes parse (and are refused later by the policy).
    init(_ text: String) throws(TransferError) {
        guard let parser = CurlURLHandle(), parser.set(CURLUPART_URL, text, flags: UInt32(CURLU_NON_SUPPORT_SCHEME)),
            let normalised = parser.get(CURLUPART_URL), let scheme = parser.get(CURLUPART_SCHEME)
        else { throw .invalidURL(url: Self.redact(text)) }
        self.text = normalised
        self.scheme = scheme.lowercased()
        self.host = Self.normalizedHost(parser.get(CURLUPART_HOST, flags: UInt32(CURLU_PUNYCODE)) ?? "")
        self.hasUserInfo = parser.get(CURLUPART_USER) != nil || parser.get(CURLUPART_PASSWORD) != nil
        for part in [CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS, CURLUPART_QUERY, CURLUPART_FRAGMENT] {
            parser.set(part, nil)
        }
        self.redacted = parser.get(CURLUPART_URL) ?? Self.redact(text)
    }

    /// A host name or literal address as policies compare them: lowercase, no IPv6
    /// brackets, no trailing dot.
    static func normalizedHost(_ host: String) -> String {
        var host = Substring(host.lowercased())
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host.hasSuffix(".") { host = host.dropLast() }
        return String(host)
    }

    /// Removes user information, query and fragment from text that may not parse as a URL,
    /// so that no credential reaches a message.
    static func redact(_ text: String) -> String {
        var rest = Substring(text)
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        guard let marker = rest.range(of: "://") else { return String(rest) }
        let authorityEnd = rest[marker.upperBound...].firstIndex(where: { $0 == "/" || $0 == "\\" }) ?? rest.endIndex
        guard let at = rest[marker.upperBound..<authorityEnd].lastIndex(of: "@") else { return String(rest) }
        return String(rest[..<marker.upperBound] + rest[rest.index(after: at)...])
    }
}
