import CPoppler
import Foundation

/// What a sheet must be for its statement to print faithfully: every line it states shown in
/// full, in the font, on pages that hold it.
extension StatementSheet {
    /// The most rows a statement may have: components, subjects, changes and key lines together.
    static let maximumLines = 1_000
    /// The most characters one piece of text may have; any cell this long still fits on a page.
    static let maximumTextLength = 500
    /// The most characters the reference may have: it must fit in every page's footer.
    static let maximumReferenceLength = 64
    /// Issue dates accepted: from 1970 to the end of 9999, the years a PDF date can hold.
    static let issueDates = Date(timeIntervalSince1970: 0)...Date(timeIntervalSince1970: 253_402_300_799)

    /// Throws the first thing that makes the sheet unprintable, save glyphs the font lacks
    /// (`checkGlyphs(in:)` asks the font).
    func check() throws(StatementPDFError) {
        guard Self.issueDates.contains(issuedAt) else { throw .badIssueDate }
        guard !components.isEmpty else { throw .noComponents }
        let lines = components.count + subjects.count + (revision?.changes.count ?? 0) + indicatorKey.count
        guard lines <= Self.maximumLines else { throw .tooManyLines(count: lines, limit: Self.maximumLines) }
        if let revision {
            guard revision.number >= 2 else {
                throw .badRevision(reason: "it is numbered \(revision.number), but the first revision is 1 and revisions start at 2")
            }
            guard !revision.changes.isEmpty else { throw .badRevision(reason: "it lists no changes") }
        }
        for text in texts {
            let limit = text.field == "reference" ? Self.maximumReferenceLength : Self.maximumTextLength
            let length = text.value.count
            guard length <= limit else { throw .textTooLong(field: text.field, length: length, limit: limit) }
            if text.required, text.value.allSatisfy(\.isWhitespace) { throw .missingText(field: text.field) }
            if let scalar = text.value.unicodeScalars.first(where: { !$0.isPrintable }) {
                throw .unprintableText(field: text.field, reason: "\(scalar.codePoint) is not a printable character")
            }
        }
    }

    /// Throws when the regular weight of the font `pdf` draws with has no glyph for a
    /// character of some text (all the sheet's text is drawn in it). One lookup for the
    /// whole sheet; the text at fault is looked for only when there is one.
    func checkGlyphs(in pdf: CairoContext) throws(StatementPDFError) {
        pdf.useFont(size: 10)
        let all = texts.map(\.value).joined(separator: " ")
        guard !pdf.hasGlyphs(for: all) else { return }
        for text in texts {
            for scalar in text.value.unicodeScalars where !pdf.hasGlyphs(for: String(scalar)) {
                throw .unprintableText(field: text.field, reason: "the font has no glyph for \(scalar.codePoint)")
            }
        }
        throw .unprintableText(field: "text", reason: "the font cannot show it")
    }

    /// Every piece of text the sheet holds, named by its place, and whether it must say something.
    var texts: [(field: String, value: String, required: Bool)] {
        var texts: [(field: String, value: String, required: Bool)] = [
            ("awardingBody", awardingBody, true), ("series", series, true), ("centre", centre, true),
            ("candidate", candidate, true), ("uci", uci, true), ("reference", reference, true),
        ]
        for (index, line) in components.enumerated() {
            let place = "components[\(index)]"
            texts += [
                ("\(place).code", line.code, true), ("\(place).title", line.title, true), ("\(place).mark", line.mark, true),
                ("\(place).grade", line.grade, true), ("\(place).indicators", line.indicators, false), ("\(place).note", line.note, false),
            ]
        }
        for (index, line) in subjects.enumerated() {
            let place = "subjects[\(index)]"
            texts += [
                ("\(place).qualification", line.qualification, true), ("\(place).code", line.code, true),
                ("\(place).title", line.title, true), ("\(place).grade", line.grade, true), ("\(place).note", line.note, false),
            ]
        }
        if let revision {
            texts.append(("revision.date", revision.date, true))
            texts += revision.changes.enumerated().map { ("revision.changes[\($0)]", $1, true) }
        }
        texts += indicatorKey.enumerated().map { ("indicatorKey[\($0)]", $1, true) }
        return texts
    }
}

extension Unicode.Scalar {
    /// Whether the scalar prints as itself: not a control, format (bidirectional overrides,
    /// zero-width joiners), line or paragraph separator, private-use or unassigned character.
    fileprivate var isPrintable: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: false
        default: true
        }
    }

    /// "U+0009".
    fileprivate var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
