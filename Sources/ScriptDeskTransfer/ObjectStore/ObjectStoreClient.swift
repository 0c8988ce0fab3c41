public import Foundation
public import NIOPosix

/// Requests to one bucket of an S3-compatible object store with libcurl: uploads streamed
/// from files, downloads streamed to files, lookups, deletes and listings a page at a time,
/// all signed with SigV4 and kept to the endpoint's host; and presigned GET URLs for clients.
///
/// Requests throw `ObjectStoreError`; or `CancellationError` when the calling task is
/// cancelled, which stops the transfer at once (a download then leaves no file).
public struct ObjectStoreClient: Sendable {
    /// The bucket and how to reach it.
    public let configuration: ObjectStoreConfiguration
    private let threadPool: NIOThreadPool

    /// The longest a presigned URL made by `presignedGET` lasts, in seconds.
    public static let maxPresignLifetime = 60

    /// libcurl blocks, so requests run on `threadPool`, never on the cooperative pool.
    public init(configuration: ObjectStoreConfiguration, threadPool: NIOThreadPool = .singleton) {
        self.configuration = configuration
        self.threadPool = threadPool
    }

    /// Uploads the file at `path` as `key` with one PUT (the store makes it visible whole
    /// or not at all), streamed from the file. `sha256` is the file's hash: it is signed as
    /// the payload's, and the upload is cut before its end (so nothing is stored) when the
    /// bytes read hash otherwise. Returns the size uploaded.
    @discardableResult
    public func put(file path: String, key: String, contentType: String, sha256: String) async throws -> Int64 {
        let configuration = configuration
        return try await run(key: key) { cancellation throws(ObjectStoreError) -> Int64 in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .localIO(operation: "open", path: path, errno: errno) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw .localIO(operation: "read", path: path, errno: errno) }
            let size = Int64(info.st_size)
            let upload = ObjectStoreRequest.Upload(fd: fd, path: path, size: size, sha256: sha256.lowercased())
            let request = ObjectStoreRequest(.put, key: key, configuration: configuration, upload: upload)
            let response = try request.perform(payloadSHA256: sha256, headers: ["Content-Type: \(contentType)"], cancellation: cancellation)
            guard (200..<300).contains(response.status) else { throw request.refused(response) }
            return size
        }
    }

    /// The size of `key`, or nil when the store has no such object.
    public func head(key: String) async throws -> Int64? {
        let configuration = configuration
        return try await run(key: key) { cancellation throws(ObjectStoreError) -> Int64? in
            let request = ObjectStoreRequest(.head, key: key, configuration: configuration)
            let response = try request.perform(cancellation: cancellation)
            if response.status == 404 { return nil }
            guard (200..<300).contains(response.status) else { throw request.refused(response) }
            return response.contentLength ?? 0
        }
    }

    /// Downloads `key` to `path` (replaced; mode 0600) and returns its size and SHA-256, or
    /// nil when the store has no such object. On failure no file is left at `path`.
    public func get(key: String, toFile path: String) async throws -> FetchedFile? {
        let configuration = configuration
        return try await run(key: key) { cancellation throws(ObjectStoreError) -> FetchedFile? in
            let sink: FileSink
            do { sink = try FileSink(path: path) } catch {
                throw ObjectStoreError.localIO(operation: "create", path: path, errno: Self.systemError(of: error))
            }
            let request = ObjectStoreRequest(.get, key: key, configuration: configuration, sink: sink)
            let response: ObjectStoreRequest.Response
            do throws(ObjectStoreError) { response = try request.perform(cancellation: cancellation) } catch {
                sink.remove()
                throw error
            }
            guard (200..<300).contains(response.status) else {
                sink.remove()
                if response.status == 404 { return nil }
                throw request.refused(response)
            }
            do { return try sink.finish() } catch {
                sink.remove()
                throw ObjectStoreError.localIO(operation: "write", path: path, errno: Self.systemError(of: error))
            }
        }
    }

    /// Deletes `key`; deleting an object that is not there is not an error.
    public func delete(key: String) async throws {
        let configuration = configuration
        try await run(key: key) { cancellation throws(ObjectStoreError) in
            let request = ObjectStoreRequest(.delete, key: key, configuration: configuration)
            let response = try request.perform(cancellation: cancellation)
            guard (200..<300).contains(response.status) || response.status == 404 else { throw request.refused(response) }
        }
    }

    /// One page of the objects whose keys start with `prefix`, in key order: up to `maxKeys`
    /// (1 to 1,000) from the page `continuation` names, the first when nil. Each page's
    /// `continuationToken` asks for the next; the last page has none.
    public func list(prefix: String, continuation: String? = nil, maxKeys: Int = 1_000) async throws -> ObjectListing {
        let configuration = configuration
        let maxKeys = min(max(maxKeys, 1), 1_000)
        return try await run(key: prefix) { cancellation throws(ObjectStoreError) -> ObjectListing in
            let request = ObjectStoreRequest(listing: prefix, continuation: continuation, maxKeys: maxKeys, configuration: configuration)
            let response = try request.perform(cancellation: cancellation)
            guard (200..<300).contains(response.status) else { throw request.refused(response) }
            do throws(XMLLeaves.Malformed) { return try ObjectListing.parse(response.body) } catch {
                throw request.unreachable("the store's listing could not be read: \(error.reason)")
            }
        }
    }

    /// A URL that lets whoever holds it GET `key` for `lifetime` seconds from `now` (at most
    /// `maxPresignLifetime`). `query` adds parameters to sign with it, such as
    /// `response-content-disposition`. Makes no request.
    public func presignedGET(key: String, query: [String: String] = [:], lifetime: Int, now: Date) -> String {
        presignedURL(method: "GET", key: key, query: query, lifetime: min(max(lifetime, 1), Self.maxPresignLifetime), now: now)
    }

    /// A presigned URL of any lifetime SigV4 allows (up to seven days).
    func presignedURL(method: String, key: String, query: [String: String], lifetime: Int, now: Date) -> String {
        let request = SigV4.Request(method: method, host: configuration.requestHost, encodedPath: configuration.encodedPath(of: key), query: query)
        let signed = SigV4.presignedQuery(
            request,
            accessKeyID: configuration.accessKeyID,
            secretAccessKey: configuration.secretAccessKey,
            region: configuration.region,
            now: now,
            lifetime: min(max(lifetime, 1), 604_800)
        )
        return "\(configuration.url(of: key))?\(signed)"
    }

    /// Runs a blocking request on the thread pool, passing its `ObjectStoreError` through;
    /// cancelling the calling task stops it (see `NIOThreadPool.runTransfer`).
    private func run<T: Sendable>(
        key: String,
        _ body: @escaping @Sendable (TransferCancellation) throws(ObjectStoreError) -> T
    ) async throws -> T {
        let inactive = ObjectStoreError.unreachable(operation: "reach", key: key, reason: "the transfer thread pool is not running")
        return try await threadPool.runTransfer(inactive: inactive, body)
    }

    /// The `errno` a local file's `TransferError` carries.
    private static func systemError(of error: any Error) -> Int32 {
        if case .localIO(_, let code) = error as? TransferError { return code }
        return EIO
    }
}
