import Foundation

/// Errors from building PDFs and page images. Each names the page it concerns.
public enum PDFBuildError: Error, Sendable, Hashable {
    /// A page image is not a JPEG this builder can embed unchanged.
    case unsupportedImage(page: Int, reason: String)
    /// There were no pages to build from.
    case noPages
    /// cairo refused to write the document.
    case cairo(status: String)
    /// The JPEG encoder failed.
    case encoder(reason: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .unsupportedImage: "pdf.unsupported_image"
        case .noPages: "pdf.no_pages"
        case .cairo: "pdf.cairo"
        case .encoder: "pdf.encoder"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .unsupportedImage(let page, let reason): "Page \(page) cannot be used: \(reason)."
        case .noPages: "The script has no pages to build a PDF from."
        case .cairo(let status): "cairo could not write the PDF: \(status)."
        case .encoder(let reason): "The JPEG encoder failed: \(reason)."
        }
    }
}
