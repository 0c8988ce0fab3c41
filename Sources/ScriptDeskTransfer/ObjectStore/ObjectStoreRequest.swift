import CCurl
import CCurlShim
import Crypto
import Foundation
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One request to the object store on its own easy handle, signed by libcurl with SigV4:
/// an upload streamed from a file descriptor, a body streamed to a sink (or, for a listing,
/// kept up to a limit), every connection's address checked against the policy before it is
/// made, and the transfer aborted once cancelled. Blocks.
final class ObjectStoreRequest {
    /// The S3 operations this client makes.
    enum Method {
        case get
        case put
        case head
        case delete
        /// ListObjectsV2: a GET of the bucket with a query.
        case list

        /// The verb messages use: "could not store ab/….pdf".
        var operation: String {
            switch self {
            case .get: "read"
            case .put: "store"
            case .head: "look up"
            case .delete: "delete"
            case .list: "list"
            }
        }
    }

    /// What the store answered.
    struct Response {
        var status: Int
        var contentLength: Int64?
        /// The S3 error code of an error body (`NoSuchKey`, `SignatureDoesNotMatch` ...).
        var errorCode: String?
        /// A successful listing's body.
        var body: [UInt8] = []
    }

    /// The SHA-256 of an empty payload, which GET, HEAD and DELETE sign.
    static let emptyPayloadSHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The most of an error body kept, to read its S3 error code.
    static let errorBodyLimit = 64 << 10
    /// The most of a listing's body kept: a page of 1,000 keys is some 300 KB.
    static let listingBodyLimit = 8 << 20

    let method: Method
    /// The object's key; for a listing, the prefix listed (for messages).
    let key: String
    /// The signed query of a listing (its parameters sorted and encoded); nil for an object.
    private let query: String?
    let configuration: ObjectStoreConfiguration
    private let upload: Upload?
    private var sent: Int64 = 0
    private var uploadHash = SHA256()
    private let sink: FileSink?
    private var head = ResponseHead()
    private var errorBody: [UInt8] = []
    private var listingBody: [UInt8] = []
    private var listingTooLarge = false
    private var localFailure: (operation: String, path: String, errno: Int32)?
    private var uploadFailed = false

    /// The file a PUT streams: its descriptor, its size when opened, and the SHA-256 it must
    /// have. The last chunk is held back unless the bytes read hash to `sha256`, so a file
    /// other than the one named is never stored whole.
    struct Upload {
        var fd: Int32
        var path: String
        var size: Int64
        var sha256: String
    }

    init(_ method: Method, key: String, configuration: ObjectStoreConfiguration, upload: Upload? = nil, sink: FileSink? = nil) {
        self.method = method
        self.key = key
        self.query = nil
        self.configuration = configuration
        self.upload = upload
        self.sink = sink
    }

    /// A ListObjectsV2 request for up to `maxKeys` keys under `prefix`, from the page that
    /// `continuation` names (the first when nil). The query is written as SigV4 signs it
    /// (names sorted, every value encoded), so libcurl signs it as it is sent.
    init(listing prefix: String, continuation: String?, maxKeys: Int, configuration: ObjectStoreConfiguration) {
        var parameters = [("list-type", "2"), ("max-keys", String(maxKeys)), ("prefix", prefix)]
        if let continuation { parameters.append(("continuation-token", continuation)) }
        self.method = .list
        self.key = prefix
        self.query = parameters.sorted { $0.0 < $1.0 }.map { "\($0.0)=\(SigV4.encode($0.1))" }.joined(separator: "&")
        self.configuration = configuration
        self.upload = nil
        self.sink = nil
    }

    /// Sends the request; `headers` are extra request header lines (signed with the rest).
    /// Once `cancellation` is set the transfer stops, and fails as unreachable.
    func perform(
        payloadSHA256: String = emptyPayloadSHA256,
        headers: [String] = [],
        cancellation: TransferCancellation
    ) throws(ObjectStoreError) -> Response {
        let curl: CurlEasy
        do { curl = try CurlEasy() } catch { throw unreachable("libcurl could not create a handle") }
        let list = try configure(curl, headerLines: ["x-amz-content-sha256: \(payloadSHA256)"] + headers, cancellation: cancellation)
        let result = withExtendedLifetime((self, list)) { curl.perform() }
        if let address = curl.refusedAddress, result == CURLE_COULDNT_CONNECT {
            throw unreachable("the endpoint resolves to \(address), a restricted address outside the allowed networks")
        }
        if let failure = localFailure { throw .localIO(operation: failure.operation, path: failure.path, errno: failure.errno) }
        if let upload, uploadFailed { throw .contentMismatch(key: key, path: upload.path, sha256: upload.sha256) }
        if listingTooLarge { throw unreachable("the listing's answer is larger than \(Self.listingBodyLimit >> 20) MB") }
        guard result == CURLE_OK else { throw unreachable(String(cString: curl_easy_strerror(result))) }
        let status = curl.info(CURLINFO_RESPONSE_CODE)
        return Response(status: status, contentLength: head.contentLength, errorCode: status >= 300 ? errorCode() : nil, body: listingBody)
    }

    /// The error for a request that got no usable answer.
    func unreachable(_ reason: String) -> ObjectStoreError {
        .unreachable(operation: method.operation, key: key, reason: reason)
    }

    /// The error for an answer with an unexpected status.
    func refused(_ response: Response) -> ObjectStoreError {
        .refused(operation: method.operation, key: key, status: response.status, code: response.errorCode)
    }

