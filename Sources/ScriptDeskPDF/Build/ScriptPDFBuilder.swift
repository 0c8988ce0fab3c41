import CPoppler
import Foundation

/// Builds the PDF of a script copy: a generated cover sheet, then each scanned page with
/// its JPEG embedded byte for byte (no decoding, no re-encoding).
///
/// All calls block; run them off the cooperative pool.
public enum ScriptPDFBuilder {
    /// A4 in PostScript points.
    static let a4 = (width: 595.28, height: 841.89)

    /// Writes the PDF to `path` (replacing it) and returns the number of pages written.
    public static func build(cover: CoverSheet, pages: [Data], to path: String) throws(PDFBuildError) -> Int {
        guard !pages.isEmpty else { throw .noPages }
        var infos: [JPEGInfo] = []
        for (index, page) in pages.enumerated() {
            do {
                let info = try JPEGInfo(parsing: page)
                guard info.components == 1 || info.components == 3 else {
                    throw JPEGInfoError.corrupt("\(info.components) colour components (CMYK pages are not accepted)")
                }
                infos.append(info)
            } catch {
                throw .unsupportedImage(page: index + 1, reason: "\(error)")
            }
        }
        guard let surface = cairo_pdf_surface_create(path, a4.width, a4.height) else { throw .cairo(status: "no surface") }
        let pdf = CairoContext(surface: surface)
        setMetadata(of: pdf, cover: cover)
        drawCover(cover, on: pdf)
        cairo_show_page(pdf.context)
        // The pixels of each page surface are never read, because the JPEG bytes attached as
        // mime data are written instead; one zeroed buffer of the largest size serves them all.
        let largest = infos.map { cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32($0.width)) * Int32($0.height) }.max() ?? 0
        let pixels = UnsafeMutableRawPointer.allocate(byteCount: Int(largest), alignment: 16)
        pixels.initializeMemory(as: UInt8.self, repeating: 0, count: Int(largest))
        defer { pixels.deallocate() }
        for (index, jpeg) in pages.enumerated() {
            try drawScannedPage(jpeg, info: infos[index], pixels: pixels, on: pdf)
        }
        cairo_surface_finish(pdf.surface)
        if let failure = pdf.failure { throw .cairo(status: failure) }
        return pages.count + 1
    }

    private static func setMetadata(of pdf: CairoContext, cover: CoverSheet) {
        let date = pdfDate(cover.issuedAt)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_TITLE, cover.documentTitle)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_SUBJECT, "\(cover.copyLabel) of a marked script, \(cover.series)")
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATOR, "ScriptDesk")
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_MOD_DATE, date)
    }

    /// `2026-08-13T08:00:00Z`, the ISO 8601 form cairo expects for PDF dates.
    static func pdfDate(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }

    private static func drawScannedPage(_ jpeg: Data, info: JPEGInfo, pixels: UnsafeMutableRawPointer, on pdf: CairoContext) throws(PDFBuildError) {
        let dpi = info.dotsPerInch ?? 150
        let scale = 72 / dpi
        cairo_pdf_surface_set_size(pdf.surface, Double(info.width) * scale, Double(info.height) * scale)
        let stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(info.width))
        guard
            let image = cairo_image_surface_create_for_data(
                pixels.assumingMemoryBound(to: UInt8.self),
                CAIRO_FORMAT_RGB24,
                Int32(info.width),
                Int32(info.height),
                stride
            )
        else { throw .cairo(status: "no image surface") }
        defer { cairo_surface_destroy(image) }
        let copy = UnsafeMutableRawPointer.allocate(byteCount: jpeg.count, alignment: 1)
        jpeg.copyBytes(to: copy.assumingMemoryBound(to: UInt8.self), count: jpeg.count)
        let status = cairo_surface_set_mime_data(
            image,
            CAIRO_MIME_TYPE_JPEG,
            copy.assumingMemoryBound(to: UInt8.self),
            UInt(jpeg.count),
            { $0?.deallocate() },
            copy
        )
        guard status == CAIRO_STATUS_SUCCESS else {
            copy.deallocate()
            throw .cairo(status: String(cString: cairo_status_to_string(status)))
        }
        cairo_save(pdf.context)
        cairo_scale(pdf.context, scale, scale)
        cairo_set_source_surface(pdf.context, image, 0, 0)
        cairo_paint(pdf.context)
        cairo_restore(pdf.context)
        cairo_show_page(pdf.context)
        if let failure = pdf.failure { throw .cairo(status: failure) }
    }
}
