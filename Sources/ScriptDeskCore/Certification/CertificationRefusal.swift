public import Foundation

/// Why the rules refuse a late certification. Each case names the rule that refused it.
public enum CertificationRefusal: ScriptDeskError, Hashable, Sendable {
    /// Late certification is not offered in this series (only January and June).
    case seriesNotEligible(series: String)
    /// Results for the series are not yet out.
    case notYetOpen(opensAt: Date)
    /// The late certification deadline has passed.
    case deadlinePassed(deadline: Date)
    /// The candidate already has a grade, or a request, for this subject.
    case alreadyCertificated(series: String)
    /// The candidate does not hold every component the subject needs.
    case componentsMissing([String])
    /// Too little of the subject's assessment was taken in this series (GCSE).
    case terminalRule(taken: Int, required: Int)

    /// The `certification.*` code of the rule that refused.
    public var code: String {
        switch self {
        case .seriesNotEligible: "certification.series_not_eligible"
        case .notYetOpen: "certification.not_open"
        case .deadlinePassed: "certification.deadline_passed"
        case .alreadyCertificated: "certification.already_certificated"
        case .componentsMissing: "certification.components_missing"
        case .terminalRule: "certification.terminal_rule"
        }
    }

    /// What was refused and what to do; dates in ISO 8601.
    public var message: String {
        switch self {
        case .seriesNotEligible(let series):
            "Late certification can be requested only in the January and June series; \(series) is not one of them."
        case .notYetOpen(let opensAt):
            "Late certification opens on results day, \(ISO8601.string(from: opensAt))."
        case .deadlinePassed(let deadline):
            "The late certification deadline passed at \(ISO8601.string(from: deadline)); certification can no longer be requested in this series."
        case .alreadyCertificated(let series):
            "The candidate already has a certification request or grade for this subject (series \(series)); a subject is certificated once."
        case .componentsMissing(let components):
            "The candidate does not hold every component the subject needs: missing \(components.joined(separator: ", "))."
        case .terminalRule(let taken, let required):
            "The terminal rule is not met: \(taken)% of the assessment was taken in this series and \(required)% is required; request certification in the series in which the candidate meets it."
        }
    }
}
