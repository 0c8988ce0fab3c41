#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory and unmapped in `deinit`: the check reads a PDF's
/// structure and streams in place, and only the pages of the file it touches become resident.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`; nil with `errno` set when it cannot be opened or mapped.
    convenience init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        self.init(descriptor: fd)
    }

    /// Maps the file open on `fd`, which stays open; nil with `errno` set when it is not a
    /// regular file or cannot be mapped.
    init?(descriptor fd: Int32) {
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

@available(*, unavailable, message: "the mapping is freed with its owner; keep both on one thread")
extension MappedFile: Sendable {}
