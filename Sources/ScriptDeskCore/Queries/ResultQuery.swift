public import Foundation

/// A centre's query about a missing or incomplete result, or an indicator it believes was
/// applied wrongly (MIR), from receipt to its resolution: the result corrected, or why not.
public struct ResultQuery: Hashable, Sendable, Codable {
    /// What the centre says is wrong with the result.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// The candidate has no result (no mark) for the component.
        case missingResult = "missing-result"
        /// The result leaves out part of the candidate's work.
        case incompleteResult = "incomplete-result"
        /// An indicator was applied to the result that should not have been.
        case incorrectIndicator = "incorrect-indicator"

        /// Its name in a sentence: "a missing result".
        public var displayName: String {
            switch self {
            case .missingResult: "a missing result"
            case .incompleteResult: "an incomplete result"
            case .incorrectIndicator: "an incorrect indicator"
            }
        }
    }

    /// Where a query stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Received and being looked into; its resolution is due by `dueAt`.
        case received
        /// Resolved, by a correction or an explanation; it is final.
        case resolved
    }

    /// Its identifier.
    public var id: String
    /// The series code.
    public var series: String
    /// The centre that made it.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// The component code.
    public var component: String
    /// What is said to be wrong.
    public var reason: Reason
    /// What the centre says, in its own words (trimmed).
    public var detail: String
    /// The indicator thought wrong, for an incorrect indicator.
    public var indicator: ResultIndicator?
    /// The user who made it.
    public var requestedBy: String
    /// Where it stands.
    public var status: Status
    /// When it was received.
    public var receivedAt: Date
    /// When its resolution is due.
    public var dueAt: Date
    /// Its resolution, once resolved.
    public var resolution: ResultQueryResolution?

    /// A query as stored.
    public init(
        id: String,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        component: String,
        reason: Reason,
        detail: String,
        indicator: ResultIndicator?,
        requestedBy: String,
        status: Status,
        receivedAt: Date,
        dueAt: Date,
        resolution: ResultQueryResolution? = nil
    ) {
        self.id = id
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.reason = reason
        self.detail = detail
        self.indicator = indicator
        self.requestedBy = requestedBy
        self.status = status
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.resolution = resolution
    }

    /// Its reference as people read and say it.
    public var reference: String { Reference.text(id) }

    /// The indicators a correction leaves on a result that carried `indicators`: a missing
    /// result given a mark loses its "no result" (`X`), and an indicator queried as wrong is
    /// withdrawn; the rest stay.
    public func indicators(afterCorrecting indicators: [ResultIndicator]) -> [ResultIndicator] {
        var withdrawn: Set<ResultIndicator> = []
        if reason == .missingResult { withdrawn.insert(.noResult) }
        if reason == .incorrectIndicator, let indicator { withdrawn.insert(indicator) }
        return indicators.filter { !withdrawn.contains($0) }
    }
}

/// One step of a result query's timeline.
public struct ResultQueryEvent: Hashable, Sendable, Codable {
    /// When it happened.
    public var at: Date
    /// The status it left the query in.
    public var status: ResultQuery.Status
    /// What happened, in words.
    public var detail: String

    /// An event as recorded.
    public init(at: Date, status: ResultQuery.Status, detail: String) {
        self.at = at
        self.status = status
        self.detail = detail
    }
}
