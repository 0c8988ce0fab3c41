/// Why a statement of results was not drawn. Each has a stable `code` and a `message` for a
/// person; those about one piece of text name it by its place in the sheet
/// (`components[3].title`).
public enum StatementPDFError: Error, Sendable, Hashable, Codable {
    /// A line that must say something is empty or only spaces.
    case missingText(field: String)
    /// The text holds a control, format or unassigned character, or one the font has no
    /// glyph for, so it would not print as written.
    case unprintableText(field: String, reason: String)
    /// The text is longer than any line of a statement should be.
    case textTooLong(field: String, length: Int, limit: Int)
    /// The statement has no component results.
    case noComponents
    /// The statement has more lines than any statement should.
    case tooManyLines(count: Int, limit: Int)
    /// The revision is numbered below 2, or says nothing changed.
    case badRevision(reason: String)
    /// The issue date is not a real moment between 1970 and 9999.
    case badIssueDate
    /// cairo could not draw or write the document.
    case cairo(status: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .missingText: "statement.missing_text"
        case .unprintableText: "statement.unprintable_text"
        case .textTooLong: "statement.text_too_long"
        case .noComponents: "statement.no_components"
        case .tooManyLines: "statement.too_many_lines"
        case .badRevision: "statement.bad_revision"
        case .badIssueDate: "statement.bad_issue_date"
        case .cairo: "statement.cairo"
        }
    }

    /// A sentence for a person: what is wrong and what to do.
    public var message: String {
        switch self {
        case .missingText(let field):
            "The statement's \(field) is empty; fill it in before issuing the statement."
        case .unprintableText(let field, let reason):
            "The statement's \(field) cannot be printed as written (\(reason)); correct it before issuing the statement."
        case .textTooLong(let field, let length, let limit):
            "The statement's \(field) is \(length) characters, more than the \(limit) it may have; shorten it."
        case .noComponents:
            "The statement has no component results; a statement is issued only for a candidate with results."
        case .tooManyLines(let count, let limit):
            "The statement has \(count) lines, more than the \(limit) a statement may have; check the results it was made from."
        case .badRevision(let reason):
            "The statement's revision is wrong: \(reason)."
        case .badIssueDate:
            "The statement's issue date is not a real date between 1970 and 9999; check the clock it was taken from."
        case .cairo(let status):
            "cairo could not draw the statement: \(status); build it again."
        }
    }
}

extension StatementPDFError: CustomStringConvertible {
    /// `code: message`, for logs and the command line.
    public var description: String { "\(code): \(message)" }
}
