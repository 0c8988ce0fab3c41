public import Foundation

/// What the rules decided for an acceptable result query: its detail as kept, the indicator
/// it is about (for an incorrect indicator), and when its resolution is due.
public struct ResultQueryDecision: Hashable, Sendable {
    /// The detail, trimmed.
    public var detail: String
    /// The indicator queried; `nil` unless the reason is an incorrect indicator.
    public var indicator: ResultIndicator?
    /// When the resolution is due: the policy's turnaround after receipt.
    public var dueDate: Date

    /// A decision as the rules made it.
    public init(detail: String, indicator: ResultIndicator?, dueDate: Date) {
        self.detail = detail
        self.indicator = indicator
        self.dueDate = dueDate
    }
}

/// The rules for missing and incomplete results queries: pure functions of their inputs,
/// the policy and the time they are asked at.
public enum ResultQueryRules {
    /// The facts one decision rests on.
    public struct Facts: Sendable {
        /// What is said to be wrong.
        public var reason: ResultQuery.Reason
        /// The centre's words, as given.
        public var detail: String
        /// The indicator named, if any.
        public var indicator: ResultIndicator?
        /// The candidate's result for the component (`nil`: no entry at all).
        public var result: ComponentResult?
        /// Whether a query for the same candidate, component and reason is still open.
        public var alreadyOpen: Bool
        /// The series' calendar.
        public var calendar: SeriesCalendar

        /// The facts as gathered from the query and the store.
        public init(
            reason: ResultQuery.Reason,
            detail: String,
            indicator: ResultIndicator?,
            result: ComponentResult?,
            alreadyOpen: Bool,
            calendar: SeriesCalendar
        ) {
            self.reason = reason
            self.detail = detail
            self.indicator = indicator
            self.result = result
            self.alreadyOpen = alreadyOpen
            self.calendar = calendar
        }
    }

    /// The calendar milestone that closes queries: the final enquiry deadline.
    public static let deadline = SeriesCalendar.Milestone.finalEnquiryDeadline

    /// Accepts or refuses a query, checking in order: the detail, the indicator, the window,
    /// that there is a result to query and that it fits the reason, and one open query per
    /// candidate, component and reason.
    public static func decide(_ facts: Facts, policy: EnquiryPolicy, now: Date) throws(ResultQueryRefusal) -> ResultQueryDecision {
        let detail = facts.detail.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !detail.isEmpty else { throw .detailRequired }
        guard detail.count <= policy.mirDetailLimit else { throw .detailTooLong(limit: policy.mirDetailLimit) }
        let indicator = facts.reason == .incorrectIndicator ? facts.indicator : nil
        if facts.reason == .incorrectIndicator, indicator == nil { throw .indicatorRequired }
        let calendar = facts.calendar
        guard now >= calendar.resultsDay else { throw .notYetOpen(opensAt: calendar.resultsDay) }
        guard now <= calendar[deadline] else { throw .deadlinePassed(milestone: deadline, deadline: calendar[deadline]) }
        guard let result = facts.result else { throw .noEntry }
        if facts.reason == .missingResult, let mark = result.mark { throw .resultPresent(mark: mark) }
        if let indicator, !result.indicators.contains(indicator) { throw .indicatorNotApplied(indicator) }
        guard !facts.alreadyOpen else { throw .alreadyOpen }
        return ResultQueryDecision(detail: detail, indicator: indicator, dueDate: policy.mirDueDate(receivedAt: now))
    }
}
