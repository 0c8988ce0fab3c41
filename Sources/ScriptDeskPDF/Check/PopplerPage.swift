import CPoppler

/// Owns one page loaded from a `PopplerDocument`; unref'd in `deinit`. The page holds its
/// own reference to the document, so it stays usable however long the document's owner keeps it.
final class PopplerPage {
    private let page: OpaquePointer

    init(_ page: OpaquePointer) {
        self.page = page
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(page))
    }

    /// Width and height in PostScript points.
    var size: (width: Double, height: Double) {
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(page, &width, &height)
        return (width, height)
    }

    /// The page's text, as a reader would copy it.
    var text: String { String(takingGString: poppler_page_get_text(page)) }

    /// The smallest rectangle holding every character of the page's text, in points from the
    /// page's top left corner; nil when the page has no text.
    var textBounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return nil }
        defer { g_free(rectangles) }
        let boxes = UnsafeBufferPointer(start: rectangles, count: Int(count))
        guard !boxes.isEmpty else { return nil }
        return (
            boxes.map { min($0.x1, $0.x2) }.min()!, boxes.map { min($0.y1, $0.y2) }.min()!,
            boxes.map { max($0.x1, $0.x2) }.max()!, boxes.map { max($0.y1, $0.y2) }.max()!
        )
    }

    /// Draws the page on `context` as for the screen. It paints no background.
    func render(on context: OpaquePointer) {
        poppler_page_render(page, context)
    }

    /// Draws the page on `context` as for printing (a PDF surface keeps its images' data).
    func renderForPrinting(on context: OpaquePointer) {
        poppler_page_render_for_printing(page, context)
    }
}

@available(*, unavailable, message: "a poppler page belongs to the thread of its document")
extension PopplerPage: Sendable {}
