import Foundation

/// What a sheet must be for its statement to print faithfully: every line it states shown in
/// full, in the font, on pages that hold it.
extension StatementSheet {
    /// One piece of the sheet's text, named by its place, with what it may be.
    struct PrintedText {
        var field: String
        var value: String
        /// Whether it must say something.
        var required: Bool
        /// The most characters it may have; at most this, it fits its column on one page.
        var limit: Int
    }

    /// The most rows a statement may have: components, subjects, changes and key lines together.
    static let maximumLines = 1_000
    /// The most characters a title, note, change or heading line may have.
    static let longTextLimit = 500
    /// The most characters a code, mark, grade, indicator list or qualification may have.
    static let shortTextLimit = 40
    /// The most characters the reference may have: it must fit in every page's footer.
    static let referenceLimit = 64
    /// Issue dates accepted: from 1970 to the end of 9999, the years a PDF date can hold.
    static let issueDates = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    /// Throws the first thing that makes the sheet unprintable, save glyphs the font lacks
    /// (`checkGlyphs(of:in:)` asks the font), and returns its text.
    func checkedTexts() throws(StatementPDFError) -> [PrintedText] {
        // A NaN date is inside every closed range (`>=` is `!<`), so finiteness is asked first.
        guard issuedAt.timeIntervalSince1970.isFinite, Self.issueDates.contains(issuedAt) else { throw .badIssueDate }
        guard !components.isEmpty else { throw .noComponents }
        let lines = components.count + subjects.count + (revision?.changes.count ?? 0) + indicatorKey.count
        guard lines <= Self.maximumLines else { throw .tooManyLines(count: lines, limit: Self.maximumLines) }
        if let revision {
            guard revision.number >= 2 else {
                throw .badRevision(reason: "it is numbered \(revision.number), but the first statement is revision 1")
            }
            guard !revision.changes.isEmpty else { throw .badRevision(reason: "it lists no changes") }
        }
        let texts = texts
        for text in texts {
            let length = text.value.count
            guard length <= text.limit else { throw .textTooLong(field: text.field, length: length, limit: text.limit) }
            if text.required, text.value.allSatisfy(\.isWhitespace) { throw .missingText(field: text.field) }
            if let scalar = text.value.unicodeScalars.first(where: { !$0.isPrintable }) {
                throw .unprintableText(field: text.field, reason: scalar.unprintableReason)
            }
        }
        return texts
    }

    /// Throws when the regular weight of the font `pdf` draws with has no glyph for a
    /// character of some text (all the sheet's text is drawn in it). One lookup for the
    /// whole sheet; the text at fault is looked for only when there is one.
    static func checkGlyphs(of texts: [PrintedText], in pdf: CairoContext) throws(StatementPDFError) {
        pdf.useFont(size: 10)
        guard !pdf.hasGlyphs(for: texts.map(\.value).joined(separator: " ")) else { return }
        for text in texts {
            for scalar in text.value.unicodeScalars where !pdf.hasGlyphs(for: String(scalar)) {
                throw .unprintableText(field: text.field, reason: "the font has no glyph for \(scalar.codePoint)")
            }
        }
        throw .unprintableText(field: "text", reason: "the font cannot show it")
    }

    /// Every piece of text the sheet holds, in the order it is printed.
    private var texts: [PrintedText] {
        let long = Self.longTextLimit
        let short = Self.shortTextLimit
        func text(_ field: String, _ value: String, required: Bool = true, limit: Int = long) -> PrintedText {
            PrintedText(field: field, value: value, required: required, limit: limit)
        }
        var texts = [
            text("awardingBody", awardingBody), text("series", series), text("centre", centre), text("candidate", candidate),
            text("uci", uci, limit: short),
        ]
        for (index, line) in components.enumerated() {
            let place = "components[\(index)]"
            texts += [
                text("\(place).code", line.code, limit: short), text("\(place).title", line.title),
                text("\(place).mark", line.mark, limit: short), text("\(place).grade", line.grade, limit: short),
                text("\(place).indicators", line.indicators, required: false, limit: short),
                text("\(place).note", line.note, required: false),
            ]
        }
        for (index, line) in subjects.enumerated() {
            let place = "subjects[\(index)]"
            texts += [
                text("\(place).qualification", line.qualification, limit: short), text("\(place).code", line.code, limit: short),
                text("\(place).title", line.title), text("\(place).grade", line.grade, limit: short),
                text("\(place).note", line.note, required: false),
            ]
        }
        if let revision {
            texts.append(text("revision.date", revision.date))
            texts += revision.changes.enumerated().map { text("revision.changes[\($0)]", $1) }
        }
        texts += indicatorKey.enumerated().map { text("indicatorKey[\($0)]", $1) }
        texts.append(text("reference", reference, limit: Self.referenceLimit))
        return texts
    }
}

extension Unicode.Scalar {
    /// Whether the scalar prints as itself, left to right: not a control, format
    /// (bidirectional overrides, zero-width joiners), line or paragraph separator,
    /// private-use or unassigned character, nor a letter of a right-to-left script, which
    /// cairo's toy text would lay out backwards.
    fileprivate var isPrintable: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: false
        default: !isRightToLeft
        }
    }

    /// Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic and their presentation forms.
    private var isRightToLeft: Bool {
        (0x0590...0x08FF).contains(value) || (0xFB1D...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value)
    }

    /// Why the scalar cannot be printed.
    fileprivate var unprintableReason: String {
        isRightToLeft ? "\(codePoint) is right-to-left text, which the statement cannot lay out" : "\(codePoint) is not a printable character"
    }

    /// "U+0009".
    fileprivate var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
