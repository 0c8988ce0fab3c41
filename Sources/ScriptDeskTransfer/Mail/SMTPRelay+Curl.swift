import CCurl

extension SMTPRelay.Security {
    /// What libcurl is told (`CURLOPT_USE_SSL`): no TLS, STARTTLS when offered, or STARTTLS
    /// or nothing.
    var curlLevel: curl_usessl {
        switch self {
        case .none: CURLUSESSL_NONE
        case .starttls: CURLUSESSL_TRY
        case .required: CURLUSESSL_ALL
        }
    }
}
