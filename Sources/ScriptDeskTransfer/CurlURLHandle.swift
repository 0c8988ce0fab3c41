import CCurl

/// Owns one libcurl URL handle (`CURLU`); freed in `deinit`. URLs are read with curl's own
/// parser so that the host checked is the host curl will connect to.
final class CurlURLHandle {
    private let handle: OpaquePointer

    init?() {
        guard let handle = curl_url() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_url_cleanup(handle)
    }

    /// Sets (or, with nil, clears) one part; false when curl refuses the value.
    @discardableResult
    func set(_ part: CURLUPart, _ value: String?, flags: UInt32 = 0) -> Bool {
        curl_url_set(handle, part, value, flags) == CURLUE_OK
    }

    /// One part of the URL, or nil when it has none.
    func get(_ part: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}

@available(*, unavailable, message: "a CURLU handle is not safe to share between threads")
extension CurlURLHandle: Sendable {}
