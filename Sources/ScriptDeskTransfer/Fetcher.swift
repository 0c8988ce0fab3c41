import CCurl
import CCurlShim
import Foundation
import NIOPosix

/// Fetches from the script archive with libcurl: streamed to a file, never held in memory,
/// within the limits and schemes of a `FetchPolicy`.
public struct Fetcher: Sendable {
    /// What this fetcher may do.
    public let policy: FetchPolicy
    private let threadPool: NIOThreadPool

    /// libcurl blocks, so transfers run on `threadPool`, never on the cooperative pool.
    public init(policy: FetchPolicy, threadPool: NIOThreadPool = .singleton) {
        self.policy = policy
        self.threadPool = threadPool
    }

    /// Streams `url` to `path` (replacing it) and returns the number of bytes written.
    /// On failure the partial file is removed.
    @discardableResult
    public func fetch(_ url: String, to path: String) async throws -> Int64 {
        let policy = self.policy
        return try await threadPool.runIfActive {
            do {
                return try Self.transfer(url, to: path, policy: policy)
            } catch {
                unlink(path)
                throw error
            }
        }
    }

    /// Fetches a small document (such as a manifest) into memory, within `maxBytes`.
    public func fetchData(_ url: String, maxBytes: Int64 = 1 << 20) async throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-fetch-\(UUID().uuidString)").path
        defer { unlink(path) }
        var smallPolicy = policy
        smallPolicy.maxBytes = min(policy.maxBytes, maxBytes)
        try await Fetcher(policy: smallPolicy, threadPool: threadPool).fetch(url, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func transfer(_ url: String, to path: String, policy: FetchPolicy) throws(TransferError) -> Int64 {
        guard let scheme = url.split(separator: ":", maxSplits: 1).first.map({ $0.lowercased() }), policy.schemes.contains(scheme) else {
            throw .notAllowed(url: url, reason: "only \(policy.schemes.sorted().joined(separator: ", ")) URLs may be fetched")
        }
        let sink = try FileSink(path: path, limit: policy.maxBytes)
        let curl = try CurlEasy()
        curl.set(CURLOPT_URL, url)
        curl.set(CURLOPT_PROTOCOLS_STR, policy.schemes.sorted().joined(separator: ","))
        curl.set(CURLOPT_REDIR_PROTOCOLS_STR, policy.redirectSchemes.sorted().joined(separator: ","))
        curl.set(CURLOPT_FOLLOWLOCATION, 1)
        curl.set(CURLOPT_MAXREDIRS, 5)
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(policy.connectTimeout * 1000))
        curl.set(CURLOPT_TIMEOUT_MS, Int(policy.totalTimeout * 1000))
        curl.set(CURLOPT_LOW_SPEED_LIMIT, policy.lowSpeedBytesPerSecond)
        curl.set(CURLOPT_LOW_SPEED_TIME, policy.lowSpeedSeconds)
        curl.set(CURLOPT_MAXFILESIZE_LARGE, offset: policy.maxBytes)
        scriptdesk_curl_setopt_write_callback(curl.handle, FileSink.callback)
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        curl.set(CURLOPT_WRITEDATA, pointer: unmanaged.toOpaque())

        let result = curl.perform()
        if sink.exceededLimit || result == CURLE_FILESIZE_EXCEEDED {
            throw .tooLarge(limit: policy.maxBytes, url: url)
        }
        if sink.writeErrno != 0 {
            throw .localIO(path: path, errno: sink.writeErrno)
        }
        switch result {
        case CURLE_OK:
            break
        case CURLE_UNSUPPORTED_PROTOCOL:
            throw .notAllowed(url: url, reason: "a redirect led to a scheme that is not allowed")
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_REMOTE_FILE_NOT_FOUND:
            throw .notFound(url: url)
        default:
            throw .network(code: Int(result.rawValue), message: String(cString: curl_easy_strerror(result)), url: url)
        }
        // A file:// transfer reports status 0; HTTP reports its final status.
        let status = curl.info(CURLINFO_RESPONSE_CODE)
        if status == 404 || status == 410 { throw .notFound(url: url) }
        if status >= 300 { throw .httpStatus(status, url: url) }
        guard sink.sync() else { throw .localIO(path: path, errno: errno) }
        return sink.written
    }
}
