import CPoppler

/// The beginning and end every PDF the builder writes shares, whatever its pages come from.
extension ScriptPDFBuilder {
    /// Starts a PDF streamed into `output`: its metadata, then the cover sheet as its first
    /// page, labelled "Cover". Later pages set their own size and label.
    static func startPDF(cover: CoverSheet, writingTo output: PDFOutputStream) throws(PDFBuildError) -> CairoContext {
        // Unretained: the caller keeps `output` alive until the surface is finished.
        let closure = Unmanaged.passUnretained(output).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream(PDFOutputStream.cairoWrite, closure, a4.width, a4.height) else {
            throw .cairo(status: "no surface")
        }
        let pdf = CairoContext(surface: surface)
        setMetadata(of: pdf, cover: cover)
        cairo_pdf_surface_set_page_label(pdf.surface, "Cover")
        drawCover(cover, on: pdf)
        cairo_show_page(pdf.context)
        return pdf
    }

    /// Throws the first error cairo or the output met, if any; call after each page.
    static func checkWritten(_ pdf: CairoContext, to output: PDFOutputStream) throws(PDFBuildError) {
        if let failure = pdf.failure { throw .cairo(status: output.failure ?? failure) }
    }

    /// Writes out the rest of the document, all of it through to the output's descriptor.
    static func finishPDF(_ pdf: CairoContext, writingTo output: PDFOutputStream) throws(PDFBuildError) {
        cairo_surface_finish(pdf.surface)
        try checkWritten(pdf, to: output)
        try output.finish()
    }
}
