/// What a fetch may do.
public struct FetchPolicy: Sendable, Hashable {
    /// URL schemes allowed for the first request (`file` only when set on purpose).
    public var schemes: Set<String>
    /// URL schemes a redirect may lead to; never `file`.
    public var redirectSchemes: Set<String>
    /// The largest body accepted, in bytes.
    public var maxBytes: Int64
    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Seconds for the whole transfer.
    public var totalTimeout: Double
    /// Abort when slower than this many bytes a second ...
    public var lowSpeedBytesPerSecond: Int
    /// ... for this many seconds.
    public var lowSpeedSeconds: Int

    public init(
        schemes: Set<String> = ["https", "http"],
        redirectSchemes: Set<String> = ["https", "http"],
        maxBytes: Int64 = 256 << 20,
        connectTimeout: Double = 10,
        totalTimeout: Double = 300,
        lowSpeedBytesPerSecond: Int = 1024,
        lowSpeedSeconds: Int = 30
    ) {
        self.schemes = schemes
        self.redirectSchemes = redirectSchemes.subtracting(["file"])
        self.maxBytes = maxBytes
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
    }

    /// The policy for a local script archive: `file://` allowed as well.
    public static func archive(maxBytes: Int64 = 256 << 20) -> FetchPolicy {
        FetchPolicy(schemes: ["file", "https", "http"], maxBytes: maxBytes)
    }
}
