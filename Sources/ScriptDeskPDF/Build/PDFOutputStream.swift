import CPoppler
import Foundation

/// Where cairo's PDF stream goes: a descriptor open for writing, through a buffer. The
/// descriptor is the output's partial file, which whoever runs the build created, keeps
/// and puts in place (`PartialFile`); the builder only writes.
final class PDFOutputStream {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// The first write error, as a sentence.
    private(set) var failure: String?

    private static let bufferSize = 256 * 1024

    /// A stream writing to `descriptor` from its current offset.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        pending.reserveCapacity(Self.bufferSize)
    }

    /// The callback cairo writes through; `closure` is an unretained `PDFOutputStream`.
    static let cairoWrite: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let stream = Unmanaged<PDFOutputStream>.fromOpaque(closure).takeUnretainedValue()
        return stream.write(UnsafeRawBufferPointer(start: data, count: Int(length))) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
    }

    /// Appends `bytes`, through a buffer; `false` once anything has failed.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        if pending.count + bytes.count > Self.bufferSize {
            guard flush() else { return false }
        }
        if bytes.count >= Self.bufferSize { return writeOut(bytes) }
        pending.append(contentsOf: bytes)
        return true
    }

    /// Writes out what is buffered; throws the first failure, if any.
    func finish() throws(PDFBuildError) {
        guard flush(), failure == nil else { throw .cairo(status: failure ?? "the PDF was not written") }
    }

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
                failure = "writing the PDF failed: \(String(cString: strerror(errno)))"
                return false
            }
            done += written
        }
        return true
    }
}

@available(*, unavailable, message: "cairo writes one document's stream from one thread")
extension PDFOutputStream: Sendable {}
