import CPoppler
import Foundation

/// Checks a PDF the way a careful reader would, not just by whether poppler opens it:
/// poppler rebuilds damaged files and believes a lying page count, so the structure is
/// checked first, then every page is loaded and measured.
///
/// All calls block; run them off the cooperative pool. Each call opens its own document,
/// so checks on different threads do not interfere.
public enum PDFChecker {
    /// The smallest and largest page side accepted, in points (about 35 mm to 5 m).
    static let saneSide = 100.0...14_400.0
    /// How far from the end `%%EOF` may lie (incremental updates and trailing whitespace).
    static let tailWindow = 1024

    /// Checks the file at `path`; `expectedPages` when the caller knows the count.
    public static func check(fileAt path: String, expectedPages: Int? = nil) throws(PDFCheckFailure) -> PDFCheckReport {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable("the file cannot be opened") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size > 0 else { throw .empty }
        try? handle.seek(toOffset: 0)
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard head.starts(with: Array("%PDF-".utf8)) else { throw .notPDF }
        let tailStart = size > 65_536 ? size - 65_536 : 0
        try? handle.seek(toOffset: tailStart)
        let tail = (try? handle.readToEnd()) ?? Data()
        guard tail.suffix(tailWindow).range(of: Data("%%EOF".utf8)) != nil else { throw .truncated }
        if tail.range(of: Data("/Encrypt".utf8)) != nil || head.range(of: Data("/Encrypt".utf8)) != nil {
            throw .encrypted
        }
        return try inspect(path: path, expectedPages: expectedPages)
    }

    private static func inspect(path: String, expectedPages: Int?) throws(PDFCheckFailure) -> PDFCheckReport {
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(path, nil, &error) else {
            defer { g_clear_error(&error) }
            throw .unreadable(error.map { String(cString: $0.pointee.message) } ?? "bad path")
        }
        defer { g_free(uri) }
        // Never pass a password: poppler_document_new_from_bytes crashes on a wrong one, and
        // a copy that needs any password fails the check anyway.
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            defer { g_clear_error(&error) }
            if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw .encrypted
            }
            throw .unreadable(error.map { String(cString: $0.pointee.message) } ?? "unknown error")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let count = Int(poppler_document_get_n_pages(document))
        if let expectedPages, expectedPages != count {
            throw .pageCountMismatch(expected: expectedPages, found: count)
        }
        guard count > 0 else { throw .pageCountMismatch(expected: expectedPages ?? 1, found: 0) }
        var sizes: [PDFCheckReport.PageSize] = []
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else { throw .pageUnreadable(page: index + 1) }
            var width = 0.0
            var height = 0.0
            poppler_page_get_size(page, &width, &height)
            g_object_unref(UnsafeMutableRawPointer(page))
            guard saneSide.contains(width), saneSide.contains(height) else {
                throw .pageSizeInsane(page: index + 1, width: width, height: height)
            }
            sizes.append(.init(width: width, height: height))
        }
        return PDFCheckReport(pageCount: count, pageSizes: sizes)
    }
}
