/// The parts of a statement, in the order they are read.
extension StatementLayout {
    /// The awarding body, "Statement of results", the series, and whether this is a revision.
    mutating func addHeading() {
        addParagraph(sheet.awardingBody, size: 11, grey: 0.3)
        y += 2
        addParagraph("Statement of results", size: 20, bold: true)
        addParagraph(sheet.series, size: 12)
        if let revision = sheet.revision {
            y += 2
            addParagraph("Revised statement: revision \(revision.number), \(revision.date). The changes are listed below.", size: 10)
        }
        y += 8
        addRule(grey: 0.2, width: 1)
        y += 12
    }

    /// The centre, the candidate and their UCI, and the issue date.
    mutating func addCandidate() {
        let rows = [
            ("Centre", sheet.centre),
            ("Candidate", sheet.candidate),
            ("Unique candidate identifier", sheet.uci),
            ("Issued", IssueDay.text(sheet.issuedAt)),
        ]
        let size = Self.bodySize
        pdf.useFont(size: size)
        let labelWidth = rows.map { pdf.advance(of: $0.0) }.reduce(0, max) + 18
        for (label, value) in rows {
            let lines = pdf.lines(of: value, width: Self.right - Self.left - labelWidth)
            makeRoom(Self.lineHeight(size) * Double(lines.count))
            place(label, x: Self.left, size: size, grey: 0.35)
            for line in lines {
                place(line, x: Self.left + labelWidth, size: size)
                y += Self.lineHeight(size)
            }
            y += 3
        }
    }

    /// The component results table.
    mutating func addComponents() {
        let columns: [StatementTable.Column] = [
            .init(heading: "Code", width: 58), .init(heading: "Title", width: 176), .init(heading: "Mark", width: 50),
            .init(heading: "Grade", width: 38), .init(heading: "Indicators", width: 56),
        ]
        let rows = sheet.components.map { [$0.code, $0.title, $0.mark, $0.grade, $0.indicators, $0.note] }
        addTable(.init(title: "Component results", columns: columns + [Self.rest(after: columns, heading: "Note")], rows: rows))
    }

    /// The subject grades table, or a line saying there are none.
    mutating func addSubjects() {
        guard !sheet.subjects.isEmpty else {
            addSectionTitle("Subject grades", keepingWith: Self.lineHeight(Self.bodySize))
            addParagraph("No subject grades awarded in this series.")
            return
        }
        let columns: [StatementTable.Column] = [
            .init(heading: "Qualification", width: 82), .init(heading: "Code", width: 52), .init(heading: "Title", width: 170),
            .init(heading: "Grade", width: 50),
        ]
        let rows = sheet.subjects.map { [$0.qualification, $0.code, $0.title, $0.grade, $0.note] }
        addTable(.init(title: "Subject grades", columns: columns + [Self.rest(after: columns, heading: "Note")], rows: rows))
    }

    /// What changed in this revision, one line each.
    mutating func addRevision() {
        guard let revision = sheet.revision else { return }
        addSectionTitle("Revised statement", keepingWith: 2 * Self.lineHeight(Self.bodySize))
        addParagraph("This is revision \(revision.number) of this statement, dated \(revision.date). Changed since the previous revision:")
        y += 3
        for change in revision.changes {
            makeRoom(Self.lineHeight(Self.bodySize))
            place("•", x: Self.left + 4, size: Self.bodySize)
            addParagraph(change, x: Self.left + 16)
            y += 2
        }
    }

    /// What each indicator means; nothing when no indicator is explained.
    mutating func addIndicatorKey() {
        guard !sheet.indicatorKey.isEmpty else { return }
        addSectionTitle("Key to indicators", keepingWith: Self.lineHeight(Self.bodySize))
        for line in sheet.indicatorKey {
            addParagraph(line)
        }
    }

    /// The last column: what the others leave of the page's width.
    private static func rest(after columns: [StatementTable.Column], heading: String) -> StatementTable.Column {
        .init(heading: heading, width: right - left - columns.map(\.width).reduce(0, +))
    }
}
