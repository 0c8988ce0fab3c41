public import Foundation

/// Why the rules refuse a result query. Each case names the rule that refused it.
public enum ResultQueryRefusal: ScriptDeskError, Hashable, Sendable {
    /// No detail was given: what is wrong, in the centre's words.
    case detailRequired
    /// The detail is longer than the policy allows.
    case detailTooLong(limit: Int)
    /// An incorrect-indicator query named no indicator.
    case indicatorRequired
    /// The indicator queried is not on the result.
    case indicatorNotApplied(ResultIndicator)
    /// Results are not yet out, so queries have not opened.
    case notYetOpen(opensAt: Date)
    /// The deadline for queries has passed.
    case deadlinePassed(milestone: SeriesCalendar.Milestone, deadline: Date)
    /// The candidate has no entry (no result, not even an empty one) for the component.
    case noEntry
    /// A missing result was queried, but the result has a mark.
    case resultPresent(mark: Int)
    /// A query for the same candidate, component and reason is still open.
    case alreadyOpen

    /// The `mir.*` code of the rule that refused.
    public var code: String {
        switch self {
        case .detailRequired: "mir.detail_required"
        case .detailTooLong: "mir.detail_too_long"
        case .indicatorRequired: "mir.indicator_required"
        case .indicatorNotApplied: "mir.indicator_not_applied"
        case .notYetOpen: "mir.not_open"
        case .deadlinePassed: "mir.deadline_passed"
        case .noEntry: "mir.no_entry"
        case .resultPresent: "mir.result_present"
        case .alreadyOpen: "mir.already_open"
        }
    }

    /// What was refused and what to do; dates in ISO 8601.
    public var message: String {
        switch self {
        case .detailRequired:
            "Say what is wrong with the result in 'detail': what is missing or incomplete, or why the indicator is wrong."
        case .detailTooLong(let limit):
            "'detail' may be at most \(limit) characters; say what is wrong more briefly."
        case .indicatorRequired:
            "Name the indicator thought wrong in 'indicator': one of \(ResultIndicator.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))."
        case .indicatorNotApplied(let indicator):
            "The result does not carry the indicator \"\(indicator.rawValue)\"; name one it carries."
        case .notYetOpen(let opensAt):
            "Missing and incomplete results can be queried from results day, \(ISO8601.string(from: opensAt))."
        case .deadlinePassed(let milestone, let deadline):
            "The \(milestone.rawValue) passed at \(ISO8601.string(from: deadline)); this result can no longer be queried."
        case .noEntry:
            "This candidate has no entry for this component in this series, so there is no result to query."
        case .resultPresent(let mark):
            "This result is not missing: it has a mark of \(mark). Query it as an incomplete result, or make an enquiry about results."
        case .alreadyOpen:
            "A query about this result for the same reason is already open; follow that one until it is resolved."
        }
    }
}
