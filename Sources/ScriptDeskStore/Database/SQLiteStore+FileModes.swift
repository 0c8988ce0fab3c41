import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension SQLiteStore {
    /// The files of a SQLite database at `path`: the database, its WAL and shared memory.
    static func files(of path: String) -> [String] {
        [path, "\(path)-wal", "\(path)-shm"]
    }

    /// Makes the database file, when missing, readable and writable by its owner only,
    /// whatever the umask: SQLite creates it with 0644 less the umask, and gives the WAL and
    /// shared-memory files the database file's own mode, so they follow it.
    static func createPrivately(_ path: String) throws {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw StoreError.fileMode(path: path, errno: errno) }
        defer { Glibc.close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw StoreError.fileMode(path: path, errno: errno) }
    }

    /// Sets the database's files that exist to 0600, for databases created before, or by
    /// another program.
    static func restrictModes(of path: String) throws {
        for file in files(of: path) where chmod(file, 0o600) != 0 && errno != ENOENT {
            throw StoreError.fileMode(path: file, errno: errno)
        }
    }
}
