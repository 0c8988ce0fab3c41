import CPoppler
import Foundation

/// Builds the PDF of a script copy: a generated cover sheet, then each scanned page with a
/// small footer naming the copy and the page.
///
/// JPEG pages are embedded byte for byte (no re-encoding) after their image data has been
/// decoded strictly at an eighth of the size, so truncation or corruption is refused rather
/// than passed on. PNG and TIFF pages are decoded and embedded losslessly (Flate; cairo
/// writes an all-grey page as DeviceGray and a black-and-white one at 1 bit). The image type
/// is told by the file's first bytes. Each page is as large as its resolution says, turned
/// upright as its Exif or TIFF orientation says.
///
/// Every page's headers are read and checked before the PDF is begun (a small read from the
/// start of each file); then each page is read whole once, when it is drawn, or just before
/// for JPEG pages, whose strict decode runs one or two pages ahead on another thread. Memory
/// holds at most three pages' bytes, however long the script.
///
/// The builder itself opens no file: it reads pages from descriptors and writes the PDF to
/// one, so that a sandboxed child with no rights to the file system can run it
/// (`PDFBuildRequest`). The calls taking paths open the files first (`PDFBuildFiles`): the
/// PDF is written to a new partial file beside `path`, mode 0600, and fsynced and renamed
/// over it when complete; a failure leaves no file behind.
///
/// All calls block; run them off the cooperative pool.
public enum ScriptPDFBuilder {
    /// A4 in PostScript points.
    static let a4 = (width: 595.28, height: 841.89)
    /// The most scanned pages a script may have; more is refused before any page is read.
    public static let maximumPages = 1_000
    /// The largest page file accepted, in bytes.
    public static let maximumPageBytes = 100_000_000
    /// The most pixels a PNG or TIFF page may have: it is decoded whole, four bytes a pixel.
    /// A4 at 600 dpi is 35 million.
    public static let maximumDecodedPixels = 40_000_000
    /// The largest single allocation libtiff may make for a page.
    static let maximumTIFFAllocation = 256 * 1024 * 1024
    /// Pages whose resolution differs from the first page's by more than this share are refused.
    public static let resolutionTolerance = 0.01

    /// Writes the PDF to `path` (replacing it) from the image files at `pages`, in order, and
    /// returns the number of pages written, the cover included.
    public static func build(
        cover: CoverSheet,
        pages: [String],
        to path: String,
        verifying verification: JPEGVerification = .decodeEveryPage
    ) throws(PDFBuildError) -> Int {
        try buildCopy(cover: cover, pages: pages, to: path, verifying: verification).pageCount
    }

    /// Writes the PDF to `path` (replacing it) from the image files at `pages`, in order, and
    /// reports what each scanned page was (its format, resolution, whether it looks blank).
    ///
    /// The footers count scanned pages only: "Page 1 of n" is the first scanned page, the
    /// cover is not numbered, and n is `pages.count` (the PDF's page labels agree).
    public static func buildCopy(
        cover: CoverSheet,
        pages: [String],
        to path: String,
        verifying verification: JPEGVerification = .decodeEveryPage
    ) throws(PDFBuildError) -> ScriptPDF {
        try PDFBuildFiles.build(.pages(pages, verification: verification), into: path) { inputs, output throws(PDFBuildError) in
            try writeCopy(cover: cover, pages: inputs, verifying: verification, to: output)
        }
    }

