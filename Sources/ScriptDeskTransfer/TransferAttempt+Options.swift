import CCurl
import CCurlShim

extension TransferAttempt {
    /// Sets the handle's options for this request and returns the request headers, which
    /// must outlive the transfer. The options that keep a fetch within its policy are checked:
    /// libcurl may use only this URL's scheme (already checked against the policy), follows
    /// no redirect itself, ignores proxy settings from the environment, and verifies TLS.
    func configure(_ curl: CurlEasy, ifRange: String?, timeoutMilliseconds: Int) throws(TransferError) -> CurlHeaderList {
        let guards: [(String, CURLcode)] =
            curl.setPolicyOptions(for: url, policy: policy) + [
                ("the range", curl.set(CURLOPT_RANGE, offset > 0 ? "\(offset)-" : nil))
            ]
        for (what, code) in guards where code != CURLE_OK {
            throw .notAllowed(url: url.redacted, reason: "libcurl cannot apply \(what) (\(String(cString: curl_easy_strerror(code))))")
        }
        let redirectSchemes = policy.redirectSchemes.subtracting(["file"]).sorted().joined(separator: ",")
        curl.set(CURLOPT_REDIR_PROTOCOLS_STR, redirectSchemes.isEmpty ? "https" : redirectSchemes)
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(policy.connectTimeout * 1000)))
        curl.set(CURLOPT_TIMEOUT_MS, max(1, timeoutMilliseconds))
        curl.set(CURLOPT_LOW_SPEED_LIMIT, policy.lowSpeedBytesPerSecond)
        curl.set(CURLOPT_LOW_SPEED_TIME, policy.lowSpeedSeconds)
        curl.set(CURLOPT_MAXFILESIZE_LARGE, offset: policy.maxBytes)
        let headers = CurlHeaderList(offset > 0 ? ifRange.map { ["If-Range: \($0)"] } ?? [] : [])
        curl.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headers.pointer))

        let me = Unmanaged.passUnretained(self).toOpaque()
        scriptdesk_curl_setopt_write_callback(curl.handle, Self.bodyCallback)
        curl.set(CURLOPT_WRITEDATA, pointer: me)
        scriptdesk_curl_setopt_header_callback(curl.handle, Self.headerCallback)
        curl.set(CURLOPT_HEADERDATA, pointer: me)
        guard scriptdesk_curl_setopt_opensocket_callback(curl.handle, Self.openSocketCallback) == CURLE_OK else {
            throw .notAllowed(url: url.redacted, reason: "libcurl cannot apply the connection check")
        }
        curl.set(CURLOPT_OPENSOCKETDATA, pointer: me)
        return headers
    }
}
