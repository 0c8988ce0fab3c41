import Foundation

/// Errors from building PDFs and page images. Each has a stable `code` and a `message` for a
/// person; those about one page name it by its number among the scanned pages (1-based, the
/// cover not counted) and say what to do.
public enum PDFBuildError: Error, Sendable, Hashable, Codable {
    /// There were no pages to build from.
    case noPages
    /// More pages than one script can have; refused before any page is read.
    case tooManyPages(count: Int, limit: Int)
    /// The page's file could not be opened or read.
    case unreadablePage(page: Int, reason: String)
    /// The page's file is larger than any scanned page.
    case fileTooLarge(page: Int, bytes: Int, limit: Int)
    /// The page is neither JPEG, PNG nor TIFF (told by its first bytes, not its name).
    case unknownFormat(page: Int)
    /// The page's header asks for more pixels than any scanned page has (a decompression bomb).
    case imageTooLarge(page: Int, width: Int, height: Int)
    /// The page's image data is truncated or corrupt.
    case damagedImage(page: Int, reason: String)
    /// The page is a CMYK or YCCK image (JPEG or TIFF), which would print as a negative.
    case cmykPage(page: Int, adobeInverted: Bool)
    /// The page is a TIFF holding more than one page.
    case multiPageTIFF(page: Int, pages: Int)
    /// The page's resolution differs from the first page's by more than 1%.
    case mixedResolution(page: Int, dotsPerInch: Double, firstPageDotsPerInch: Double)
    /// The page is a kind of image the builder does not embed (lossless JPEG, 12-bit, …).
    case unsupportedImage(page: Int, reason: String)
    /// The page's file changed between being checked and being drawn.
    case pageChanged(page: Int)
    /// The archive's own PDF of the script could not be read or drawn.
    case unreadableSource(reason: String)
    /// cairo refused to write the document (a full disk, for instance).
    case cairo(status: String)
    /// The JPEG encoder failed.
    case encoder(reason: String)
    /// The sandboxed process building the copy crashed, ran out of memory or time, or could
    /// not be started: untrusted input is the likely cause, so the build is not retried.
    case buildAborted(reason: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .noPages: "pdf.no_pages"
        case .tooManyPages: "pdf.too_many_pages"
        case .unreadablePage: "pdf.unreadable_page"
        case .fileTooLarge: "pdf.file_too_large"
        case .unknownFormat: "pdf.unknown_format"
        case .imageTooLarge: "pdf.image_too_large"
        case .damagedImage: "pdf.damaged_image"
        case .cmykPage: "pdf.cmyk_page"
        case .multiPageTIFF: "pdf.multipage_tiff"
        case .mixedResolution: "pdf.mixed_resolution"
        case .unsupportedImage: "pdf.unsupported_image"
        case .pageChanged: "pdf.page_changed"
        case .unreadableSource: "pdf.source_unreadable"
        case .cairo: "pdf.cairo"
        case .encoder: "pdf.encoder"
        case .buildAborted: "pdf.build_aborted"
        }
    }

    /// The scanned page concerned (1-based, the cover not counted), when there is one.
    public var page: Int? {
        switch self {
        case .unreadablePage(let page, _), .fileTooLarge(let page, _, _), .unknownFormat(let page),
            .imageTooLarge(let page, _, _), .damagedImage(let page, _), .cmykPage(let page, _),
            .multiPageTIFF(let page, _), .mixedResolution(let page, _, _), .unsupportedImage(let page, _),
            .pageChanged(let page):
            page
        case .noPages, .tooManyPages, .unreadableSource, .cairo, .encoder, .buildAborted: nil
        }
    }

    /// A sentence for a person: what is wrong and what to do.
    public var message: String {
        switch self {
        case .noPages:
            "The script has no pages to build a PDF from; check that the scan was archived."
        case .tooManyPages(let count, let limit):
            "The script has \(count) pages, more than the \(limit) a script can have; check the archive's manifest."
        case .unreadablePage(let page, let reason):
            "Page \(page) cannot be read (\(reason)); fetch the script from the archive again."
        case .fileTooLarge(let page, let bytes, let limit):
            "Page \(page) is \(bytes) bytes, more than the \(limit) a scanned page may be; rescan it at a lower resolution or with compression."
        case .unknownFormat(let page):
            "Page \(page) is not a JPEG, PNG or TIFF image; rescan it as JPEG."
        case .imageTooLarge(let page, let width, let height):
            "Page \(page) claims \(width)×\(height) pixels, larger than any scanned page; rescan it at 600 dpi or less."
        case .damagedImage(let page, let reason):
            "Page \(page) is damaged (\(reason)); fetch it again from the archive or rescan it."
        case .cmykPage(let page, let adobeInverted):
            "Page \(page) is a CMYK JPEG or TIFF\(adobeInverted ? " stored inverted (Adobe)" : "") and would print as a negative; rescan it in greyscale or RGB colour."
        case .multiPageTIFF(let page, let pages):
            "Page \(page) is a TIFF holding \(pages) pages; split it into one file per page."
        case .mixedResolution(let page, let dpi, let first):
            "Page \(page) is scanned at \(Self.dpiText(dpi)) dpi but page 1 at \(Self.dpiText(first)) dpi; rescan the script at one resolution."
        case .unsupportedImage(let page, let reason):
            "Page \(page) cannot be used: \(reason); rescan it as a baseline JPEG."
        case .pageChanged(let page):
            "Page \(page) changed while the PDF was being built; build the copy again."
        case .unreadableSource(let reason):
            "The archive's PDF of the script cannot be used (\(reason)); ask for it to be archived again."
        case .cairo(let status):
            "cairo could not write the PDF: \(status); check the disk and build the copy again."
        case .encoder(let reason):
            "The JPEG encoder failed: \(reason)."
        case .buildAborted(let reason):
            "The build stopped before it finished: \(reason). The archive's files may be hostile or damaged; ask for a new scan."
        }
    }

    private static func dpiText(_ dpi: Double) -> String {
        dpi.rounded() == dpi ? String(Int(dpi)) : String(format: "%.1f", dpi)
    }
}

extension PDFBuildError: CustomStringConvertible {
    /// `code: message`, for logs and the command line.
    public var description: String { "\(code): \(message)" }
}
