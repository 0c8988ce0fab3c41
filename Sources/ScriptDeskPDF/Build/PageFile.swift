import Foundation

/// A scanned-page file open on a descriptor that whoever runs the build opened (read-only),
/// and which it closes: the builder opens no file. Reads either the start of the file
/// (enough for the headers) or all of it, once, into memory it owns, always by offset, so
/// that pages read on other threads at once do not disturb each other.
struct PageFile {
    private let descriptor: Int32
    /// The file's size in bytes when it was looked at.
    let size: Int
    /// The page's number among the scanned pages, for errors.
    let page: Int

    /// The page file open on `descriptor`, which must be a regular file.
    init(descriptor: Int32, page: Int) throws(PDFBuildError) {
        self.page = page
        self.descriptor = descriptor
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadablePage(page: page, reason: Self.systemError()) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .unreadablePage(page: page, reason: "not a regular file") }
        size = Int(status.st_size)
    }

    /// The first `count` bytes (fewer if the file is shorter).
    func prefix(_ count: Int) throws(PDFBuildError) -> PageBytes {
        let bytes = PageBytes(count: min(count, size))
        let read = try read(into: bytes.mutableBuffer)
        return read == bytes.count ? bytes : try prefix(read)
    }

    /// The whole file, refused when it has grown past `limit` or changed size since it was looked at.
    func whole(limit: Int) throws(PDFBuildError) -> PageBytes {
        guard size <= limit else { throw .fileTooLarge(page: page, bytes: size, limit: limit) }
        let bytes = PageBytes(count: size)
        guard try read(into: bytes.mutableBuffer) == size else { throw .pageChanged(page: page) }
        return bytes
    }

    /// Fills `buffer` from the start of the file; returns how many bytes there were.
    private func read(into buffer: UnsafeMutableRawBufferPointer) throws(PDFBuildError) -> Int {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(done))
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .unreadablePage(page: page, reason: Self.systemError()) }
            if got == 0 { break }
            done += got
        }
        return done
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
