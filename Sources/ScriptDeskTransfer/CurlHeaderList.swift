import CCurl

/// Owns a `curl_slist` of lines (request headers, SMTP recipients); freed in `deinit`. curl
/// reads the list while it performs, so the owner keeps this alive until the transfer ends.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) {
        for line in lines {
            pointer = curl_slist_append(pointer, line)
        }
    }

    deinit {
        curl_slist_free_all(pointer)
    }
}

@available(*, unavailable, message: "curl reads the list from the thread performing the transfer")
extension CurlHeaderList: Sendable {}
