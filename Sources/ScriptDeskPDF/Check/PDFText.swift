import CPoppler
import Foundation

/// The text a reader can get out of a PDF: its metadata and every page's text. Used to
/// prove that an anonymised copy names no candidate anywhere.
public enum PDFText {
    /// Title, subject, keywords and author, then each page's text, one block per line.
    /// Blocks; run it off the cooperative pool.
    public static func all(ofFileAt path: String) throws(PDFCheckFailure) -> String {
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(path, nil, &error) else {
            g_clear_error(&error)
            throw .unreadable("bad path")
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            defer { g_clear_error(&error) }
            throw .unreadable(error.map { String(cString: $0.pointee.message) } ?? "unknown error")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var blocks = [
            poppler_document_get_title(document), poppler_document_get_subject(document),
            poppler_document_get_keywords(document), poppler_document_get_author(document),
        ].map(takeString)
        for index in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, index) else { throw .pageUnreadable(page: Int(index) + 1) }
            blocks.append(takeString(poppler_page_get_text(page)))
            g_object_unref(UnsafeMutableRawPointer(page))
        }
        return blocks.joined(separator: "\n")
    }

    /// A string poppler allocated, freed after copying.
    private static func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String {
        guard let pointer else { return "" }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }
}
