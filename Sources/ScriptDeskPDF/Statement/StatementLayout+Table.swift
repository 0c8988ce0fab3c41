/// Tables that flow from page to page.
extension StatementLayout {
    static let cellSize = 8.5
    static let headingSize = 8.0
    /// Space above and below a row's text.
    static let cellPadding = 3.5
    /// Space kept clear at the right of each column.
    static let cellGap = 7.0
    /// The most lines a cell may take: what a page holds below a running head, a section
    /// title and the table's headings. The sheet's checks keep every cell well within it; a
    /// cell past it would end in "…" rather than run off the page.
    static let maximumCellLines = Int((bottom - top - 140) / lineHeight(cellSize))

    /// `table` under its title; when a row does not fit on the page, the rest go on the next
    /// under "<title> (continued)" and the column headings again. A row is never split.
    mutating func addTable(_ table: StatementTable) {
        let headings = wrapped(table.columns.map(\.heading), in: table.columns, size: Self.headingSize, bold: true)
        let headingHeight = height(of: headings, size: Self.headingSize)
        guard let firstRow = table.rows.first else { return }
        let first = wrapped(firstRow, in: table.columns, size: Self.cellSize)
        addSectionTitle(table.title, keepingWith: headingHeight + height(of: first, size: Self.cellSize))
        addRow(headings, in: table.columns, size: Self.headingSize, bold: true, rule: (grey: 0.2, width: 0.8))
        for (index, cells) in table.rows.enumerated() {
            let row = index == 0 ? first : wrapped(cells, in: table.columns, size: Self.cellSize)
            let rowHeight = height(of: row, size: Self.cellSize)
            if y + rowHeight > Self.bottom {
                startPage()
                addSectionTitle("\(table.title) (continued)", keepingWith: headingHeight + rowHeight)
                addRow(headings, in: table.columns, size: Self.headingSize, bold: true, rule: (grey: 0.2, width: 0.8))
            }
            addRow(row, in: table.columns, size: Self.cellSize, bold: false, rule: (grey: 0.75, width: 0.4))
        }
    }

    /// Each cell's lines, wrapped to its column.
    private func wrapped(_ cells: [String], in columns: [StatementTable.Column], size: Double, bold: Bool = false) -> [[String]] {
        pdf.useFont(size: size, bold: bold)
        return zip(cells, columns).map { cell, column in
            pdf.lines(of: cell, width: column.width - Self.cellGap, maxLines: Self.maximumCellLines)
        }
    }

    /// The height of a row of wrapped cells.
    private func height(of cells: [[String]], size: Double) -> Double {
        Double(cells.map(\.count).max() ?? 1) * Self.lineHeight(size) + 2 * Self.cellPadding
    }

    /// Writes a row of wrapped cells at `y`, then a rule under it.
    private mutating func addRow(
        _ cells: [[String]],
        in columns: [StatementTable.Column],
        size: Double,
        bold: Bool,
        rule: (grey: Double, width: Double)
    ) {
        let top = y
        var x = Self.left
        var bottom = top
        for (lines, column) in zip(cells, columns) {
            y = top + Self.cellPadding
            for line in lines {
                place(line, x: x, size: size, bold: bold, grey: bold ? 0.25 : 0.1)
                y += Self.lineHeight(size)
            }
            bottom = max(bottom, y)
            x += column.width
        }
        y = bottom + Self.cellPadding
        addRule(grey: rule.grey, width: rule.width)
    }
}
