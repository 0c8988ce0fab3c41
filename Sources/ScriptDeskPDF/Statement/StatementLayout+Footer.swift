/// The footer every page carries: the reference, the issue date and the page's number.
extension StatementLayout {
    static let footerSize = 7.5
    /// The footer's first baseline.
    static let footerBaseline = page.height - 46

    /// Adds the footer to each page, now that the pages are counted: "Reference … · Issued …"
    /// at the left (on two lines if it must), "Page N of M" at the right.
    mutating func addFooters() {
        let size = Self.footerSize
        pdf.useFont(size: size)
        let numberWidth = pdf.advance(of: "Page \(pages.count) of \(pages.count)") + 24
        let said = "Reference \(sheet.reference) · Issued \(IssueDay.text(sheet.issuedAt))"
        let lines = pdf.lines(of: said, width: Self.right - Self.left - numberWidth, maxLines: 2)
        for index in pages.indices {
            let number = "Page \(index + 1) of \(pages.count)"
            var footer = [StatementPage.Text(string: number, x: Self.right - pdf.advance(of: number), y: Self.footerBaseline, size: size, grey: 0.3)]
            for (offset, line) in lines.enumerated() {
                footer.append(
                    .init(string: line, x: Self.left, y: Self.footerBaseline + Double(offset) * Self.lineHeight(size), size: size, grey: 0.3)
                )
            }
            pages[index].texts += footer
            pages[index].rules.append(.init(x0: Self.left, x1: Self.right, y: Self.footerBaseline - 12, width: 0.5, grey: 0.6))
        }
    }
}
