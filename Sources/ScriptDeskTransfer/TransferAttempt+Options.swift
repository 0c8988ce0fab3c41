import CCurl
import CCurlShim

extension TransferAttempt {
    /// Sets the handle up for this request and returns the request headers, which must
    /// outlive the transfer: the connection every transfer shares (the URL's scheme only,
    /// already checked against the policy; no redirect followed by libcurl; no proxy from the
    /// environment; TLS verified; each address checked), then this request's own range,
    /// headers and callbacks. Every option is checked.
    func configure(
        _ curl: CurlEasy,
        ifRange: String?,
        timeoutMilliseconds: Int,
        cancellation: TransferCancellation
    ) throws(TransferError) -> CurlHeaderList {
        let headers = CurlHeaderList(offset > 0 ? ifRange.map { ["If-Range: \($0)"] } ?? [] : [])
        let redirectSchemes = policy.redirectSchemes(from: url.scheme).sorted().joined(separator: ",")
        let me = Unmanaged.passUnretained(self).toOpaque()
        do {
            try curl.setUp(CurlConnection(url: url, policy: policy, totalTimeoutMilliseconds: timeoutMilliseconds), cancellation: cancellation)
            try CurlOptionRefusal.check([
                ("the range", curl.set(CURLOPT_RANGE, offset > 0 ? "\(offset)-" : nil)),
                ("redirect schemes", curl.set(CURLOPT_REDIR_PROTOCOLS_STR, redirectSchemes.isEmpty ? "https" : redirectSchemes)),
                ("the request headers", curl.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headers.pointer))),
                ("the body", scriptdesk_curl_setopt_write_callback(curl.handle, Self.bodyCallback)),
                ("the body", curl.set(CURLOPT_WRITEDATA, pointer: me)),
                ("the response head", scriptdesk_curl_setopt_header_callback(curl.handle, Self.headerCallback)),
                ("the response head", curl.set(CURLOPT_HEADERDATA, pointer: me)),
            ])
        } catch {
            throw .notAllowed(url: url.redacted, reason: error.reason)
        }
        return headers
    }
}
