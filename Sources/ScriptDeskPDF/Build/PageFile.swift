import Foundation

/// An open scanned-page file: owns its descriptor and closes it in `deinit`. Reads either the
/// start of the file (enough for the headers) or all of it, once, into memory it owns.
final class PageFile {
    private let descriptor: Int32
    /// The file's size in bytes when it was opened.
    let size: Int
    /// The page's number among the scanned pages, for errors.
    let page: Int

    init(path: String, page: Int) throws(PDFBuildError) {
        self.page = page
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadablePage(page: page, reason: Self.systemError()) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .unreadablePage(page: page, reason: "not a regular file")
        }
        size = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// The first `count` bytes (fewer if the file is shorter).
    func prefix(_ count: Int) throws(PDFBuildError) -> PageBytes {
        let bytes = PageBytes(count: min(count, size))
        let read = try read(into: bytes.mutableBuffer)
        return read == bytes.count ? bytes : try prefix(read)
    }

    /// The whole file, refused when it has grown past `limit` or changed size since opening.
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

@available(*, unavailable, message: "a page file is read by one build at a time")
extension PageFile: Sendable {}
