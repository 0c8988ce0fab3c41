#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a transfer failed, and whether trying again may help. URLs in these values have
/// no user name, password or query: they are safe to show and log.
public enum TransferError: Error, Sendable, Hashable {
    /// The server said the thing is not there (404, 410), or a local file is missing.
    case notFound(url: String)
    /// The server answered with another error status.
    case httpStatus(Int, url: String)
    /// The body is larger than the policy's limit.
    case tooLarge(limit: Int64, url: String)
    /// The scheme, host, connected address or a redirect is outside the policy.
    case notAllowed(url: String, reason: String)
    /// An https URL redirected to plain http: the rest of the fetch would have gone
    /// unencrypted and unauthenticated.
    case downgrade(url: String, target: String)
    /// The body is longer than the expected size (or, from a local file, shorter).
    case sizeMismatch(expected: Int64, url: String)
    /// The body's SHA-256 differs from the expected one.
    case checksumMismatch(expected: String, actual: String, url: String)
    /// The body stopped short (cut connection, or fewer bytes than expected), even after resuming.
    case shortBody(received: Int64, expected: Int64?, url: String)
    /// The transfer took longer than allowed, or stayed slower than the low-speed limit.
    case timeout(url: String)
    /// The host name could not be resolved.
    case unresolved(host: String, url: String)
    /// The connection failed (refused, reset) or the server misbehaved at the protocol level.
    case network(code: Int, message: String, url: String)
    /// The server's TLS certificate could not be verified.
    case tls(message: String, url: String)
    /// The text is not an absolute URL.
    case invalidURL(url: String)
    /// The local file could not be written.
    case localIO(path: String, errno: Int32)

    /// A stable code.
    public var code: String {
        switch self {
        case .notFound: "transfer.not_found"
        case .httpStatus: "transfer.http_status"
        case .tooLarge: "transfer.too_large"
        case .notAllowed: "transfer.not_allowed"
        case .downgrade: "transfer.downgrade"
        case .sizeMismatch: "transfer.size_mismatch"
        case .checksumMismatch: "transfer.checksum_mismatch"
        case .shortBody: "transfer.short_body"
        case .timeout: "transfer.timeout"
        case .unresolved: "transfer.dns"
        case .network: "transfer.network"
        case .tls: "transfer.tls"
        case .invalidURL: "transfer.invalid_url"
        case .localIO: "transfer.local_io"
        }
    }

    /// Whether another attempt may succeed: server overload, network trouble, a cut body and
    /// a full disk may pass; a missing file, a refusal, a mismatch or a bad certificate will not.
    public var isTransient: Bool {
        switch self {
        case .notFound, .tooLarge, .notAllowed, .downgrade, .sizeMismatch, .checksumMismatch, .tls, .invalidURL: false
        case .httpStatus(let status, _): status >= 500 || status == 408 || status == 429
        case .shortBody, .timeout, .unresolved, .network, .localIO: true
        }
    }

    /// A sentence for a person, saying what to do about it.
    public var message: String {
        switch self {
        case .notFound(let url):
            "Nothing was found at \(url); check that the archive location and file name are right."
        case .httpStatus(let status, let url) where isTransient:
            "The server answered \(status) for \(url); it is busy or failing, and a later attempt may succeed."
        case .httpStatus(let status, let url):
            "The server refused \(url) with status \(status); check the URL and the archive's access rules."
        case .tooLarge(let limit, let url):
            "\(url) is larger than the limit of \(limit) bytes; raise the fetch size limit if the file is genuine."
        case .notAllowed(let url, let reason):
            "Fetching \(url) is not allowed: \(reason). Check the archive URL, or widen the fetch policy if the target is trusted."
        case .downgrade(let url, let target):
            "\(url) redirected to \(target), from https to plain http, which is never followed; have the archive redirect to an https URL, or give its http URL directly if plain http is meant."
        case .sizeMismatch(let expected, let url):
            "\(url) does not have the expected \(expected) bytes; the archive's copy differs from its manifest."
        case .checksumMismatch(let expected, let actual, let url):
            "\(url) has SHA-256 \(actual), not the expected \(expected); the archive's copy differs from its manifest or was damaged."
        case .shortBody(let received, let expected, let url):
            "The transfer of \(url) stopped after \(received)\(expected.map { " of \($0)" } ?? "") bytes, even after resuming; a later attempt may succeed."
        case .timeout(let url):
            "Fetching \(url) took too long or stalled below the low-speed limit; a later attempt may succeed."
        case .unresolved(let host, let url):
            "The host \(host) of \(url) could not be resolved; check the name, or try again if name resolution is failing."
        case .network(_, let message, let url):
            "Fetching \(url) failed: \(message); a later attempt may succeed."
        case .tls(let message, let url):
            "The TLS connection for \(url) could not be verified (\(message)); check the server's certificate or the CA bundle."
        case .invalidURL(let url):
            "'\(url)' is not an absolute URL; write it with its scheme, like https://archive.example/path."
        case .localIO(let path, let errno):
            "Could not write \(path): \(String(cString: strerror(errno))); check the disk space and permissions."
        }
    }
}
