import CPoppler

/// The drawing of one answer-booklet page, in a 150-dpi coordinate space (1240 × 1754).
struct AnswerSheet {
    let ink: CairoContext
    var random: SeededGenerator
    let left = 150.0
    let right = 1120.0
    let firstRule = 260.0
    let ruleGap = 50.0
    let lastRule = 1600.0

    init(ink: CairoContext, random: SeededGenerator) {
        self.ink = ink
        self.random = random
    }

    private var cr: OpaquePointer { ink.context }

    /// The booklet's printed parts: header, margins, ruled lines and page number.
    mutating func drawPrintedForm(componentCode: String, page: Int, of pageCount: Int) {
        cairo_set_source_rgba(cr, 0, 0, 0, 0.9)
        ink.text("\(componentCode)  Answer booklet", x: left, y: 120, size: 24, bold: true)
        ink.text("Page \(page)", x: 580, y: 1690, size: 20)
        cairo_set_source_rgba(cr, 0, 0, 0, 0.55)
        ink.text("Write in black ink. Do not write in the margins.", x: left, y: 160, size: 16)
        cairo_set_line_width(cr, 1.5)
        cairo_set_source_rgba(cr, 0, 0, 0, 0.35)
        cairo_rectangle(cr, 100, 200, 1040, 1430)
        cairo_stroke(cr)
        cairo_move_to(cr, right, 200)
        cairo_line_to(cr, right, 1630)
        cairo_stroke(cr)
        cairo_set_source_rgba(cr, 0, 0, 0, 0.18)
        cairo_set_line_width(cr, 1)
        var y = firstRule
        while y <= lastRule {
            cairo_move_to(cr, 100, y)
            cairo_line_to(cr, right, y)
            cairo_stroke(cr)
            y += ruleGap
        }
        if page == 1 {
            cairo_set_source_rgba(cr, 0, 0, 0, 0.8)
            ink.text("Answer all the questions. The number of marks is given in brackets [ ].", x: left, y: 245, size: 15)
        }
    }

    /// Handwritten answers with question numbers, and the examiner's marks in the margin.
    mutating func drawAnswers(firstPage: Bool, lastPage: Bool) {
        var y = firstRule + ruleGap * (firstPage ? 1 : 0) - 8
        let stopAt = lastPage ? firstRule + ruleGap * Double(Int.random(in: 6...18, using: &random)) : lastRule
        var pageMarks = 0
        var question = Int.random(in: 1...9, using: &random)
        while y < stopAt {
            if Double.random(in: 0...1, using: &random) < 0.18 {
                question += 1
                cairo_set_source_rgba(cr, 0, 0, 0, 0.9)
                handwrittenLabel("\(question)", x: 112, y: y)
            }
            let lineEnd = Double.random(in: 0...1, using: &random) < 0.2 ? Double.random(in: 400...900, using: &random) : right - 30
            handwrittenLine(from: left + Double.random(in: 0...40, using: &random), to: lineEnd, baseline: y)
            if Double.random(in: 0...1, using: &random) < 0.22 {
                let correct = Double.random(in: 0...1, using: &random) < 0.8
                correct ? tick(x: right + 20, y: y) : cross(x: right + 20, y: y)
                pageMarks += correct ? 1 : 0
            }
            if Double.random(in: 0...1, using: &random) < 0.06 {
                y += ruleGap
            }
            y += ruleGap
        }
        circledMark("\(pageMarks)", x: right + 50, y: min(stopAt, lastRule) + 30)
    }

    private mutating func handwrittenLine(from start: Double, to end: Double, baseline: Double) {
        cairo_set_source_rgba(cr, 0, 0, 0, Double.random(in: 0.78...0.92, using: &random))
        cairo_set_line_width(cr, Double.random(in: 2.0...2.8, using: &random))
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        var x = start
        let drift = Double.random(in: -3...3, using: &random)
        while x < end - 40 {
            let letters = Int.random(in: 2...8, using: &random)
            let base = baseline + drift * (x - start) / 1000
            cairo_move_to(cr, x, base)
            for _ in 0..<letters {
                let width = Double.random(in: 9...16, using: &random)
                let tall = Double.random(in: 0...1, using: &random) < 0.2 ? 30.0 : 15.0
                let rise = Double.random(in: tall * 0.7...tall, using: &random)
                cairo_curve_to(cr, x + width * 0.2, base - rise * 1.2, x + width * 0.9, base - rise, x + width * 0.5, base - rise * 0.3)
                cairo_curve_to(cr, x + width * 0.3, base + 2, x + width * 0.9, base + 1, x + width, base - 2)
                x += width
            }
            cairo_stroke(cr)
            x += Double.random(in: 14...26, using: &random)
        }
    }

    private mutating func handwrittenLabel(_ label: String, x: Double, y: Double) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_OBLIQUE, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 24)
        cairo_move_to(cr, x, y)
        cairo_show_text(cr, label)
    }

    private func tick(x: Double, y: Double) {
        cairo_set_source_rgba(cr, 0, 0, 0, 0.95)
        cairo_set_line_width(cr, 3.5)
        cairo_move_to(cr, x, y - 10)
        cairo_line_to(cr, x + 9, y)
        cairo_line_to(cr, x + 30, y - 28)
        cairo_stroke(cr)
    }

    private func cross(x: Double, y: Double) {
        cairo_set_source_rgba(cr, 0, 0, 0, 0.95)
        cairo_set_line_width(cr, 3.5)
        cairo_move_to(cr, x, y - 24)
        cairo_line_to(cr, x + 22, y)
        cairo_move_to(cr, x + 22, y - 24)
        cairo_line_to(cr, x, y)
        cairo_stroke(cr)
    }

    private func circledMark(_ mark: String, x: Double, y: Double) {
        cairo_set_source_rgba(cr, 0, 0, 0, 0.95)
        cairo_set_line_width(cr, 3)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, 26, 0, 2 * Double.pi)
        cairo_stroke(cr)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_OBLIQUE, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 28)
        cairo_move_to(cr, x - 9 * Double(mark.count), y + 10)
        cairo_show_text(cr, mark)
    }
}
