import CPoppler

/// One laid-out page of a statement: what to write where, and the rules between; drawn as is.
struct StatementPage {
    /// One line of text, its baseline's left end at (`x`, `y`).
    struct Text {
        var string: String
        var x: Double
        var y: Double
        var size: Double
        var bold = false
        /// 0 is black.
        var grey = 0.1
    }

    /// A horizontal line from `x0` to `x1` at `y`.
    struct Rule {
        var x0: Double
        var x1: Double
        var y: Double
        var width = 0.5
        var grey = 0.6
    }

    var texts: [Text] = []
    var rules: [Rule] = []

    /// Draws the page's rules then its text on `pdf`'s current page.
    func draw(on pdf: CairoContext) {
        let cr = pdf.context
        for rule in rules {
            cairo_set_source_rgb(cr, rule.grey, rule.grey, rule.grey)
            cairo_set_line_width(cr, rule.width)
            cairo_move_to(cr, rule.x0, rule.y)
            cairo_line_to(cr, rule.x1, rule.y)
            cairo_stroke(cr)
        }
        for text in texts {
            cairo_set_source_rgb(cr, text.grey, text.grey, text.grey)
            pdf.text(text.string, x: text.x, y: text.y, size: text.size, bold: text.bold)
        }
    }
}
