/// Why a transfer failed, and whether trying again may help.
public enum TransferError: Error, Sendable, Hashable {
    /// The server said the thing is not there (404, 410), or a local file is missing.
    case notFound(url: String)
    /// The server answered with an error status.
    case httpStatus(Int, url: String)
    /// The body is larger than the limit.
    case tooLarge(limit: Int64, url: String)
    /// The URL's scheme or a redirect's target is not allowed.
    case notAllowed(url: String, reason: String)
    /// The network or the server failed (connection refused or reset, timeout, short body).
    case network(code: Int, message: String, url: String)
    /// The local file could not be written.
    case localIO(path: String, errno: Int32)

    /// A stable code.
    public var code: String {
        switch self {
        case .notFound: "transfer.not_found"
        case .httpStatus: "transfer.http_status"
        case .tooLarge: "transfer.too_large"
        case .notAllowed: "transfer.not_allowed"
        case .network: "transfer.network"
        case .localIO: "transfer.local_io"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .notFound(let url): "Nothing was found at \(url)."
        case .httpStatus(let status, let url): "The server answered \(status) for \(url)."
        case .tooLarge(let limit, let url): "\(url) is larger than the limit of \(limit) bytes."
        case .notAllowed(let url, let reason): "Fetching \(url) is not allowed: \(reason)."
        case .network(_, let message, let url): "Fetching \(url) failed: \(message)."
        case .localIO(let path, let errno): "Could not write \(path) (errno \(errno))."
        }
    }

    /// Whether another attempt may succeed: server errors, network trouble and a full disk
    /// may pass; a missing file, a refusal or an oversized body will not.
    public var isTransient: Bool {
        switch self {
        case .notFound, .tooLarge, .notAllowed: false
        case .httpStatus(let status, _): status >= 500 || status == 408 || status == 429
        case .network, .localIO: true
        }
    }
}
