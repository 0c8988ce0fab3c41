public import Foundation

/// What a statement of results says, as lines ready to print (no domain types).
///
/// Whoever issues the statement turns results into these lines; `StatementPDFBuilder` only
/// lays them out, and refuses a sheet that cannot be printed faithfully (`StatementPDFError`).
public struct StatementSheet: Sendable, Hashable, Codable {
    /// One component's result: a row of the component table.
    public struct ComponentLine: Sendable, Hashable, Codable {
        /// Component code, "H240/01".
        public var code: String
        /// Component title, "Mathematics A: Pure Mathematics".
        public var title: String
        /// "57/100", or "—" when there is none.
        public var mark: String
        /// "B", or "—" when there is none.
        public var grade: String
        /// The indicators that apply, "#, Q", or "".
        public var indicators: String
        /// "Special consideration applied", "Revised (enquiry outcome)", or "".
        public var note: String

        /// A component row with these cells.
        public init(code: String, title: String, mark: String, grade: String, indicators: String = "", note: String = "") {
            self.code = code
            self.title = title
            self.mark = mark
            self.grade = grade
            self.indicators = indicators
            self.note = note
        }
    }

    /// One subject (certification) grade: a row of the subject table.
    public struct SubjectLine: Sendable, Hashable, Codable {
        /// Qualification, "GCSE".
        public var qualification: String
        /// Subject code, "J560".
        public var code: String
        /// Subject title, "Mathematics".
        public var title: String
        /// The grade awarded, "5".
        public var grade: String
        /// "Late certification", or "".
        public var note: String

        /// A subject row with these cells.
        public init(qualification: String, code: String, title: String, grade: String, note: String = "") {
            self.qualification = qualification
            self.code = code
            self.title = title
            self.grade = grade
            self.note = note
        }
    }

    /// What makes a statement a revised one; the first statement is revision 1 and has none.
    public struct Revision: Sendable, Hashable, Codable {
        /// The revision's number, 2 or more.
        public var number: Int
        /// Printed as given, "4 December 2026".
        public var date: String
        /// What changed since the previous revision, one line each: "H240/01: mark 57 → 58,
        /// grade B unchanged (enquiry outcome: One mark not added)".
        public var changes: [String]

        /// Revision `number` (2 or more), dated `date`, with what changed.
        public init(number: Int, date: String, changes: [String]) {
            self.number = number
            self.date = date
            self.changes = changes
        }
    }

    /// The heading, "ScriptDesk Awarding Body".
    public var awardingBody: String
    /// Series name and code, "June 2026 (2026-06)".
    public var series: String
    /// Centre number and name, "12345 Northgate Academy".
    public var centre: String
    /// Candidate number and name, "0001 Amelia Smith".
    public var candidate: String
    /// The candidate's unique candidate identifier.
    public var uci: String
    /// The component table's rows, in the order given.
    public var components: [ComponentLine]
    /// The subject table's rows, in the order given; none prints "No subject grades awarded
    /// in this series."
    public var subjects: [SubjectLine]
    /// Set on a revised statement.
    public var revision: Revision?
    /// Lines explaining the indicators used, "# partially absent".
    public var indicatorKey: [String]
    /// Printed in every page's footer: the statement's id.
    public var reference: String
    /// The PDF's creation and modification date, and the issue date printed (the day in
    /// London), so that the same inputs give the same bytes.
    public var issuedAt: Date

    /// A statement with these lines.
    public init(
        awardingBody: String,
        series: String,
        centre: String,
        candidate: String,
        uci: String,
        components: [ComponentLine],
        subjects: [SubjectLine],
        revision: Revision?,
        indicatorKey: [String],
        reference: String,
        issuedAt: Date
    ) {
        self.awardingBody = awardingBody
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.uci = uci
        self.components = components
        self.subjects = subjects
        self.revision = revision
        self.indicatorKey = indicatorKey
        self.reference = reference
        self.issuedAt = issuedAt
    }

    /// The PDF's title.
    var documentTitle: String { "Statement of results: \(candidate), \(series)" }
}
