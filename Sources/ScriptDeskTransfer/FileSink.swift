import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Receives a body from libcurl's write callback and streams it to a file, stopping the
/// transfer (by returning a short count) once it passes the size limit.
final class FileSink {
    let fd: Int32
    let limit: Int64
    private(set) var written: Int64 = 0
    private(set) var exceededLimit = false
    private(set) var writeErrno: Int32 = 0

    init(path: String, limit: Int64) throws(TransferError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .localIO(path: path, errno: errno) }
        self.fd = fd
        self.limit = limit
    }

    deinit {
        close(fd)
    }

    /// Writes a chunk; returns the count consumed (short to abort).
    func consume(_ data: UnsafeRawBufferPointer) -> Int {
        guard written + Int64(data.count) <= limit else {
            exceededLimit = true
            return 0
        }
        var offset = 0
        while offset < data.count {
            let result = write(fd, data.baseAddress! + offset, data.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                writeErrno = errno
                return 0
            }
            offset += result
        }
        written += Int64(data.count)
        return data.count
    }

    /// Flushes the file to disk.
    func sync() -> Bool {
        fsync(fd) == 0
    }

    /// The callback handed to libcurl; finds the sink through `userdata`.
    static let callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data,
        size,
        count,
        userdata in
        guard let data, let userdata else { return 0 }
        let sink = Unmanaged<FileSink>.fromOpaque(userdata).takeUnretainedValue()
        return sink.consume(UnsafeRawBufferPointer(start: data, count: size * count))
    }
}
