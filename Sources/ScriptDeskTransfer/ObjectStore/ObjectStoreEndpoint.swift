import CCurl

/// Where an object store listens: `http` or `https`, a host and an optional port, with no
/// path, credentials or query. Read with libcurl's parser, as the requests will be.
public struct ObjectStoreEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host, lowercase, without IPv6 brackets.
    public let host: String
    /// The port when it is not the scheme's default.
    public let port: Int?

    /// Parses an endpoint such as `http://127.0.0.1:8333` or `https://s3.eu-west-2.amazonaws.com`.
    public init(_ text: String) throws(TransferConfigurationError) {
        let url: TransferURL
        do { url = try TransferURL(text) } catch {
            throw .invalidObjectStore(field: "endpoint", reason: "'\(TransferURL.redact(text))' is not an absolute URL")
        }
        guard url.scheme == "http" || url.scheme == "https" else {
            throw .invalidObjectStore(field: "endpoint", reason: "the scheme must be http or https, not \(url.scheme)")
        }
        guard let parser = CurlURLHandle(), parser.set(CURLUPART_URL, url.text), !url.host.isEmpty else {
            throw .invalidObjectStore(field: "endpoint", reason: "it names no host")
        }
        for (part, name) in [(CURLUPART_USER, "a user name"), (CURLUPART_QUERY, "a query"), (CURLUPART_FRAGMENT, "a fragment")]
        where parser.get(part) != nil {
            throw .invalidObjectStore(field: "endpoint", reason: "it may not carry \(name); credentials are configured on their own")
        }
        guard (parser.get(CURLUPART_PATH) ?? "/") == "/" else {
            throw .invalidObjectStore(field: "endpoint", reason: "it may not have a path; the bucket is configured on its own")
        }
        let port = parser.get(CURLUPART_PORT).flatMap { Int($0) }
        self.scheme = url.scheme
        self.host = url.host
        self.port = port == (url.scheme == "https" ? 443 : 80) ? nil : port
    }

    /// `host[:port]` as a `Host` header carries it (IPv6 in brackets), for `host` or for a
    /// virtual-hosted bucket's `bucket.host`.
    func authority(prefixedBy label: String? = nil) -> String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (label.map { "\($0)." } ?? "") + name + (port.map { ":\($0)" } ?? "")
    }

    /// Whether the host is a literal IP address rather than a name.
    var isAddress: Bool { IPAddress(host) != nil }

    /// `scheme://host[:port]`.
    public var description: String { "\(scheme)://\(authority())" }
}
