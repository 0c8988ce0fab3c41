import CPoppler
import Foundation

/// Collects the PDF cairo writes into memory, for a document small enough to hand back
/// whole (a statement of results is tens of kilobytes). `PDFOutputStream` is the one for
/// script copies, which go to a file.
final class PDFMemoryStream {
    /// Everything written so far.
    private(set) var data = Data()

    /// The callback cairo writes through; `closure` is an unretained `PDFMemoryStream`.
    static let cairoWrite: cairo_write_func_t = { closure, bytes, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        guard let bytes, length > 0 else { return CAIRO_STATUS_SUCCESS }
        let stream = Unmanaged<PDFMemoryStream>.fromOpaque(closure).takeUnretainedValue()
        stream.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}

@available(*, unavailable, message: "cairo writes one document's stream from one thread")
extension PDFMemoryStream: Sendable {}
