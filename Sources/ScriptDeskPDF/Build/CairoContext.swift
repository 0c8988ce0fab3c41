import CPoppler

/// Owns a cairo drawing context and the surface under it, freeing both in `deinit`.
final class CairoContext {
    let surface: OpaquePointer
    let context: OpaquePointer

    init(surface: OpaquePointer) {
        self.surface = surface
        self.context = cairo_create(surface)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The first error cairo recorded on the surface or context, if any.
    var failure: String? {
        let statuses = [cairo_surface_status(surface), cairo_status(context)]
        guard let bad = statuses.first(where: { $0 != CAIRO_STATUS_SUCCESS }) else { return nil }
        return String(cString: cairo_status_to_string(bad))
    }

    /// Writes one line of text with its baseline's left end at (x, y).
    func text(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false) {
        useFont(size: size, bold: bold)
        cairo_move_to(context, x, y)
        cairo_show_text(context, string)
    }

    /// Sets DejaVu Sans at `size`, bold or not, for the text drawn or measured next.
    func useFont(size: Double, bold: Bool = false) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }
}

@available(*, unavailable, message: "cairo contexts are not thread-safe; use one per task")
extension CairoContext: Sendable {}
