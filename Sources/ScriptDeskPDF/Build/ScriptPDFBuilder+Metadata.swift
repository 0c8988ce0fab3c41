import CPoppler
import Foundation

extension ScriptPDFBuilder {
    /// Title, subject, creator and dates; none names the candidate of an anonymised copy.
    /// cairo 1.16 always writes its own Producer ("cairo 1.16.0 (https://cairographics.org)")
    /// and offers no way to set it; it is the same on every build, so output stays
    /// deterministic.
    static func setMetadata(of pdf: CairoContext, cover: CoverSheet) {
        let date = pdfDate(cover.issuedAt)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_TITLE, cover.documentTitle)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_SUBJECT, cover.documentSubject)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATOR, "ScriptDesk")
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(pdf.surface, CAIRO_PDF_METADATA_MOD_DATE, date)
    }

    /// `2026-08-13T08:00:00Z`, the ISO 8601 form cairo expects for PDF dates.
    static func pdfDate(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
