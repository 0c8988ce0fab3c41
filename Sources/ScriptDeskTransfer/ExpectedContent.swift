/// What a fetched body must be, as a manifest states it.
public struct ExpectedContent: Sendable, Hashable {
    /// The exact size in bytes.
    public var bytes: Int64
    /// The SHA-256 of the whole body, lowercase hex.
    public var sha256: String

    /// The expected size and lowercase-hex SHA-256 (upper case is accepted and lowered).
    public init(bytes: Int64, sha256: String) {
        self.bytes = bytes
        self.sha256 = sha256.lowercased()
    }
}
