import Crypto
public import Foundation
import ScriptDeskCore

/// SHA-256 of files and bytes, as lowercase hex.
public enum ContentHash {
    /// The hash of a file, read in 1 MiB chunks (never whole into memory). Blocks.
    public static func sha256(fileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DownloadAreaError.io(operation: "open", path: path, errno: ENOENT)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return Hex.encode(hasher.finalize())
    }

    /// The hash of bytes.
    public static func sha256(_ data: some DataProtocol) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}
