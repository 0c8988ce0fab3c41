/// What every libcurl handle is set up with, whatever it carries (a fetch, a request to the
/// object store, an SMTP send): the URL and the schemes libcurl may use for it, TLS always
/// verified, no proxy taken from the environment, no redirect followed by libcurl itself,
/// and time limits. `CurlEasy.setUp(_:cancellation:)` applies it.
struct CurlConnection {
    /// The URL, as libcurl takes it.
    var url: String
    /// The schemes libcurl may use, comma-separated as `CURLOPT_PROTOCOLS_STR` takes them:
    /// the URL's own only, already checked by the caller.
    var schemes: String
    /// A PEM file of CA certificates to verify servers with, instead of the system's.
    var caBundlePath: String?
    /// Milliseconds to connect (a TLS handshake included); at least 1.
    var connectTimeoutMilliseconds: Int
    /// Milliseconds for the whole transfer; at least 1.
    var totalTimeoutMilliseconds: Int
    /// The user name and password libcurl logs in or signs with, when there are any.
    var user: String?
    var password: String?
    /// Abort when slower than `bytesPerSecond` for `seconds`; nil for no such limit.
    var lowSpeed: (bytesPerSecond: Int, seconds: Int)?
    /// The largest body accepted; a larger declared size is refused before it is read.
    var maxBytes: Int64?
    /// The policy each connection's address is checked against before it is made; nil
    /// connects wherever the URL's host resolves (a relay an administrator configured).
    var addressPolicy: FetchPolicy?
}

extension CurlConnection {
    /// The connection for `url` within `policy`: its scheme only, the policy's CA bundle,
    /// connect timeout, low-speed and size limits, and every address checked against it.
    init(url: TransferURL, policy: FetchPolicy, totalTimeoutMilliseconds: Int) {
        self.init(
            url: url.text,
            schemes: url.scheme,
            caBundlePath: policy.caBundlePath,
            connectTimeoutMilliseconds: Int(policy.connectTimeout * 1000),
            totalTimeoutMilliseconds: totalTimeoutMilliseconds,
            lowSpeed: (policy.lowSpeedBytesPerSecond, policy.lowSpeedSeconds),
            maxBytes: policy.maxBytes,
            addressPolicy: policy
        )
    }
}

extension CurlConnection: CustomStringConvertible {
    /// The URL and schemes; never the password.
    var description: String {
        "\(TransferURL.redact(url)) (\(schemes)\(user.map { ", user \($0)" } ?? ""))"
    }
}
