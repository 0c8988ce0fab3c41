public import Foundation
public import NIOPosix

/// Fetches from the script archive with libcurl: streamed to a file, never held in memory,
/// hashed while written, resumed when cut, within the schemes, hosts, networks and limits
/// of a `FetchPolicy`.
public struct Fetcher: Sendable {
    /// What this fetcher may do.
    public let policy: FetchPolicy
    private let threadPool: NIOThreadPool

    /// libcurl blocks, so transfers run on `threadPool`, never on the cooperative pool.
    public init(policy: FetchPolicy, threadPool: NIOThreadPool = .singleton) {
        self.policy = policy
        self.threadPool = threadPool
    }

    /// Streams `url` to `path` (replacing it; created with mode 0600) and returns its size
    /// and SHA-256. With `expecting`, a body of another size or hash is refused. On failure
    /// no file is left at `path`. The file is staging, not a record: it is not flushed to
    /// disk, since a run that crashes fetches again.
    ///
    /// Throws `TransferError`; or `CancellationError` when the calling task is cancelled,
    /// which stops the transfer at once (within about a second), resumes nothing, and leaves
    /// no file at `path`.
    @discardableResult
    public func fetch(_ url: String, to path: String, expecting expected: ExpectedContent? = nil) async throws -> FetchedFile {
        let session = TransferSession(policy: policy, path: path, expected: expected)
        let inactive = TransferError.network(code: -1, message: "the transfer thread pool is not running", url: TransferURL.redact(url))
        return try await threadPool.runTransfer(inactive: inactive) { cancellation in
            try session.run(url, cancellation: cancellation)
        }
    }

    /// Fetches a small document (such as a manifest) into memory, within `maxBytes`. Throws
    /// as `fetch` does.
    public func fetchData(_ url: String, maxBytes: Int64 = 1 << 20) async throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-fetch-\(UUID().uuidString)").path
        defer { unlink(path) }
        var smallPolicy = policy
        smallPolicy.maxBytes = min(policy.maxBytes, maxBytes)
        _ = try await Fetcher(policy: smallPolicy, threadPool: threadPool).fetch(url, to: path, expecting: nil)
        guard let data = FileManager.default.contents(atPath: path) else { throw TransferError.localIO(path: path, errno: errno) }
        return data
    }
}
