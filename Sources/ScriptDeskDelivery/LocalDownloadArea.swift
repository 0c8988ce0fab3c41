public import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The download area as a local directory (`Storage/published/`), content-addressed by
/// `StoredObject.key(of:)`. Files are written through a temporary file, fsynced and renamed
/// into place.
public struct LocalDownloadArea: DownloadArea {
    /// The directory that holds the objects.
    public let root: String

    /// An area in the directory `root`, created with its parents when missing; throws when it
    /// cannot be created.
    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Copies the file in under `<sha256>.<kind>` on the shared thread pool; the hash is taken
    /// as given, not checked.
    public func publish(fileAt path: String, sha256: String, as kind: StoredObjectKind) async throws -> StoredObject {
        try await NIOThreadPool.singleton.runIfActive { try publishBlocking(fileAt: path, objectID: "\(sha256).\(kind.rawValue)") }
    }

    /// Copies, fsyncs and renames: file system calls that block, so never on the cooperative pool.
    private func publishBlocking(fileAt path: String, objectID: String) throws -> StoredObject {
        let final = try localPath(of: objectID)
        let folder = (final as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        let temporary = "\(folder)/.incoming-\(UUID().uuidString)"
        defer { unlink(temporary) }
        try copyDurably(from: path, to: temporary)
        guard rename(temporary, final) == 0 else { throw DownloadAreaError.io(operation: "rename into", path: final, errno: errno) }
        try syncDirectory(folder)
        let size = try FileManager.default.attributesOfItem(atPath: final)[.size] as? Int64 ?? 0
        return StoredObject(objectID: objectID, byteCount: size)
    }

    /// The file that holds the object.
    public func localPath(of objectID: String) throws(DownloadAreaError) -> String {
        "\(root)/\(try StoredObject.key(of: objectID))"
    }

    /// The object's file to stream, with its key for `X-Accel-Redirect`; whether the file
    /// exists is not checked.
    public func delivery(of objectID: String, fileName: String, now: Date) async throws -> StoredObjectDelivery {
        let key = try StoredObject.key(of: objectID)
        return .localFile(path: "\(root)/\(key)", key: key)
    }

    /// Runs `body` with the stored file itself; throws `DownloadAreaError.missing` when it is
    /// not there.
    public func withLocalFile<T: Sendable>(of objectID: String, _ body: (String) async throws -> T) async throws -> T {
        let path = try localPath(of: objectID)
        guard FileManager.default.fileExists(atPath: path) else { throw DownloadAreaError.missing(objectID) }
        return try await body(path)
    }

    /// Whether the object's file exists; `false` for an id this area never makes.
    public func contains(_ objectID: String) async throws -> Bool {
        guard let path = try? localPath(of: objectID) else { return false }
        return FileManager.default.fileExists(atPath: path)
    }

    /// Unlinks the object's file; a file already gone is not an error.
    public func remove(_ objectID: String) async throws {
        let path = try localPath(of: objectID)
        guard unlink(path) == 0 || errno == ENOENT else { throw DownloadAreaError.io(operation: "delete", path: path, errno: errno) }
    }

    /// The objects of one key folder (`ab/`) whose files were last changed before `date`:
    /// the first folder after `cursor` (a folder's name), the first of all when nil. Partial
    /// files being published are not objects, and are left alone.
    public func objects(writtenBefore date: Date, from cursor: String?) async throws -> StoredObjectPage {
        try await NIOThreadPool.singleton.runIfActive { () throws -> StoredObjectPage in
            let manager = FileManager.default
            let folders = ((try? manager.contentsOfDirectory(atPath: root)) ?? []).filter { name in cursor.map { name > $0 } ?? true }.sorted()
            guard let folder = folders.first else { return StoredObjectPage(objectIDs: [], next: nil) }
            var found: [String] = []
            let folderPath = "\(root)/\(folder)"
            for name in (try? manager.contentsOfDirectory(atPath: folderPath)) ?? [] {
                guard (try? StoredObject.key(of: name)) == "\(folder)/\(name)" else { continue }
                var status = stat()
                guard stat("\(folderPath)/\(name)", &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                if Double(status.st_mtim.tv_sec) < date.timeIntervalSince1970 { found.append(name) }
            }
            return StoredObjectPage(objectIDs: found.sorted(), next: folders.count > 1 ? folder : nil)
        }
    }

    /// Copies and fsyncs, so the rename that follows never exposes a half-written file.
    private func copyDurably(from source: String, to destination: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw DownloadAreaError.io(operation: "open", path: source, errno: errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard output >= 0 else { throw DownloadAreaError.io(operation: "create", path: destination, errno: errno) }
        defer { close(output) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer, 1 << 20)
            if count < 0 {
                if errno == EINTR { continue }
                throw DownloadAreaError.io(operation: "read", path: source, errno: errno)
            }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = write(output, buffer + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DownloadAreaError.io(operation: "write", path: destination, errno: errno)
                }
                offset += written
            }
        }
        guard fsync(output) == 0 else { throw DownloadAreaError.io(operation: "sync", path: destination, errno: errno) }
    }

    private func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw DownloadAreaError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw DownloadAreaError.io(operation: "sync", path: path, errno: errno) }
    }
}