    /// Sets the handle up and returns the header list, which must outlive the transfer: the
    /// connection every transfer shares (the endpoint's scheme only, no redirect, no proxy
    /// from the environment, TLS verified, each address checked), then SigV4 signing, the
    /// method, the upload and the callbacks. Every option is checked.
    private func configure(_ curl: CurlEasy, headerLines: [String], cancellation: TransferCancellation) throws(ObjectStoreError) -> CurlHeaderList {
        let store = configuration
        let policy = store.policy
        let url: TransferURL
        do {
            url = try TransferURL(query.map { "\(store.bucketURL)?\($0)" } ?? store.url(of: key))
            try policy.check(url, redirectedFrom: nil, firstHost: store.endpoint.host)
        } catch {
            throw unreachable(error.message)
        }
        var connection = CurlConnection(url: url, policy: policy, totalTimeoutMilliseconds: Int(policy.totalTimeout * 1000))
        connection.user = store.accessKeyID
        connection.password = store.secretAccessKey
        let list = CurlHeaderList(headerLines)
        let me = Unmanaged.passUnretained(self).toOpaque()
        do {
            try curl.setUp(connection, cancellation: cancellation)
            var results: [(String, CURLcode)] = [
                ("signing", curl.set(CURLOPT_AWS_SIGV4, "aws:amz:\(store.region):s3")),
                ("the request headers", curl.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list.pointer))),
                ("the body", scriptdesk_curl_setopt_write_callback(curl.handle, Self.bodyCallback)),
                ("the body", curl.set(CURLOPT_WRITEDATA, pointer: me)),
                ("the response head", scriptdesk_curl_setopt_header_callback(curl.handle, Self.headerCallback)),
                ("the response head", curl.set(CURLOPT_HEADERDATA, pointer: me)),
            ]
            switch method {
            case .get, .list: break
            case .head: results.append(("the method", curl.set(CURLOPT_NOBODY, 1)))
            case .delete: results.append(("the method", curl.set(CURLOPT_CUSTOMREQUEST, "DELETE")))
            case .put:
                results.append(("the method", curl.set(CURLOPT_UPLOAD, 1)))
                results.append(("the upload", scriptdesk_curl_setopt_read_callback(curl.handle, Self.readCallback)))
                results.append(("the upload", curl.set(CURLOPT_READDATA, pointer: me)))
                results.append(("the upload size", curl.set(CURLOPT_INFILESIZE_LARGE, offset: upload?.size ?? 0)))
            }
            try CurlOptionRefusal.check(results)
        } catch {
            throw unreachable(error.reason)
        }
        return list
    }

    private func errorCode() -> String? {
        let body = String(decoding: errorBody, as: UTF8.self)
        guard let start = body.range(of: "<Code>"), let end = body.range(of: "</Code>", range: start.upperBound..<body.endIndex) else {
            return nil
        }
        let code = body[start.upperBound..<end.lowerBound]
        return code.isEmpty || code.count > 64 ? nil : String(code)
    }

    /// Takes a chunk of body: a successful GET's goes to the sink, a successful listing's is
    /// kept (the transfer stops past `listingBodyLimit`), an error's is kept (up to a limit)
    /// for its error code. Returns the count consumed (short to stop the transfer).
    private func receive(_ data: UnsafeRawBufferPointer) -> Int {
        if let sink, (200..<300).contains(head.status) {
            if let error = sink.append(data) {
                localFailure = ("write", sink.path, error)
                return 0
            }
            return data.count
        }
        if method == .list, (200..<300).contains(head.status) {
            guard listingBody.count + data.count <= Self.listingBodyLimit else {
                listingTooLarge = true
                return 0
            }
            listingBody.append(contentsOf: data)
            return data.count
        }
        errorBody.append(contentsOf: data.prefix(max(0, Self.errorBodyLimit - errorBody.count)))
        return data.count
    }

    /// Fills `buffer` from the upload's file, hashing as it goes; `CURL_READFUNC_ABORT` when
    /// reading fails, the file ends early, or its last chunk would complete another hash.
    private func send(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let upload, let base = buffer.baseAddress else { return 0 }
        let wanted = Int(min(Int64(buffer.count), upload.size - sent))
        guard wanted > 0 else { return 0 }
        while true {
            let count = read(upload.fd, base, wanted)
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                localFailure = ("read", upload.path, errno)
                return Int(CURL_READFUNC_ABORT)
            }
            guard count > 0 else {
                uploadFailed = true
                return Int(CURL_READFUNC_ABORT)
            }
            uploadHash.update(bufferPointer: UnsafeRawBufferPointer(start: base, count: count))
            sent += Int64(count)
            if sent == upload.size && Hex.encode(uploadHash.finalize()) != upload.sha256 {
                uploadFailed = true
                return Int(CURL_READFUNC_ABORT)
            }
            return count
        }
    }

    private static func request(_ userdata: UnsafeMutableRawPointer) -> ObjectStoreRequest {
        Unmanaged<ObjectStoreRequest>.fromOpaque(userdata).takeUnretainedValue()
    }

    private static let bodyCallback: scriptdesk_curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        return request(userdata).receive(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    private static let headerCallback: scriptdesk_curl_header_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        request(userdata).head.read(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
        return size * count
    }

    private static let readCallback: scriptdesk_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
        return request(userdata).send(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }
}

@available(*, unavailable, message: "a request is driven by libcurl callbacks on one thread")
extension ObjectStoreRequest: Sendable {}
