import CCurl
import CCurlShim

extension TransferError {
    /// The error for a libcurl result that no callback explains.
    init(curl result: CURLcode, url: TransferURL, received: Int64, expected: Int64?, limit: Int64) {
        let detail = String(cString: curl_easy_strerror(result))
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .unresolved(host: url.host, url: url.redacted)
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout(url: url.redacted)
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING:
            self = .shortBody(received: received, expected: expected, url: url.redacted)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE:
            self = .tls(message: detail, url: url.redacted)
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_REMOTE_FILE_NOT_FOUND:
            self = .notFound(url: url.redacted)
        case CURLE_UNSUPPORTED_PROTOCOL:
            self = .notAllowed(url: url.redacted, reason: "its scheme is not enabled for this request")
        case CURLE_FILESIZE_EXCEEDED:
            self = .tooLarge(limit: limit, url: url.redacted)
        case CURLE_URL_MALFORMAT:
            self = .invalidURL(url: url.redacted)
        default:
            self = .network(code: Int(result.rawValue), message: detail, url: url.redacted)
        }
    }

    /// The error for a final response status of 400 or more.
    init(status: Int, url: TransferURL) {
        self = status == 404 || status == 410 ? .notFound(url: url.redacted) : .httpStatus(status, url: url.redacted)
    }

    /// Whether a transfer that failed this way, after some bytes arrived, may be resumed.
    static func isResumable(_ result: CURLcode) -> Bool {
        [CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_SEND_ERROR].contains(result)
    }
}
