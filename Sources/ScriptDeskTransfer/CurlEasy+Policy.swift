import CCurl

extension CurlEasy {
    /// Sets the options that keep a transfer within its policy, and returns what each was
    /// and what libcurl answered, for the caller to check: libcurl may use only this URL's
    /// scheme (already checked against the policy), follows no redirect itself, ignores
    /// proxy settings from the environment, and verifies TLS.
    func setPolicyOptions(for url: TransferURL, policy: FetchPolicy) -> [(String, CURLcode)] {
        [
            ("the URL", set(CURLOPT_URL, url.text)),
            ("the scheme", set(CURLOPT_PROTOCOLS_STR, url.scheme)),
            ("redirects", set(CURLOPT_FOLLOWLOCATION, 0)),
            ("the proxy", set(CURLOPT_PROXY, "")),
            ("certificate checks", set(CURLOPT_SSL_VERIFYPEER, 1)),
            ("host name checks", set(CURLOPT_SSL_VERIFYHOST, 2)),
            ("the CA bundle", policy.caBundlePath.map { set(CURLOPT_CAINFO, $0) } ?? CURLE_OK),
        ]
    }
}
