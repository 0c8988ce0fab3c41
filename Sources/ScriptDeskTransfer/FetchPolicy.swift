/// What a fetch may do: where it may go, how much it may take, how long it may last.
///
/// The defaults suit an https archive: http and https only, at most 5 redirects, the host of
/// the first URL only, and no connection to loopback, private, link-local or other special
/// addresses (see `IPNetwork.restricted`). TLS certificates and host names are always verified.
public struct FetchPolicy: Sendable, Hashable {
    /// URL schemes allowed for the first request (`file` only when set on purpose).
    public var schemes: Set<String>
    /// URL schemes a redirect may lead to; `file` is never followed, even when listed.
    public var redirectSchemes: Set<String>
    /// The most redirects followed before giving up.
    public var maxRedirects: Int
    /// The largest body accepted, in bytes.
    public var maxBytes: Int64
    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Seconds for the whole fetch: every redirect and every resume together.
    public var totalTimeout: Double
    /// Abort when slower than this many bytes a second ...
    public var lowSpeedBytesPerSecond: Int
    /// ... for this many seconds.
    public var lowSpeedSeconds: Int
    /// How many times a transfer cut after some bytes arrived is resumed from where it stopped.
    public var resumeAttempts: Int
    /// A PEM file of CA certificates to verify servers with, instead of the system's.
    public var caBundlePath: String?
    /// Host names and literal IP addresses that requests and redirects may go to. Empty
    /// means the host of the first URL only, so a redirect may never change host.
    public var allowedHosts: Set<String>
    /// Restricted ranges (loopback, private, link-local ...) that connections may reach
    /// all the same, such as an archive on the private network. Empty by default.
    public var allowedNetworks: Set<IPNetwork>

    /// A policy; every limit has a default suited to page images from an https archive.
    public init(
        schemes: Set<String> = ["https", "http"],
        redirectSchemes: Set<String> = ["https", "http"],
        maxRedirects: Int = 5,
        maxBytes: Int64 = 256 << 20,
        connectTimeout: Double = 10,
        totalTimeout: Double = 300,
        lowSpeedBytesPerSecond: Int = 1024,
        lowSpeedSeconds: Int = 30,
        resumeAttempts: Int = 3,
        caBundlePath: String? = nil,
        allowedHosts: Set<String> = [],
        allowedNetworks: Set<IPNetwork> = []
    ) {
        self.schemes = Set(schemes.map { $0.lowercased() })
        self.redirectSchemes = Set(redirectSchemes.map { $0.lowercased() }).subtracting(["file"])
        self.maxRedirects = maxRedirects
        self.maxBytes = maxBytes
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
        self.resumeAttempts = resumeAttempts
        self.caBundlePath = caBundlePath
        self.allowedHosts = allowedHosts
        self.allowedNetworks = allowedNetworks
    }

    /// The policy for a local script archive: `file://` allowed as well as http(s).
    public static func archive(maxBytes: Int64 = 256 << 20) -> FetchPolicy {
        FetchPolicy(schemes: ["file", "https", "http"], maxBytes: maxBytes)
    }
}
