/// What a check found wrong with a PDF. Each case has its own stable code; all but
/// `blankPage` fail the check.
public enum PDFCheckFailure: Error, Sendable, Hashable {
    /// The file has no bytes.
    case empty
    /// The file does not start with `%PDF-`.
    case notPDF
    /// No `%%EOF` near the end: the file was cut short.
    case truncated
    /// The document is encrypted (even with an empty user password).
    case encrypted
    /// The file cannot be opened, or poppler could not open the document.
    case unreadable(String)
    /// `startxref` (or a `/Prev`) does not point at a cross-reference.
    case badStartXref(String)
    /// The cross-reference is malformed or points at the wrong objects.
    case xrefDamaged(String)
    /// An object the check needed is malformed.
    case objectDamaged(String)
    /// A stream inflates past the limit (a Flate bomb).
    case streamTooLarge(String)
    /// The page tree refers back to itself.
    case pageTreeCycle
    /// The page tree's `/Count` differs from the pages it holds.
    case pageCountLies(declared: Int, found: Int)
    /// The page count is not the expected one.
    case pageCountMismatch(expected: Int, found: Int)
    /// A page has no `/MediaBox`, its own or inherited.
    case missingMediaBox(page: Int)
    /// A page could not be loaded.
    case pageUnreadable(page: Int)
    /// A page's size is not that of any paper.
    case pageSizeInsane(page: Int, width: Double, height: Double)
    /// A page's image data does not decode cleanly.
    case imageDamaged(page: Int, detail: String)
    /// poppler logged a message while reading the document: it met something it had to repair or skip.
    case popplerMessage(String)
    /// A scanned page looks blank: worth a look by operations, not a failure.
    case blankPage(page: Int)
    /// The check itself did not finish: it crashed, ran out of memory or time.
    case checkAborted(String)

    /// A stable code.
    public var code: String {
        switch self {
        case .empty: "pdf.empty"
        case .notPDF: "pdf.not_pdf"
        case .truncated: "pdf.truncated"
        case .encrypted: "pdf.encrypted"
        case .unreadable: "pdf.unreadable"
        case .badStartXref: "pdf.bad_startxref"
        case .xrefDamaged: "pdf.xref_damaged"
        case .objectDamaged: "pdf.object_damaged"
        case .streamTooLarge: "pdf.stream_too_large"
        case .pageTreeCycle: "pdf.page_tree_cycle"
        case .pageCountLies: "pdf.page_count_lies"
        case .pageCountMismatch: "pdf.page_count_mismatch"
        case .missingMediaBox: "pdf.missing_media_box"
        case .pageUnreadable: "pdf.page_unreadable"
        case .pageSizeInsane: "pdf.page_size"
        case .imageDamaged: "pdf.image_damaged"
        case .popplerMessage: "pdf.poppler_message"
        case .blankPage: "pdf.blank_page"
        case .checkAborted: "pdf.check_aborted"
        }
    }

    /// Whether the finding fails the check.
    public var isFatal: Bool {
        if case .blankPage = self { return false }
        return true
    }

    /// The page concerned (1-based), when there is one.
    public var page: Int? {
        switch self {
        case .missingMediaBox(let page), .pageUnreadable(let page), .pageSizeInsane(let page, _, _), .imageDamaged(let page, _),
            .blankPage(let page):
            page
        default: nil
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .empty: "The file is empty."
        case .notPDF: "The file does not start with a PDF header."
        case .truncated: "The file has no end-of-file marker; it was cut short."
        case .encrypted: "The PDF is encrypted; script copies must open without a password."
        case .unreadable(let detail): "The PDF could not be opened: \(detail)."
        case .badStartXref(let detail): "The PDF's cross-reference cannot be found: \(detail)."
        case .xrefDamaged(let detail): "The PDF's cross-reference is damaged: \(detail)."
        case .objectDamaged(let detail): "Part of the PDF is damaged: \(detail)."
        case .streamTooLarge(let detail): "A compressed stream expands far beyond any script's size: \(detail)."
        case .pageTreeCycle: "The PDF's page tree refers back to itself."
        case .pageCountLies(let declared, let found): "The PDF says it has \(declared) pages but holds \(found)."
        case .pageCountMismatch(let expected, let found): "The PDF has \(found) pages; \(expected) were expected."
        case .missingMediaBox(let page): "Page \(page) has no page size (/MediaBox)."
        case .pageUnreadable(let page): "Page \(page) cannot be loaded."
        case .pageSizeInsane(let page, let width, let height):
            "Page \(page) measures \(Int(width))×\(Int(height)) points, which is not a paper size."
        case .imageDamaged(let page, let detail): "The scan on page \(page) is damaged: \(detail)."
        case .popplerMessage(let detail): "The PDF reader had to repair or skip something: \(detail)."
        case .blankPage(let page): "Page \(page) looks blank; check the scan is the right one."
        case .checkAborted(let detail): "The check could not finish: \(detail)."
        }
    }
}