    /// Writes the PDF of the scanned pages open on `pages`, in order, to `output` from its
    /// current offset, and reports each page. Opens, closes and renames nothing: what a
    /// sandboxed child runs on the descriptors its parent opened, and what every build runs.
    static func writeCopy(
        cover: CoverSheet,
        pages: [Int32],
        verifying verification: JPEGVerification,
        to output: Int32
    ) throws(PDFBuildError) -> ScriptPDF {
        try checkPageCount(pages.count)
        var plans: [PagePlan] = []
        plans.reserveCapacity(pages.count)
        for (index, descriptor) in pages.enumerated() {
            let plan = try PagePlan.read(descriptor: descriptor, page: index + 1)
            if let first = plans.first, abs(plan.dotsPerInch - first.dotsPerInch) > first.dotsPerInch * resolutionTolerance {
                throw .mixedResolution(page: index + 1, dotsPerInch: plan.dotsPerInch, firstPageDotsPerInch: first.dotsPerInch)
            }
            plans.append(plan)
        }
        let reports = try write(cover: cover, plans: plans, verification: verification, to: PDFOutputStream(descriptor: output))
        return ScriptPDF(pageCount: plans.count + 1, scannedPages: reports)
    }

    /// Refuses a script of no pages, or of more than `maximumPages`.
    static func checkPageCount(_ count: Int) throws(PDFBuildError) {
        guard count > 0 else { throw .noPages }
        guard count <= maximumPages else { throw .tooManyPages(count: count, limit: maximumPages) }
    }

    private static func write(
        cover: CoverSheet,
        plans: [PagePlan],
        verification: JPEGVerification,
        to output: PDFOutputStream
    ) throws(PDFBuildError) -> [ScannedPageReport] {
        let pdf = try startPDF(cover: cover, writingTo: output)
        var reports: [ScannedPageReport] = []
        reports.reserveCapacity(plans.count)
        // JPEG pages that are decoded are decoded ahead, one or two pages in front of the one being drawn.
        var loads: [Int: JPEGPageLoad] = [:]
        defer {
            for load in loads.values { load.waitUntilDone() }
        }
        func loadAhead(_ index: Int) {
            guard verification == .decodeEveryPage, index < plans.count, plans[index].header.format == .jpeg, loads[index] == nil else {
                return
            }
            loads[index] = JPEGPageLoad(plan: plans[index], number: index + 1)
        }
        for (index, plan) in plans.enumerated() {
            let number = index + 1
            loadAhead(index)
            loadAhead(index + 1)
            let size = plan.pageSize
            cairo_pdf_surface_set_size(pdf.surface, size.width, size.height)
            cairo_pdf_surface_set_page_label(pdf.surface, "\(number)")
            let drawn = try drawScannedPage(plan, number: number, verification: verification, load: loads.removeValue(forKey: index), on: pdf)
            drawFooter(
                "\(cover.copyLabel) · Page \(number) of \(plans.count)",
                pageWidth: size.width,
                pageHeight: size.height,
                on: pdf
            )
            // The page records a snapshot of the image: kept alive until the page is written,
            // a decoded image is not copied to preserve it.
            withExtendedLifetime(drawn.image) { cairo_show_page(pdf.context) }
            try checkWritten(pdf, to: output)
            reports.append(plan.report(number: number, looksBlank: drawn.looksBlank))
        }
        try finishPDF(pdf, writingTo: output)
        return reports
    }

    private static func drawScannedPage(
        _ plan: PagePlan,
        number: Int,
        verification: JPEGVerification,
        load: JPEGPageLoad?,
        on pdf: CairoContext
    ) throws(PDFBuildError) -> DrawnPage {
        switch plan.header.format {
        case .jpeg:
            let jpeg = if let load { try load.page() } else { try verifyJPEGPage(plan, number: number, verification: verification) }
            return try drawJPEGPage(jpeg, plan: plan, on: pdf)
        case .png: return try drawPNGPage(plan, number: number, on: pdf)
        case .tiff: return try drawTIFFPage(plan, number: number, on: pdf)
        }
    }
}

extension PagePlan {
    /// The report of this page once drawn.
    func report(number: Int, looksBlank: Bool) -> ScannedPageReport {
        let (width, height) = header.storedSize
        return ScannedPageReport(
            number: number,
            format: header.format,
            pixelWidth: width,
            pixelHeight: height,
            orientation: header.orientation,
            dotsPerInch: dotsPerInch,
            resolutionInferred: resolutionInferred,
            looksBlank: looksBlank
        )
    }
}
