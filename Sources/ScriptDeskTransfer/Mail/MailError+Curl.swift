import CCurl
import CCurlShim

extension MailError {
    /// The error for a failed SMTP transfer: the relay's last reply says most (5xx for
    /// good, 4xx for now); without one, libcurl's result says what broke.
    init(curl result: CURLcode, reply: Int, detail: String, relay: String) {
        let detail = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        switch result {
        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            self = .authentication(relay: relay)
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE:
            self = .tls(detail: detail, relay: relay)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            self = .invalidRelay(url: relay, reason: detail)
        case _ where (500..<600).contains(reply):
            self = .refused(reply: reply, detail: detail, relay: relay)
        case _ where (400..<500).contains(reply):
            self = .deferred(reply: reply, detail: detail, relay: relay)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            self = .unreachable(detail: detail, relay: relay)
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout(relay: relay)
        default:
            self = .connection(detail: detail, relay: relay)
        }
    }
}
