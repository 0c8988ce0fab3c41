/// A scanned page drawn on the PDF's current page, not yet shown.
struct DrawnPage {
    /// The image painted; it must outlive `cairo_show_page`, or cairo copies its pixels.
    var image: ImageSurface
    /// Whether the page looks like blank paper.
    var looksBlank: Bool
}
