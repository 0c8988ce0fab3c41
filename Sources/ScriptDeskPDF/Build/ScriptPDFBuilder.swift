import CPoppler
import Foundation

/// Builds the PDF of a script copy: a generated cover sheet, then each scanned page with
/// its JPEG embedded byte for byte (no decoding, no re-encoding).
///
/// All calls block; run them off the cooperative pool.
public enum ScriptPDFBuilder {
    /// A4 in PostScript points.
    static let a4 = (width: 595.28, height: 841.89)

    /// Writes the PDF to `path` (replacing it) from the JPEG files at `pages`, in order, and
    /// returns the number of pages written. Each page is read when it is drawn, so memory
    /// holds one page at a time, not the whole script.
    public static func build(cover: CoverSheet, pages: [String], to path: String) throws(PDFBuildError) -> Int {
        guard !pages.isEmpty else { throw .noPages }
        var infos: [JPEGInfo] = []
        for (index, page) in pages.enumerated() {
            infos.append(try info(of: try read(page, number: index + 1), page: index + 1))
        }
        guard let surface = cairo_pdf_surface_create(path, a4.width, a4.height) else { throw .cairo(status: "no surface") }
        let pdf = CairoContext(surface: surface)
        do throws(PDFBuildError) {
            setMetadata(of: pdf, cover: cover)
            drawCover(cover, on: pdf)
            cairo_show_page(pdf.context)
            for (index, page) in pages.enumerated() {
                let jpeg = try read(page, number: index + 1)
                // Headers are read again: the file must not have changed since the first pass.
                guard try info(of: jpeg, page: index + 1) == infos[index] else {
                    throw PDFBuildError.unsupportedImage(page: index + 1, reason: "the file changed while the PDF was being built")
                }
                try drawScannedPage(jpeg, info: infos[index], on: pdf)
            }
            cairo_surface_finish(pdf.surface)
            if let failure = pdf.failure { throw PDFBuildError.cairo(status: failure) }
            return pages.count + 1
        } catch {
            // Never leave a partial PDF behind.
            cairo_surface_finish(pdf.surface)
            unlink(path)
            throw error
        }
    }

    private static func read(_ path: String, number: Int) throws(PDFBuildError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unsupportedImage(page: number, reason: "the file \(path) cannot be read")
        }
        return data
    }

    /// The headers of a page that can be embedded unchanged: baseline or progressive JPEG,
    /// greyscale or colour (CMYK is refused: cairo would embed it as a negative).
    private static func info(of jpeg: Data, page: Int) throws(PDFBuildError) -> JPEGInfo {
        do {
            let info = try JPEGInfo(parsing: jpeg)
            guard info.components == 1 || info.components == 3 else {
                throw JPEGInfoError.corrupt("\(info.components) colour components (CMYK pages are not accepted)")
            }
            return info
        } catch {
            throw .unsupportedImage(page: page, reason: "\(error)")
        }
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

    private static func drawScannedPage(_ jpeg: Data, info: JPEGInfo, on pdf: CairoContext) throws(PDFBuildError) {
        let dpi = info.dotsPerInch ?? 150
        let scale = 72 / dpi
        cairo_pdf_surface_set_size(pdf.surface, Double(info.width) * scale, Double(info.height) * scale)
        // The surface's pixels are never read: the JPEG bytes attached as mime data are
        // written instead. Its memory is allocated but never touched, so never made resident.
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(info.width), Int32(info.height)) else {
            throw .cairo(status: "no image surface")
        }
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
            throw .cairo(status: String(cString: cairo_status_to_string(cairo_surface_status(image))))
        }
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
