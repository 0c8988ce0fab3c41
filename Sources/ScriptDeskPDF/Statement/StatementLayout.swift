/// Lays a statement out on A4 pages, top to bottom, measuring text with the font it will be
/// drawn in: every line wrapped to its column, a table that reaches the foot of a page carried
/// on to the next under its heading again, and each page's footer once the pages are counted.
struct StatementLayout {
    static let page = ScriptPDFBuilder.a4
    static let left = 56.0
    static let right = page.width - left
    static let top = 56.0
    /// Nothing but the footer goes below this.
    static let bottom = page.height - 72
    /// Body text size, in points.
    static let bodySize = 9.5

    /// Line spacing for text of `size`.
    static func lineHeight(_ size: Double) -> Double { size * 1.35 }

    let pdf: CairoContext
    let sheet: StatementSheet
    var pages: [StatementPage] = []
    /// The top of the next line on the last page.
    var y = top

    /// The statement's pages, footers included.
    static func pages(of sheet: StatementSheet, measuringWith pdf: CairoContext) -> [StatementPage] {
        var layout = StatementLayout(pdf: pdf, sheet: sheet)
        layout.startPage()
        layout.addHeading()
        layout.addCandidate()
        layout.addComponents()
        layout.addSubjects()
        layout.addRevision()
        layout.addIndicatorKey()
        layout.addFooters()
        return layout.pages
    }

    /// Begins a new page; after the first, under a running head naming the candidate.
    mutating func startPage() {
        pages.append(StatementPage())
        y = Self.top
        guard pages.count > 1 else { return }
        let size = 8.0
        pdf.useFont(size: size)
        let head = "Statement of results · \(sheet.candidate) · \(sheet.series)"
        let line = pdf.lines(of: head, width: Self.right - Self.left, maxLines: 1)[0]
        place(line, x: Self.left, size: size, grey: 0.35)
        y += Self.lineHeight(size)
        addRule(grey: 0.6)
        y += 12
    }

    /// Starts a new page unless `height` more fits on this one; says whether it did.
    @discardableResult
    mutating func makeRoom(_ height: Double) -> Bool {
        guard y + height > Self.bottom else { return false }
        startPage()
        return true
    }

    /// Writes `string` on the current line at `x`, its baseline set for text of `size`;
    /// `y` does not move.
    mutating func place(_ string: String, x: Double, size: Double, bold: Bool = false, grey: Double = 0.1) {
        guard !string.isEmpty else { return }
        pages[pages.count - 1].texts.append(.init(string: string, x: x, y: y + size * 0.95, size: size, bold: bold, grey: grey))
    }

    /// A rule across the page at `y`.
    mutating func addRule(grey: Double = 0.6, width: Double = 0.5) {
        pages[pages.count - 1].rules.append(.init(x0: Self.left, x1: Self.right, y: y, width: width, grey: grey))
    }

    /// `text` wrapped from `x` to the right margin, line by line onto further pages as needed.
    mutating func addParagraph(_ text: String, x: Double = left, size: Double = bodySize, bold: Bool = false, grey: Double = 0.1) {
        pdf.useFont(size: size, bold: bold)
        for line in pdf.lines(of: text, width: Self.right - x) {
            makeRoom(Self.lineHeight(size))
            place(line, x: x, size: size, bold: bold, grey: grey)
            y += Self.lineHeight(size)
        }
    }

    /// A section's title, on a new page unless it and the `following` points after it fit here.
    mutating func addSectionTitle(_ title: String, keepingWith following: Double = 0) {
        let size = 12.0
        y += 14
        makeRoom(Self.lineHeight(size) + 4 + following)
        place(title, x: Self.left, size: size, bold: true)
        y += Self.lineHeight(size) + 4
    }
}

@available(*, unavailable, message: "measures with one cairo context, which is not thread-safe")
extension StatementLayout: Sendable {}
