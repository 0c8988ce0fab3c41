import CPoppler
import Foundation

/// Where cairo's PDF stream goes: a new file beside the destination, renamed over it only
/// when the whole document is written, so a failed build leaves nothing behind and never
/// spoils an earlier copy. Owns the file's descriptor and closes it in `deinit`.
final class PDFOutputFile {
    /// The file the finished PDF becomes.
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    /// The first write error, as a sentence.
    private(set) var failure: String?

    private static let bufferSize = 256 * 1024
    /// What a partial file's name adds to the destination's, before a random part.
    static let partialSuffix = ".partial-"

    init(replacing path: String) throws(PDFBuildError) {
        self.path = path
        temporaryPath = path + Self.partialSuffix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cairo(status: "cannot create \(temporaryPath): \(String(cString: strerror(errno)))") }
        pending.reserveCapacity(Self.bufferSize)
    }

    deinit {
        discard()
    }

    /// The callback cairo writes through; `closure` is an unretained `PDFOutputFile`.
    static let cairoWrite: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let file = Unmanaged<PDFOutputFile>.fromOpaque(closure).takeUnretainedValue()
        return file.write(UnsafeRawBufferPointer(start: data, count: Int(length))) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
    }

    /// Appends `bytes`, through a buffer; `false` once anything has failed.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil, descriptor >= 0 else { return false }
        if pending.count + bytes.count > Self.bufferSize {
            guard flush() else { return false }
        }
        if bytes.count >= Self.bufferSize { return writeOut(bytes) }
        pending.append(contentsOf: bytes)
        return true
    }

    /// Writes out what is buffered.
    private func flush() -> Bool {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending.withUnsafeBytes { writeOut($0) }
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                failure = "writing \(temporaryPath) failed: \(String(cString: strerror(errno)))"
                return false
            }
            done += written
        }
        return true
    }

    /// Writes out the rest, closes the file and renames it over `path`.
    func commit() throws(PDFBuildError) {
        guard flush(), failure == nil else { throw .cairo(status: failure ?? "the PDF was not written") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cairo(status: "cannot finish \(path): \(reason)")
        }
    }

    /// Closes and removes the unfinished file; later writes are refused.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }
}

@available(*, unavailable, message: "cairo writes to one output file from one thread")
extension PDFOutputFile: Sendable {}
