import Foundation
public import ScriptDeskCore

/// What a centre asks for, as it arrives from the API or the portal, before any check.
public struct ScriptRequestSubmission: Sendable, Hashable {
    /// The series code, such as `2026-06`.
    public var series: String
    /// The component code, such as `H240/01`.
    public var component: String
    /// The candidate number as given, not yet checked to be four digits.
    public var candidate: String
    /// Priority or teaching copy.
    public var kind: ScriptCopyKind
    /// The candidate's consent as the centre attests it.
    public var consent: ConsentRecord

    /// A submission as it arrived.
    public init(series: String, component: String, candidate: String, kind: ScriptCopyKind, consent: ConsentRecord) {
        self.series = series
        self.component = component
        self.candidate = candidate
        self.kind = kind
        self.consent = consent
    }
}

/// Why a submission was not accepted.
public enum IntakeError: ScriptDeskError, Sendable, Hashable {
    /// The caller's role may not make this request.
    case forbidden(String)
    /// No such series.
    case unknownSeries(String)
    /// No such component.
    case unknownComponent(String)
    /// No such candidate at the caller's centre (another centre's candidates look the same).
    case unknownCandidate(String)
    /// The candidate has no result for the component in the series.
    case noResult
    /// A rule refused it.
    case refused(ScriptRequestRefusal)

    /// `auth.forbidden`, a `request.*` code, or the code of the rule that refused.
    public var code: String {
        switch self {
        case .forbidden: "auth.forbidden"
        case .unknownSeries: "request.unknown_series"
        case .unknownComponent: "request.unknown_component"
        case .unknownCandidate: "request.unknown_candidate"
        case .noResult: "request.no_result"
        case .refused(let refusal): refusal.code
        }
    }

    /// What was not found or not allowed, or the rule's own message.
    public var message: String {
        switch self {
        case .forbidden(let reason): reason
        case .unknownSeries(let code): "There is no series '\(code)'."
        case .unknownComponent(let code): "There is no component '\(code)'."
        case .unknownCandidate(let number): "Your centre has no candidate '\(number)'."
        case .noResult: "The candidate has no result for this component in this series."
        case .refused(let refusal): refusal.message
        }
    }
}

/// Why a bulk submission was not accepted; nothing of it was recorded.
public enum BulkIntakeError: ScriptDeskError, Sendable, Hashable {
    /// One refused row: its place in the list (from zero) and why.
    public struct Refusal: Sendable, Hashable {
        /// The row's place in the submitted list, from zero.
        public var index: Int
        /// Why it was refused.
        public var error: IntakeError
    }

    /// These rows were refused.
    case refused([Refusal])
    /// More rows than one submission holds.
    case tooMany(limit: Int)
    /// No rows.
    case empty

    /// `request.bulk_refused`, `request.bulk_too_many` or `request.bulk_empty`.
    public var code: String {
        switch self {
        case .refused: "request.bulk_refused"
        case .tooMany: "request.bulk_too_many"
        case .empty: "request.bulk_empty"
        }
    }

    /// What to change.
    public var message: String {
        switch self {
        case .refused(let rows):
            "\(rows.count) row\(rows.count == 1 ? " was" : "s were") refused, so nothing was requested; correct them and send the file again."
        case .tooMany(let limit): "A file holds at most \(limit) requests; split it into smaller files."
        case .empty: "The file holds no requests."
        }
    }
}
