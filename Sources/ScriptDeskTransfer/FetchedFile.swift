/// A body fetched to a file: its size and SHA-256, computed while it was written.
public struct FetchedFile: Sendable, Hashable {
    /// The file's size in bytes.
    public var bytes: Int64
    /// The file's SHA-256, lowercase hex.
    public var sha256: String

    /// A fetched file of `bytes` bytes hashing to `sha256`.
    public init(bytes: Int64, sha256: String) {
        self.bytes = bytes
        self.sha256 = sha256
    }
}
