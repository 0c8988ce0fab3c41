/// A results indicator, shown beside or instead of a grade.
public enum ResultIndicator: String, Sendable, Codable, CaseIterable {
    /// No result: absent, no work, invalid combination, script missing.
    case noResult = "X"
    /// Partially absent: graded with the missing parts at zero.
    case partiallyAbsent = "#"
    /// Pending or under query (malpractice, marks not final).
    case pending = "Q"
    /// Ungraded.
    case ungraded = "U"
}
