#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a request to the object store failed. Messages name the operation and the key,
/// never a credential.
public enum ObjectStoreError: Error, Sendable, Hashable {
    /// The store answered with an error status; `code` is the S3 error code of the body
    /// (`AccessDenied`, `SignatureDoesNotMatch`, `NoSuchBucket` ...) when it sent one.
    case refused(operation: String, key: String, status: Int, code: String?)
    /// No usable answer: the connection failed, timed out, was outside the policy, or the
    /// store misbehaved at the protocol level.
    case unreachable(operation: String, key: String, reason: String)
    /// A local file could not be read or written.
    case localIO(operation: String, path: String, errno: Int32)
    /// The file uploaded does not have the SHA-256 it was published under; nothing was stored.
    case contentMismatch(key: String, path: String, sha256: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .refused(_, _, let status, _) where Self.deniedStatuses.contains(status): "object_store.denied"
        case .refused: "object_store.refused"
        case .unreachable: "object_store.unreachable"
        case .localIO: "object_store.local_io"
        case .contentMismatch: "object_store.content_mismatch"
        }
    }

    /// Whether the store refused the credentials or the identity's rights (401, 403).
    public var isDenied: Bool {
        if case .refused(_, _, let status, _) = self { return Self.deniedStatuses.contains(status) }
        return false
    }

    /// The HTTP status, 0 when there was no answer.
    public var status: Int {
        if case .refused(_, _, let status, _) = self { return status }
        return 0
    }

    /// Overload, 5xx, and failed connections may pass; refusals and missing files will not.
    public var isTransient: Bool {
        switch self {
        case .refused(_, _, let status, _): status >= 500 || status == 408 || status == 429
        case .unreachable, .localIO: true
        case .contentMismatch: false
        }
    }

    /// A sentence for a person, saying what to do about it.
    public var message: String {
        switch self {
        case .refused(let operation, let key, let status, _):
            "The object store \(isDenied ? "refused to" : "could not") \(operation) \(key) (HTTP \(status)): \(reason)."
        case .unreachable(let operation, let key, _):
            "Could not \(operation) \(key) in the object store: \(reason)."
        case .localIO(let operation, let path, let errno):
            "Could not \(operation) \(path): \(String(cString: strerror(errno)))."
        case .contentMismatch(let key, _, _):
            "Did not store \(key): \(reason)."
        }
    }

    /// What went wrong and what to do, without the operation and key: a clause for messages.
    public var reason: String {
        switch self {
        case .refused(_, _, let status, let code) where Self.deniedStatuses.contains(status):
            "\(code ?? "access denied"); check the access key id, the secret access key and the region, "
                + "and that the identity may read and write the bucket"
        case .refused(_, _, _, let code) where isTransient:
            "\(code ?? "server error"); the store is busy or failing, and a later attempt may succeed"
        case .refused(_, _, _, let code):
            "\(code ?? "unexpected answer"); check the bucket name and the addressing style"
        case .unreachable(_, _, let reason):
            "\(reason); check the endpoint, or try again if the store is down"
        case .localIO(_, _, let errno):
            String(cString: strerror(errno))
        case .contentMismatch(_, let path, let sha256):
            "\(path) does not have the SHA-256 \(sha256) it was published under (it changed, or the hash is wrong)"
        }
    }

    private static let deniedStatuses: Set<Int> = [401, 403]
}
