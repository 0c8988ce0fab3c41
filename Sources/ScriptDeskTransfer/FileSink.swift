import Crypto
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The destination file of a fetch: created afresh with mode 0600, written in order while a
/// SHA-256 of everything on disk is kept up to date, so that a resumed body is hashed whole.
final class FileSink {
    let path: String
    private let fd: Int32
    private var hasher = SHA256()
    /// Bytes on disk, all of them hashed.
    private(set) var written: Int64 = 0

    /// Replaces whatever is at `path` (a symbolic link is removed, never followed).
    init(path: String) throws(TransferError) {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .localIO(path: path, errno: errno) }
        self.path = path
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Appends a chunk and hashes it; returns the `errno` of a failed write, or nil.
    func append(_ data: UnsafeRawBufferPointer) -> Int32? {
        guard let base = data.baseAddress else { return nil }
        var offset = 0
        while offset < data.count {
            let result = write(fd, base + offset, data.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += result
        }
        hasher.update(bufferPointer: data)
        written += Int64(data.count)
        return nil
    }

    /// Empties the file and the hash, for a body that starts again from its first byte.
    func restart() -> Int32? {
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { return errno }
        hasher = SHA256()
        written = 0
        return nil
    }

    /// The file's size and hash.
    func finish() throws(TransferError) -> FetchedFile {
        FetchedFile(bytes: written, sha256: Hex.encode(hasher.finalize()))
    }

    /// Removes the file: nothing partial is left behind.
    func remove() {
        unlink(path)
    }
}

@available(*, unavailable, message: "the sink is written from the thread performing the transfer")
extension FileSink: Sendable {}
