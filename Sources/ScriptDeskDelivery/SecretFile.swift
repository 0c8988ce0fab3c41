public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files only their owner may read (keys, tokens), created with mode 0600 from the first
/// byte: never briefly readable by others, never half-written, and still there after a
/// power cut once `store` has returned.
public enum SecretFile {
    /// Stores `contents` at `path` through a new temporary file that is fsynced and renamed
    /// into place, then fsyncs the folder so the rename itself is durable; with `replacing`
    /// false, an existing file is an error.
    public static func store(_ contents: Data, at path: String, replacing: Bool) throws {
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw KeyringError.cannotWrite(path: path, errno: EEXIST)
        }
        let temporary = "\(path).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeyringError.cannotWrite(path: temporary, errno: errno) }
        defer { unlink(temporary) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = written == contents.count && fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else { throw KeyringError.cannotWrite(path: path, errno: errno) }
        try syncFolder(of: path)
    }

    /// Fsyncs the folder holding `path`, so that a file renamed into it stays renamed after
    /// a crash of the machine.
    static func syncFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw KeyringError.cannotWrite(path: folder, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw KeyringError.cannotWrite(path: folder, errno: errno) }
    }
}
