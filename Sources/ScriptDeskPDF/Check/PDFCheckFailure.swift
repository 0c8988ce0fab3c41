/// Why a PDF failed its check. Each case has its own stable code.
public enum PDFCheckFailure: Error, Sendable, Hashable {
    /// The file has no bytes.
    case empty
    /// The file does not start with `%PDF-`.
    case notPDF
    /// No `%%EOF` near the end: the file was cut short.
    case truncated
    /// The document is encrypted (even with an empty user password).
    case encrypted
    /// poppler could not open the document.
    case unreadable(String)
    /// The page count is not the expected one.
    case pageCountMismatch(expected: Int, found: Int)
    /// A page could not be loaded.
    case pageUnreadable(page: Int)
    /// A page's size is not that of any paper.
    case pageSizeInsane(page: Int, width: Double, height: Double)

    /// A stable code.
    public var code: String {
        switch self {
        case .empty: "pdf.empty"
        case .notPDF: "pdf.not_pdf"
        case .truncated: "pdf.truncated"
        case .encrypted: "pdf.encrypted"
        case .unreadable: "pdf.unreadable"
        case .pageCountMismatch: "pdf.page_count_mismatch"
        case .pageUnreadable: "pdf.page_unreadable"
        case .pageSizeInsane: "pdf.page_size"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .empty: "The file is empty."
        case .notPDF: "The file does not start with a PDF header."
        case .truncated: "The file has no end-of-file marker; it was cut short."
        case .encrypted: "The PDF is encrypted; script copies must open without a password."
        case .unreadable(let detail): "poppler could not open the PDF: \(detail)."
        case .pageCountMismatch(let expected, let found): "The PDF has \(found) pages; \(expected) were expected."
        case .pageUnreadable(let page): "Page \(page) cannot be loaded."
        case .pageSizeInsane(let page, let width, let height):
            "Page \(page) measures \(Int(width))×\(Int(height)) points, which is not a paper size."
        }
    }
}
