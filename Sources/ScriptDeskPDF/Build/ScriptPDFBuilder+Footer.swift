import CPoppler

extension ScriptPDFBuilder {
    /// Writes `text` small and centred at the foot of the current page, on a white box so it
    /// stays legible over a scan.
    static func drawFooter(_ text: String, pageWidth: Double, pageHeight: Double, on pdf: CairoContext) {
        let cr = pdf.context
        let size = 7.5
        let padding = 3.0
        cairo_save(cr)
        pdf.useFont(size: size)
        let advance = pdf.advance(of: text)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        let x = (pageWidth - advance) / 2
        let baseline = pageHeight - 6 - padding - font.descent
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(
            cr,
            x - padding,
            baseline - font.ascent - padding,
            advance + 2 * padding,
            font.ascent + font.descent + 2 * padding
        )
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1)
        pdf.text(text, x: x, y: baseline, size: size)
        cairo_restore(cr)
    }
}
