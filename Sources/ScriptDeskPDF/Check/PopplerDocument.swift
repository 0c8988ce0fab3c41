import CPoppler

#if canImport(Glibc)
import Glibc
#endif

/// Owns one poppler document opened from a file; unref'd in `deinit`. Each caller turns
/// an `OpenFailure` into its own error.
///
/// Opened by file URI or from a descriptor, and never with a password: poppler crashes on a wrong one, and no
/// document ScriptDesk reads may need one. A file encrypted with a user password fails
/// with `.encrypted`; one with an owner password only opens (look at its `/Encrypt`).
final class PopplerDocument {
    /// Why a document did not open; each carries glib's or poppler's message when it gave one.
    enum OpenFailure: Error, Equatable {
        /// The path cannot be made a `file://` URI.
        case badPath(String?)
        /// The document is encrypted with a user password (`POPPLER_ERROR_ENCRYPTED`).
        case encrypted(String?)
        /// poppler could not read the document.
        case unreadable(String?)
    }

    private let document: OpaquePointer

    /// Opens the PDF at `path`, which must be absolute (glib makes no URI of a relative one).
    init(path: String) throws(OpenFailure) {
        var error: UnsafeMutablePointer<GError>?
        defer { g_clear_error(&error) }
        guard let uri = g_filename_to_uri(path, nil, &error) else { throw .badPath(Self.message(of: error)) }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, nil, &error) else { throw Self.failure(error) }
        self.document = document
    }

    private static func failure(_ error: UnsafeMutablePointer<GError>?) -> OpenFailure {
        if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return .encrypted(message(of: error))
        }
        return .unreadable(message(of: error))
    }

    /// Opens the PDF open on `descriptor`, which stays open for its owner (poppler is given
    /// a duplicate, which it owns from then on, and closes even when the open fails). The
    /// duplicate is never descriptor 0, which poppler would read as standard input.
    init(descriptor: Int32) throws(OpenFailure) {
        let owned = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard owned >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        var error: UnsafeMutablePointer<GError>?
        defer { g_clear_error(&error) }
        guard let document = poppler_document_new_from_fd(owned, nil, &error) else { throw Self.failure(error) }
        self.document = document
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(document))
    }

    /// The number of pages poppler found (it believes a page tree's `/Count`).
    var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The page at `index` (0-based), or nil when poppler cannot load it.
    func page(at index: Int) -> PopplerPage? {
        poppler_document_get_page(document, Int32(index)).map(PopplerPage.init)
    }

    /// Title, subject, keywords and author, each "" when the document has none.
    var metadata: [String] {
        [
            poppler_document_get_title(document), poppler_document_get_subject(document),
            poppler_document_get_keywords(document), poppler_document_get_author(document),
        ].map(String.init(takingGString:))
    }

    /// A font the document's pages use, as poppler reports it.
    struct Font: Hashable {
        /// The font's name, with its subset tag when it is a subset ("ABCDEF+DejaVuSans").
        var name: String
        /// Whether the font program is in the file, rather than left to the reader.
        var isEmbedded: Bool
        /// Whether only the glyphs used are embedded.
        var isSubset: Bool
    }

    /// Every font the document's pages use.
    var fonts: [Font] {
        let info = poppler_font_info_new(document)
        defer { poppler_font_info_free(info) }
        var iterator: OpaquePointer?
        guard poppler_font_info_scan(info, Int32(pageCount), &iterator) != 0, let iterator else { return [] }
        defer { poppler_fonts_iter_free(iterator) }
        var fonts: [Font] = []
        repeat {
            let name = poppler_fonts_iter_get_name(iterator).map { String(cString: $0) } ?? ""
            let embedded = poppler_fonts_iter_is_embedded(iterator) != 0
            fonts.append(Font(name: name, isEmbedded: embedded, isSubset: poppler_fonts_iter_is_subset(iterator) != 0))
        } while poppler_fonts_iter_next(iterator) != 0
        return fonts
    }

    private static func message(of error: UnsafeMutablePointer<GError>?) -> String? {
        error.map { String(cString: $0.pointee.message) }
    }
}

@available(*, unavailable, message: "poppler documents must not be shared between threads; open one per thread")
extension PopplerDocument: Sendable {}

extension String {
    /// A copy of a string glib allocated, which is then freed; "" for none.
    init(takingGString pointer: UnsafeMutablePointer<gchar>?) {
        guard let pointer else {
            self = ""
            return
        }
        defer { g_free(pointer) }
        self = String(cString: pointer)
    }
}
