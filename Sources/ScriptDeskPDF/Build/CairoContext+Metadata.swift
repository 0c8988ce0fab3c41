import CPoppler
import Foundation

extension CairoContext {
    /// Sets the document information of a PDF surface: `title`, `subject` when there is one,
    /// creator "ScriptDesk", and `date` as both the creation and the modification date, so
    /// that the same inputs give the same bytes (cairo would otherwise stamp the time of the
    /// build). cairo 1.16 always writes its own Producer ("cairo 1.16.0
    /// (https://cairographics.org)") and offers no way to set it; it is the same on every
    /// build, so output stays deterministic.
    func setDocumentInfo(title: String, subject: String?, date: Date) {
        let stamp = Self.pdfDate(date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        if let subject { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ScriptDesk")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, stamp)
    }

    /// `2026-08-13T08:00:00Z`, the ISO 8601 form cairo expects for PDF dates.
    static func pdfDate(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
