import CPoppler
public import Foundation

/// Draws a realistic scanned page of a marked answer booklet: printed rules and headings,
/// handwriting-like answers, and an examiner's ticks, crosses and marks, slightly skewed as
/// a sheet fed through a scanner is. For demo archives and tests; no real script is used.
public struct ScannedPagePainter: Sendable {
    /// Scan resolution in dots per inch (150 to 200 for scripts).
    public var dotsPerInch: Int
    /// JPEG quality, 1 to 100.
    public var quality: Int

    /// A painter at `dotsPerInch` (150 by default) and JPEG `quality` (72 by default).
    public init(dotsPerInch: Int = 150, quality: Int = 72) {
        self.dotsPerInch = dotsPerInch
        self.quality = quality
    }

    /// The page as a greyscale JPEG. The same inputs always give the same bytes.
    public func jpeg(componentCode: String, page: Int, of pageCount: Int, seed: String) throws(PDFBuildError) -> Data {
        let width = Int((8.27 * Double(dotsPerInch)).rounded())
        let height = Int((11.69 * Double(dotsPerInch)).rounded())
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height)) else {
            throw .cairo(status: "no image surface")
        }
        let sheet = CairoContext(surface: surface)
        // The A8 surface holds the grey level itself: paper first, then every stroke takes
        // away from it (DEST_OUT), so no pixel loop is needed to turn ink into grey.
        cairo_set_source_rgba(sheet.context, 0, 0, 0, 246.0 / 255)
        cairo_paint(sheet.context)
        cairo_set_operator(sheet.context, CAIRO_OPERATOR_DEST_OUT)
        // A scanner's own blur hides the difference; the fast rasteriser and a coarser curve
        // tolerance make drawing several times quicker.
        cairo_set_antialias(sheet.context, CAIRO_ANTIALIAS_FAST)
        cairo_set_tolerance(sheet.context, 0.8)
        cairo_set_source_rgba(sheet.context, 0, 0, 0, 0.15)
        cairo_rectangle(sheet.context, 0, 0, 5, Double(height))
        cairo_rectangle(sheet.context, 0, 0, Double(width), 6)
        cairo_fill(sheet.context)
        var random = SeededGenerator(seedText: "\(seed)/\(page)")
        let scale = Double(dotsPerInch) / 150
        cairo_scale(sheet.context, scale, scale)
        // A sheet is never fed perfectly straight.
        cairo_translate(sheet.context, 620, 877)
        cairo_rotate(sheet.context, Double.random(in: -0.006...0.006, using: &random))
        cairo_translate(sheet.context, -620, -877)
        var answers = AnswerSheet(ink: sheet, random: random)
        answers.drawPrintedForm(componentCode: componentCode, page: page, of: pageCount)
        answers.drawAnswers(firstPage: page == 1, lastPage: page == pageCount)
        cairo_surface_flush(surface)
        if let failure = sheet.failure { throw .cairo(status: failure) }
        guard let pixels = cairo_image_surface_get_data(surface) else { throw .cairo(status: "no pixel data") }
        let stride = Int(cairo_image_surface_get_stride(surface))
        return try JPEGEncoder.encodeGrey(
            pixels: UnsafeBufferPointer(start: pixels, count: stride * height),
            width: width,
            height: height,
            stride: stride,
            quality: quality,
            dotsPerInch: dotsPerInch
        )
    }
}
