public import Foundation

/// How a result query was resolved, and when: the result corrected, or an explanation of
/// why it stands. A resolution is final.
public struct ResultQueryResolution: Hashable, Sendable, Codable {
    /// What was done.
    public enum Outcome: Hashable, Sendable, Codable {
        /// The result was corrected.
        case corrected(ResultCorrection)
        /// The result stands, for the reason given.
        case explained(String)
    }

    /// What was done.
    public var outcome: Outcome
    /// When it was resolved.
    public var resolvedAt: Date

    /// A resolution as recorded.
    public init(outcome: Outcome, resolvedAt: Date) {
        self.outcome = outcome
        self.resolvedAt = resolvedAt
    }

    /// An explanation of why the result stands; throws when none is given.
    public static func explained(_ reason: String, at resolvedAt: Date) throws(ResultQueryResolutionError) -> ResultQueryResolution {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        return ResultQueryResolution(outcome: .explained(reason), resolvedAt: resolvedAt)
    }

    /// The correction, when the result was corrected.
    public var correction: ResultCorrection? {
        if case .corrected(let correction) = outcome { correction } else { nil }
    }

    /// The explanation, when the result stands.
    public var explanation: String? {
        if case .explained(let reason) = outcome { reason } else { nil }
    }
}

/// A result corrected by a query's resolution: the mark before (none for a missing result)
/// and after, the new mark graded by the same boundaries as every other result of the
/// component in the series, and why.
public struct ResultCorrection: Hashable, Sendable, Codable {
    /// The mark before (`nil`: there was none).
    public var previousMark: Int?
    /// The grade before (`nil`: there was none).
    public var previousGrade: String?
    /// The corrected mark.
    public var mark: Int
    /// Its grade.
    public var grade: String
    /// Why the result was corrected.
    public var reason: String

    /// The correction of a result from `previousMark` and `previousGrade` to `mark`, graded
    /// under `boundaries`; throws when the mark is outside 0 to the component's maximum or
    /// no reason is given.
    public init(
        previousMark: Int?,
        previousGrade: String?,
        mark: Int,
        maxMark: Int,
        boundaries: GradeBoundaries,
        reason: String
    ) throws(ResultQueryResolutionError) {
        guard (0...maxMark).contains(mark) else { throw .markOutOfRange(maxMark: maxMark) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        self.init(previousMark: previousMark, previousGrade: previousGrade, mark: mark, grade: boundaries.grade(for: mark), reason: reason)
    }

    /// A correction as recorded.
    public init(previousMark: Int?, previousGrade: String?, mark: Int, grade: String, reason: String) {
        self.previousMark = previousMark
        self.previousGrade = previousGrade
        self.mark = mark
        self.grade = grade
        self.reason = reason
    }
}

/// A resolution that cannot be recorded as given.
public enum ResultQueryResolutionError: ScriptDeskError, Hashable, Sendable {
    /// The mark is negative or above the component's maximum.
    case markOutOfRange(maxMark: Int)
    /// No reason (for a correction) or explanation was given.
    case reasonRequired

    /// `mir.bad_mark` or `mir.reason_required`.
    public var code: String {
        switch self {
        case .markOutOfRange: "mir.bad_mark"
        case .reasonRequired: "mir.reason_required"
        }
    }

    /// What to give instead.
    public var message: String {
        switch self {
        case .markOutOfRange(let maxMark): "The mark must be a whole number from 0 to \(maxMark), the component's maximum."
        case .reasonRequired: "Give the reason for the correction, or the explanation of why the result stands."
        }
    }
}
