import CPoppler
public import Foundation

/// Draws a candidate's statement of results as an A4 PDF: the heading, the centre and
/// candidate, the component results, the subject grades, the revision when there is one, the
/// key to the indicators, and on every page a footer with the reference, the issue date and
/// "Page N of M".
///
/// The text is real text in DejaVu Sans (cairo embeds the subset used), so it can be searched
/// and copied; every line is wrapped to fit, and a table too long for a page carries on to the
/// next under its headings again. The same sheet always gives the same bytes: the PDF's dates
/// are the sheet's `issuedAt`, and nothing depends on the time, the time zone, the locale or
/// where anything sits in memory (only on the cairo and DejaVu Sans installed).
///
/// Calls block (a one-page statement takes a millisecond or two); they are safe on any
/// thread, each with a cairo surface of its own.
public enum StatementPDFBuilder {
    /// Draws the statement; same sheet, same bytes. Refuses a sheet that cannot be printed
    /// faithfully (empty or unprintable text, too many lines, a revision numbered below 2, …).
    public static func build(_ sheet: StatementSheet) throws(StatementPDFError) -> Data {
        let texts = try sheet.checkedTexts()
        let output = PDFMemoryStream()
        // cairo writes through an unretained pointer to `output` until the surface is gone.
        try withExtendedLifetime(output) { () throws(StatementPDFError) in
            try write(sheet, texts: texts, to: output)
        }
        return output.data
    }

    private static func write(_ sheet: StatementSheet, texts: [StatementSheet.PrintedText], to output: PDFMemoryStream) throws(StatementPDFError) {
        let size = StatementLayout.page
        let closure = Unmanaged.passUnretained(output).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream(PDFMemoryStream.cairoWrite, closure, size.width, size.height) else {
            throw .cairo(status: "no surface")
        }
        let pdf = CairoContext(surface: surface)
        try checkStatus(of: pdf)
        try StatementSheet.checkGlyphs(of: texts, in: pdf)
        pdf.setDocumentInfo(title: sheet.documentTitle, subject: nil, date: sheet.issuedAt)
        for page in StatementLayout.pages(of: sheet, measuringWith: pdf) {
            page.draw(on: pdf)
            cairo_show_page(pdf.context)
            try checkStatus(of: pdf)
        }
        cairo_surface_finish(pdf.surface)
        try checkStatus(of: pdf)
    }

    private static func checkStatus(of pdf: CairoContext) throws(StatementPDFError) {
        if let failure = pdf.failure { throw .cairo(status: failure) }
    }
}
