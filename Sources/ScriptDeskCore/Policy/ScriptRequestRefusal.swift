public import Foundation

/// Why the rules refuse a script request. Each case names the rule that refused it.
public enum ScriptRequestRefusal: ScriptDeskError, Hashable, Sendable {
    /// The qualification does not offer this kind of copy.
    case notEligible(kind: ScriptCopyKind, qualification: QualificationType)
    /// Results are not yet out, so post-results services have not opened.
    case notYetOpen(opensAt: Date)
    /// The deadline for this kind of copy has passed.
    case deadlinePassed(milestone: SeriesCalendar.Milestone, deadline: Date)
    /// The centre did not attest the candidate's consent.
    case consentMissing
    /// The consent is dated in the future.
    case consentFromFuture(obtainedAt: Date)
    /// There is no marked script for this result (indicator X, or none held).
    case noScript

    /// The `request.*` code of the rule that refused.
    public var code: String {
        switch self {
        case .notEligible: "request.not_eligible"
        case .notYetOpen: "request.not_open"
        case .deadlinePassed: "request.deadline_passed"
        case .consentMissing: "request.consent_missing"
        case .consentFromFuture: "request.consent_invalid"
        case .noScript: "request.no_script"
        }
    }

    /// What was refused and, where there is one, what to do; dates in ISO 8601.
    public var message: String {
        switch self {
        case .notEligible(let kind, let qualification):
            let wanted = kind == .priority ? "Priority copies" : "Copies for teaching"
            return "\(wanted) are not offered for \(qualification.displayName) components."
        case .notYetOpen(let opensAt):
            return "Script copies can be requested from results day, \(ISO8601.string(from: opensAt))."
        case .deadlinePassed(let milestone, let deadline):
            return "The \(milestone.rawValue) passed at \(ISO8601.string(from: deadline)); this request can no longer be made."
        case .consentMissing:
            return "The candidate's consent is required: set consent.candidateAgreed to true once the candidate has agreed."
        case .consentFromFuture(let obtainedAt):
            return "consent.obtainedAt (\(ISO8601.string(from: obtainedAt))) is in the future; give the time consent was actually obtained."
        case .noScript:
            return "There is no marked script for this candidate and component (no result, or the script is not held)."
        }
    }
}
