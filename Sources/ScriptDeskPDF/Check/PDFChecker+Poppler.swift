import CPoppler

#if canImport(Glibc)
import Glibc
#endif

extension PDFChecker {
    /// The thumbnail's width in pixels.
    static let thumbnailWidth = 240.0
    /// Pages whose images only poppler can decode are rendered at this many dots per inch.
    static let verificationDPI = 18.0

    /// Opens the document with poppler, loads and measures every page, renders the pages in
    /// `renderPages` and the thumbnail, and turns anything poppler logged into a finding.
    static func inspectWithPoppler(
        input: Int32,
        renderPages: Set<Int>,
        thumbnail: (path: String, descriptor: Int32)?,
        into report: inout PDFCheckReport
    ) {
        let (_, messages) = PopplerLog.collecting { () -> Void in
            do throws(PDFCheckFailure) {
                try readPages(input: input, renderPages: renderPages, thumbnail: thumbnail, into: &report)
            } catch {
                report.findings.append(PDFFinding(error))
            }
        }
        if let first = messages.first {
            let more = messages.count > 1 ? " (and \(messages.count - 1) more)" : ""
            report.findings.append(PDFFinding(.popplerMessage(first + more)))
        }
    }

    private static func readPages(
        input: Int32,
        renderPages: Set<Int>,
        thumbnail: (path: String, descriptor: Int32)?,
        into report: inout PDFCheckReport
    ) throws(PDFCheckFailure) {
        let document = try open(input)
        let count = document.pageCount
        if count != report.pageCount {
            report.findings.append(PDFFinding(.pageCountLies(declared: count, found: report.pageCount)))
        }
        for index in 0..<count {
            guard let page = document.page(at: index) else {
                report.findings.append(PDFFinding(.pageUnreadable(page: index + 1)))
                continue
            }
            let (width, height) = page.size
            report.pageSizes.append(.init(width: width, height: height))
            guard saneSide.contains(width), saneSide.contains(height) else {
                report.findings.append(PDFFinding(.pageSizeInsane(page: index + 1, width: width, height: height)))
                continue
            }
            if renderPages.contains(index) { _ = render(page, scale: verificationDPI / 72, width: width, height: height) }
            if index == 0, let thumbnail, report.passed {
                let scale = thumbnailWidth / width
                if let image = render(page, scale: scale, width: width, height: height) {
                    defer { cairo_surface_destroy(image) }
                    report.thumbnail = writePNG(image, to: thumbnail.descriptor) ? thumbnail.path : nil
                }
            }
        }
    }

    /// Opens the document; never with a password (poppler crashes on a wrong one, and a copy
    /// that needs any password fails the check anyway).
    private static func open(_ input: Int32) throws(PDFCheckFailure) -> PopplerDocument {
        do {
            return try PopplerDocument(descriptor: input)
        } catch {
            switch error {
            case .badPath(let message): throw .unreadable(message ?? "bad path")
            case .encrypted: throw .encrypted
            case .unreadable(let message): throw .unreadable(message ?? "unknown error")
            }
        }
    }

    /// Renders `page` on white at `scale`; nil when cairo cannot make the surface.
    private static func render(_ page: PopplerPage, scale: Double, width: Double, height: Double) -> OpaquePointer? {
        let pixelWidth = Int32(max(1, (width * scale).rounded()))
        let pixelHeight = Int32(max(1, (height * scale).rounded()))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { return nil }
        let context: OpaquePointer = cairo_create(surface)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        page.render(on: context)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        return surface
    }

    /// Writes the PNG to `descriptor`; false when cairo or the write fails.
    private static func writePNG(_ surface: OpaquePointer, to descriptor: Int32) -> Bool {
        let written = cairo_surface_write_to_png_stream(
            surface,
            { closure, data, length in
                let descriptor = Int32(Int(bitPattern: closure) - 1)
                var offset = 0
                while offset < Int(length) {
                    let count = write(descriptor, data! + offset, Int(length) - offset)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return CAIRO_STATUS_WRITE_ERROR }
                    offset += count
                }
                return CAIRO_STATUS_SUCCESS
            },
            UnsafeMutableRawPointer(bitPattern: Int(descriptor) + 1)
        )
        return written == CAIRO_STATUS_SUCCESS
    }
}
