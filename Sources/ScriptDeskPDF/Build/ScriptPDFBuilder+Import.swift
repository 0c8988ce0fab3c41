import CPoppler

extension ScriptPDFBuilder {
    /// Writes the PDF to `path` (replacing it): the cover sheet, then every page of the
    /// archive's own PDF of the script, each with its footer. Returns the pages written,
    /// the cover included.
    ///
    /// The pages are drawn by poppler onto cairo's PDF surface as for printing, so a scanned
    /// page's JPEG data passes through unchanged. Run this only on a file that has passed
    /// the check in a checker process with every page rendered: poppler is then drawing
    /// what it has already drawn once without complaint. Anything it logs here fails the
    /// build. Blocks.
    public static func build(cover: CoverSheet, importing source: String, to path: String) throws(PDFBuildError) -> Int {
        try PDFBuildRequest(cover: cover, source: .importing(source), output: path).run()
    }

    /// Writes the PDF of the archive's PDF open on `source` to `output` from its current
    /// offset, as `build(cover:importing:to:)` describes, and returns the pages written.
    /// Opens, closes and renames nothing, like `writeCopy`.
    static func writeImport(cover: CoverSheet, source: Int32, to output: Int32) throws(PDFBuildError) -> Int {
        let (result, messages) = try PopplerLog.collecting { () throws(PDFBuildError) -> Int in
            let document = try openSource(source)
            let count = document.pageCount
            try checkPageCount(count)
            try writeImport(cover: cover, document: document, count: count, to: PDFOutputStream(descriptor: output))
            return count + 1
        }
        if let first = messages.first { throw .unreadableSource(reason: "poppler reported: \(first)") }
        return result
    }

    /// Opens the source; never with a password: poppler crashes on a wrong one, and an
    /// archived script needs none.
    private static func openSource(_ source: Int32) throws(PDFBuildError) -> PopplerDocument {
        do {
            return try PopplerDocument(descriptor: source)
        } catch {
            switch error {
            case .badPath: throw .unreadableSource(reason: "bad path")
            case .encrypted(let message), .unreadable(let message):
                throw .unreadableSource(reason: message ?? "poppler could not open it")
            }
        }
    }

    private static func writeImport(cover: CoverSheet, document: PopplerDocument, count: Int, to output: PDFOutputStream) throws(PDFBuildError) {
        let pdf = try startPDF(cover: cover, writingTo: output)
        for index in 0..<count {
            guard let page = document.page(at: index) else {
                throw .unreadableSource(reason: "page \(index + 1) cannot be loaded")
            }
            let (width, height) = page.size
            cairo_pdf_surface_set_size(pdf.surface, width, height)
            cairo_pdf_surface_set_page_label(pdf.surface, "\(index + 1)")
            cairo_save(pdf.context)
            page.renderForPrinting(on: pdf.context)
            cairo_restore(pdf.context)
            drawFooter("\(cover.copyLabel) · Page \(index + 1) of \(count)", pageWidth: width, pageHeight: height, on: pdf)
            cairo_show_page(pdf.context)
            try checkWritten(pdf, to: output)
        }
        try finishPDF(pdf, writingTo: output)
    }
}
