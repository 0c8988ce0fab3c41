public import ScriptDeskCore

/// What a centre asks in a missing or incomplete results query, as it arrives from the API
/// or the portal, before any check.
public struct ResultQuerySubmission: Sendable, Hashable {
    /// The series code, such as `2026-06`.
    public var series: String
    /// The component code, such as `H240/01`.
    public var component: String
    /// The candidate number as given.
    public var candidate: String
    /// What is said to be wrong.
    public var reason: ResultQuery.Reason
    /// What the centre says, in its own words.
    public var detail: String
    /// The indicator thought wrong, for an incorrect indicator.
    public var indicator: ResultIndicator?

    /// A submission as it arrived.
    public init(series: String, component: String, candidate: String, reason: ResultQuery.Reason, detail: String, indicator: ResultIndicator?) {
        self.series = series
        self.component = component
        self.candidate = candidate
        self.reason = reason
        self.detail = detail
        self.indicator = indicator
    }
}

/// How operations resolve a query, as asked: correct the result to a mark, or explain why
/// it stands.
public enum ResultQueryAnswer: Sendable, Hashable {
    /// Correct the result to `mark` (graded by the series' boundaries), for `reason`.
    case correct(mark: Int, reason: String)
    /// Leave the result as it is, for the reason given.
    case explain(String)
}

/// Why a result query, or its resolution, was not accepted. An unknown series, component or
/// candidate is the intake's own `IntakeError`, with the same codes as for script copies.
public enum ResultQueryError: ScriptDeskError, Sendable, Hashable {
    /// The caller's role may not do this.
    case forbidden(String)
    /// A rule refused it.
    case refused(ResultQueryRefusal)
    /// No such query, or not the caller's to see.
    case notFound(String)
    /// The query is resolved already, which is final.
    case resolvedFinal
    /// The component has no grade boundaries for the series, so a corrected mark cannot be graded.
    case noBoundaries(String)
    /// The resolution as given cannot be recorded.
    case badResolution(ResultQueryResolutionError)

    /// `auth.forbidden` or a `mir.*` code.
    public var code: String {
        switch self {
        case .forbidden: "auth.forbidden"
        case .refused(let refusal): refusal.code
        case .notFound: "mir.not_found"
        case .resolvedFinal: "mir.resolved_final"
        case .noBoundaries: "mir.no_boundaries"
        case .badResolution(let error): error.code
        }
    }

    /// What went wrong and what to do.
    public var message: String {
        switch self {
        case .forbidden(let reason): reason
        case .refused(let refusal): refusal.message
        case .notFound(let id): "There is no missing or incomplete results query \(id)."
        case .resolvedFinal: "This query has been resolved and the resolution is final; make a new query if something is still wrong."
        case .noBoundaries(let component):
            "\(component) has no grade boundaries for this series, so the corrected mark cannot be graded; set them first."
        case .badResolution(let error): error.message
        }
    }
}
