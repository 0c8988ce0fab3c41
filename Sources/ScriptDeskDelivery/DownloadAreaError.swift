import Foundation

/// Errors from the download area.
public enum DownloadAreaError: Error, Sendable, Hashable {
    /// An object id that is not one this area makes (never a path from outside).
    case invalidObjectID(String)
    /// A file system operation failed.
    case io(operation: String, path: String, errno: Int32)
    /// The object store refused or failed a request.
    case objectStore(operation: String, key: String, status: Int, detail: String)
    /// The object is not in the area.
    case missing(String)
    /// The object store refused the credentials, or the identity may not do this (401, 403).
    case objectStoreDenied(operation: String, key: String, status: Int, detail: String)
    /// The file to publish does not have the SHA-256 it was published under.
    case contentMismatch(path: String, sha256: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .invalidObjectID: "delivery.invalid_object"
        case .io: "delivery.io"
        case .objectStore: "delivery.object_store"
        case .missing: "delivery.missing"
        case .objectStoreDenied: "delivery.object_store_denied"
        case .contentMismatch: "delivery.content_mismatch"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .invalidObjectID(let id): "'\(id)' is not a stored object."
        case .io(let operation, let path, let errno): "Could not \(operation) \(path): \(String(cString: strerror(errno)))."
        case .objectStore(let operation, let key, let status, let detail):
            "The object store could not \(operation) \(key)" + (status > 0 ? " (HTTP \(status))" : "") + (detail.isEmpty ? "." : ": \(detail).")
        case .missing(let id): "The stored object \(id) is not in the download area."
        case .objectStoreDenied(let operation, let key, let status, let detail):
            "The object store refused to \(operation) \(key) (HTTP \(status)): \(detail)."
        case .contentMismatch(let path, let sha256): "\(path) does not have the SHA-256 \(sha256) it was to be published under."
        }
    }

    /// A full disk, a passing I/O error or an object store's 5xx may clear; a bad id will not.
    public var isTransient: Bool {
        switch self {
        case .io: true
        case .objectStore(_, _, let status, _): status == 0 || status >= 500 || status == 429
        case .invalidObjectID, .missing, .objectStoreDenied, .contentMismatch: false
        }
    }
}
