import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct StatementPDFTests {
    static let sheet = StatementSheet(
        awardingBody: "ScriptDesk Awarding Body",
        series: "June 2026 (2026-06)",
        centre: "12345 Northgate Academy",
        candidate: "0001 Amelia Smith",
        uci: "12345A0001XYZ",
        components: [
            .init(code: "H240/01", title: "Mathematics A: Pure Mathematics", mark: "58/100", grade: "B", note: "Revised (enquiry outcome)"),
            .init(code: "H240/02", title: "Mathematics A: Pure Mathematics and Statistics", mark: "71/100", grade: "A", indicators: "#, Q"),
            .init(
                code: "H240/03",
                title: "Mathematics A: Pure Mathematics and Mechanics, a title long enough to need more than one line in its column",
                mark: "—",
                grade: "—",
                indicators: "X",
                note: "Special consideration applied"
            ),
            .init(code: "J560/04", title: "Mathematics: Foundation Tier Paper 4", mark: "44/100", grade: "4"),
        ],
        subjects: [
            .init(qualification: "GCSE", code: "J560", title: "Mathematics", grade: "5"),
            .init(qualification: "GCE A Level", code: "H240", title: "Mathematics A", grade: "B", note: "Late certification"),
        ],
        revision: .init(
            number: 2,
            date: "4 December 2026",
            changes: [
                "H240/01: mark 57 → 58, grade B unchanged (enquiry outcome: One mark not added)",
                "H240/02: indicator Q added while the enquiry about the mark awarded for question 7 on page 12 is looked into by a senior examiner",
            ]
        ),
        indicatorKey: ["# partially absent", "Q result queried", "X absent"],
        reference: "stmt-3f1c0a9e-1111-2222-3333-444455556666",
        issuedAt: Date(timeIntervalSince1970: 1_787_212_800)
    )

    /// The sheet with `count` component lines, some with long titles and notes, one with a
    /// word too long for its column, and no subjects.
    static func longSheet(components count: Int) -> StatementSheet {
        var sheet = Self.sheet
        sheet.subjects = []
        sheet.components = (1...count).map { index in
            let long = index % 7 == 0
            let note = long ? "Special consideration applied" : ""
            return .init(
                code: String(format: "C%03d/01", index),
                title: long ? "Component \(index): Extended Project with a Title of Some Length, Written and Practical" : "Component \(index)",
                mark: "\(index)/120",
                grade: ["A*", "A", "B", "C", "D", "E", "U"][index % 7],
                indicators: index % 5 == 0 ? "#" : "",
                note: index == 40 ? "Withdrawn-and-re-entered-after-the-closing-date-of-the-series-by-the-centre" : note
            )
        }
        return sheet
    }

    /// The statement for `sheet` written to a new folder, which the caller removes.
    static func written(_ sheet: StatementSheet) throws -> (folder: String, pdf: String) {
        let folder = try TestImages.scratchFolder()
        let pdf = "\(folder)/statement.pdf"
        try StatementPDFBuilder.build(sheet).write(to: URL(fileURLWithPath: pdf))
        return (folder, pdf)
    }

    /// Each page's text as poppler-glib gives it, without whitespace, so that a line wrapped
    /// over several lines is still found whole.
    static func pageTexts(of pdf: String) throws -> [String] {
        let document = try PopplerDocument(path: pdf)
        return try (0..<document.pageCount).map { index in
            try #require(document.page(at: index)).text.filter { !$0.isWhitespace }
        }
    }

    /// The rows of the PDF's text as poppler lays it out, each split into its columns.
    static func layoutRows(of pdf: String) throws -> [[String]] {
        try TestImages.output(["pdftotext", "-layout", pdf, "-"]).split(separator: "\n").map { line in
            line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// Whether some row of `rows` begins with `cells`, or with `first` and, after one column
    /// (a title, which may wrap), `rest`.
    static func hasRow(_ rows: [[String]], _ first: [String], thenAfterOne rest: [String]) -> Bool {
        rows.contains { row in
            row.starts(with: first) && row.dropFirst(first.count + 1).starts(with: rest)
        }
    }

    /// Every line the sheet states, as it must be found in the text.
    static func statedLines(of sheet: StatementSheet) -> [String] {
        var lines = [sheet.awardingBody, sheet.series, sheet.centre, sheet.candidate, sheet.uci, sheet.reference]
        lines += sheet.components.flatMap { [$0.code, $0.title, $0.mark, $0.grade, $0.indicators, $0.note] }
        lines += sheet.subjects.flatMap { [$0.qualification, $0.code, $0.title, $0.grade, $0.note] }
        if let revision = sheet.revision { lines += [revision.date] + revision.changes }
        return (lines + sheet.indicatorKey).filter { !$0.isEmpty }
    }

    @Test func theTextHoldsEveryLineTheSheetStates() throws {
        let sheet = Self.sheet
        let (folder, pdf) = try Self.written(sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try Self.pageTexts(of: pdf).joined()
        for line in Self.statedLines(of: sheet) + ["Statement of results", "Revised statement", "Page 1 of 1", "Issued 20 August 2026"] {
            #expect(text.contains(line.filter { !$0.isWhitespace }), "\(line) is missing")
        }
        let rows = try Self.layoutRows(of: pdf)
        for line in sheet.components {
            #expect(Self.hasRow(rows, [line.code], thenAfterOne: [line.mark, line.grade]), "no row for \(line.code)")
        }
        for line in sheet.subjects {
            #expect(Self.hasRow(rows, [line.qualification, line.code], thenAfterOne: [line.grade]), "no row for \(line.code)")
        }
        #expect(rows.contains(["Unique candidate identifier", sheet.uci]))
        #expect(try PopplerDocument(path: pdf).metadata.first == "Statement of results: \(sheet.candidate), \(sheet.series)")
    }

    @Test func aStatementWithNoSubjectGradesSaysSo() throws {
        var sheet = Self.sheet
        sheet.subjects = []
        sheet.revision = nil
        let (folder, pdf) = try Self.written(sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try Self.pageTexts(of: pdf).joined()
        #expect(text.contains("Nosubjectgradesawardedinthisseries."))
        #expect(!text.contains("Revisedstatement"))
    }

    @Test func theSameSheetGivesTheSameBytesAndAnotherIssueDateDoesNot() throws {
        let first = try StatementPDFBuilder.build(Self.sheet)
        #expect(try StatementPDFBuilder.build(Self.sheet) == first)
        var later = Self.sheet
        later.issuedAt += 1
        #expect(try StatementPDFBuilder.build(later) != first)
    }

    @Test func theIssueDateIsTheDayInLondon() throws {
        var sheet = Self.sheet
        // 23:30 UTC on 19 August is 00:30 on the 20th in London (summer time).
        sheet.issuedAt = Date(timeIntervalSince1970: 1_787_182_200)
        let (folder, pdf) = try Self.written(sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.pageTexts(of: pdf).joined().contains("Issued20August2026"))
    }

    @Test func theStatementPassesTheCheckScriptCopiesPass() throws {
        let (folder, pdf) = try Self.written(Self.sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try PDFChecker.check(fileAt: pdf, expectedPages: 1)
        #expect(report.findings.isEmpty)
        let page = try #require(report.pageSizes.first)
        #expect(abs(page.width - 595.28) < 0.5 && abs(page.height - 841.89) < 0.5)
    }

    @Test func itsFontsAreEmbeddedSubsets() throws {
        let (folder, pdf) = try Self.written(Self.sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fonts = try PopplerDocument(path: pdf).fonts
        #expect(!fonts.isEmpty)
        for font in fonts {
            #expect(font.isEmbedded && font.isSubset, "\(font.name) is not an embedded subset")
            #expect(font.name.contains("DejaVuSans"))
        }
    }

    @Test func eightyComponentsFlowOverPagesEachFootedWithNothingLost() throws {
        let sheet = Self.longSheet(components: 80)
        let (folder, pdf) = try Self.written(sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try Self.pageTexts(of: pdf)
        #expect(pages.count > 1)
        for (index, text) in pages.enumerated() {
            #expect(text.contains("Page\(index + 1)of\(pages.count)"), "page \(index + 1) has no footer")
            #expect(text.contains("Reference\(sheet.reference)"))
            if index > 0 { #expect(text.contains("Componentresults(continued)CodeTitleMarkGrade")) }
        }
        let text = pages.joined()
        for line in Self.statedLines(of: sheet) {
            #expect(text.contains(line.filter { !$0.isWhitespace }), "\(line) is missing")
        }
        for line in sheet.components {
            #expect(text.components(separatedBy: line.code).count == 2, "\(line.code) is not there exactly once")
        }
        let rows = try Self.layoutRows(of: pdf)
        for line in sheet.components {
            #expect(Self.hasRow(rows, [line.code], thenAfterOne: [line.mark, line.grade]), "no row for \(line.code)")
        }
        #expect(try PDFChecker.check(fileAt: pdf, expectedPages: pages.count).findings.isEmpty)
    }

    @Test func noTextRunsIntoTheMarginsOrOffThePageEvenAtTheLimits() throws {
        var sheet = Self.longSheet(components: 80)
        // Wide letters without a space, as long as each cell may be: broken within the word,
        // kept whole.
        let short = String(repeating: "Ш", count: StatementSheet.shortTextLimit)
        let long = String(repeating: "Ш", count: StatementSheet.longTextLimit)
        sheet.components.insert(.init(code: short, title: long, mark: short, grade: short, indicators: short, note: long), at: 30)
        sheet.subjects = [.init(qualification: short, code: short, title: long, grade: short, note: long)]
        let (folder, pdf) = try Self.written(sheet)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = try PopplerDocument(path: pdf)
        var text = ""
        for index in 0..<document.pageCount {
            let page = try #require(document.page(at: index))
            let bounds = try #require(page.textBounds)
            #expect(bounds.minX >= 50 && bounds.maxX <= page.size.width - 50, "page \(index + 1) text spans \(bounds)")
            #expect(bounds.minY >= 40 && bounds.maxY <= page.size.height - 20, "page \(index + 1) text spans \(bounds)")
            text += page.text
        }
        #expect(text.filter { $0 == "Ш" }.count == 7 * short.count + 4 * long.count)
        #expect(!text.contains("…"))
    }
}

@Suite struct StatementPDFRefusalTests {
    static func code(_ change: (inout StatementSheet) -> Void) -> String {
        var sheet = StatementPDFTests.sheet
        change(&sheet)
        do {
            _ = try StatementPDFBuilder.build(sheet)
            return "built"
        } catch {
            return error.code
        }
    }

    @Test func nonsenseIsRefusedWithItsCode() {
        let refusals: [(String, (inout StatementSheet) -> Void)] = [
            ("statement.missing_text", { $0.candidate = "  " }),
            ("statement.missing_text", { $0.components[1].grade = "" }),
            ("statement.unprintable_text", { $0.components[0].title = "Pure\tMathematics" }),
            ("statement.unprintable_text", { $0.centre = "12345 Northgate\u{0} Academy" }),
            ("statement.unprintable_text", { $0.candidate = "0001 Amelia \u{202E}htimS" }),
            ("statement.unprintable_text", { $0.candidate = "0001 王秀英" }),
            ("statement.unprintable_text", { $0.candidate = "0001 أميليا" }),
            ("statement.text_too_long", { $0.components[3].grade = String(repeating: "W", count: 41) }),
            ("statement.text_too_long", { $0.components[0].title = String(repeating: "Mathematics ", count: 50) }),
            ("statement.text_too_long", { $0.reference = String(repeating: "r", count: 65) }),
            ("statement.no_components", { $0.components = [] }),
            ("statement.too_many_lines", { $0.indicatorKey = Array(repeating: "# partially absent", count: 1_000) }),
            ("statement.bad_revision", { $0.revision?.number = 1 }),
            ("statement.bad_revision", { $0.revision?.changes = [] }),
            ("statement.bad_issue_date", { $0.issuedAt = Date(timeIntervalSince1970: .nan) }),
            ("statement.bad_issue_date", { $0.issuedAt = Date(timeIntervalSince1970: 1e12) }),
            ("statement.bad_issue_date", { $0.issuedAt = Date(timeIntervalSince1970: -1) }),
        ]
        for (expected, change) in refusals {
            #expect(Self.code(change) == expected)
        }
        #expect(Self.code { $0.revision = nil } == "built")
    }

    @Test func theRefusalNamesTheTextAtFault() {
        var sheet = StatementPDFTests.sheet
        sheet.components[2].note = "Spécial ✓ 王"
        #expect(throws: StatementPDFError.unprintableText(field: "components[2].note", reason: "the font has no glyph for U+738B")) {
            try StatementPDFBuilder.build(sheet)
        }
        #expect(StatementPDFError.missingText(field: "uci").message.contains("uci"))
    }
}
