public import Foundation

/// A review of moderation's outcome: the adjustment the review makes to every mark of the
/// centre's cohort in the component (positive when the centre's own marks are reinstated,
/// in whole or in part), why, and how many results it revised.
public struct CohortOutcome: Hashable, Sendable, Codable {
    /// Marks added to (or, below zero, taken from) each candidate's mark, held within 0 and
    /// the component's maximum.
    public var adjustment: Int
    /// Why.
    public var reason: String
    /// When the centre received it.
    public var receivedAt: Date
    /// How many of the cohort's results it changed.
    public var resultsRevised: Int

    /// An outcome as recorded.
    public init(adjustment: Int, reason: String, receivedAt: Date, resultsRevised: Int) {
        self.adjustment = adjustment
        self.reason = reason
        self.receivedAt = receivedAt
        self.resultsRevised = resultsRevised
    }

    /// Whether the review reinstated the centre's marks (in whole or part), which waives its fee.
    public var reinstatesMarks: Bool { adjustment > 0 }

    /// The mark `mark` becomes under `adjustment`, held within 0 and `maxMark`.
    public static func adjusted(_ mark: Int, by adjustment: Int, maxMark: Int) -> Int {
        min(max(mark + adjustment, 0), maxMark)
    }

    /// Checks an adjustment and reason as given for a component whose maximum is `maxMark`,
    /// and returns the reason trimmed.
    public static func validated(adjustment: Int, reason: String, maxMark: Int) throws(EnquiryOutcomeError) -> String {
        guard (-maxMark...maxMark).contains(adjustment) else { throw .adjustmentOutOfRange(maxMark: maxMark) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        return reason
    }

    /// How a timeline says it.
    public var detail: String {
        let change =
            adjustment == 0
            ? "the centre's marks stand"
            : "every mark \(adjustment > 0 ? "raised" : "lowered") by \(abs(adjustment)), \(resultsRevised) results revised"
        return "Outcome: \(change). \(reason)"
    }
}
