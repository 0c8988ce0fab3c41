import CPoppler
import Foundation

extension ScriptPDFBuilder {
    /// Draws the cover sheet on the current (A4) page.
    static func drawCover(_ cover: CoverSheet, on pdf: CairoContext) {
        let cr = pdf.context
        let left = 64.0
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1)
        pdf.text("ScriptDesk", x: left, y: 90, size: 12, bold: true)
        pdf.text(cover.copyLabel, x: left, y: 130, size: 26, bold: true)
        pdf.text("Copy of a marked examination script", x: left, y: 156, size: 13)
        cairo_set_line_width(cr, 1)
        cairo_move_to(cr, left, 176)
        cairo_line_to(cr, a4.width - left, 176)
        cairo_stroke(cr)

        let rows: [(String, String)] = [
            ("Centre", cover.centre),
            ("Candidate", cover.candidate ?? "Anonymised at the candidate's request"),
            ("Component", cover.component),
            ("Series", cover.series),
            ("Kind of copy", cover.copyLabel),
            ("Scanned pages", "\(cover.scannedPageCount)"),
            ("Issued", cover.issuedAt.formatted(.iso8601)),
            ("Reference", cover.reference),
        ]
        var y = 216.0
        for (label, value) in rows {
            cairo_set_source_rgb(cr, 0.35, 0.35, 0.35)
            pdf.text(label, x: left, y: y, size: 11)
            cairo_set_source_rgb(cr, 0.05, 0.05, 0.05)
            pdf.text(value, x: left + 120, y: y, size: 12, bold: label == "Candidate" || label == "Component")
            y += 28
        }
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35)
        pdf.text(cover.purpose, x: left, y: a4.height - 90, size: 10)
        pdf.text("The pages that follow are the scanned script, unaltered.", x: left, y: a4.height - 74, size: 10)
    }
}
