public import Foundation

/// Why the rules refuse an enquiry about results. Each case names the rule that refused it.
public enum EnquiryRefusal: ScriptDeskError, Hashable, Sendable {
    /// Results are not yet out, so enquiries have not opened.
    case notYetOpen(opensAt: Date)
    /// The service's deadline has passed.
    case deadlinePassed(milestone: SeriesCalendar.Milestone, deadline: Date)
    /// The service is not offered for this component.
    case notEligible(service: EnquiryService, reason: String)
    /// The candidate's consent, or their acknowledgement that marks may go down, is missing.
    case consentMissing
    /// The consent is dated before results were published, or in the future.
    case consentInvalid(obtainedAt: Date, resultsDay: Date)
    /// The candidate already has a review of marking of this component.
    case alreadyReviewed
    /// A review of moderation named a candidate: it covers the centre's whole cohort.
    case moderationNeedsCohort
    /// A review of moderation of a component whose marks are not moderated.
    case notModerated(component: String)
    /// The candidate has no result for the component to enquire about.
    case noResult

    /// The `enquiry.*` code of the rule that refused.
    public var code: String {
        switch self {
        case .notYetOpen: "enquiry.not_open"
        case .deadlinePassed: "enquiry.deadline_passed"
        case .notEligible: "enquiry.not_eligible"
        case .consentMissing: "enquiry.consent_missing"
        case .consentInvalid: "enquiry.consent_invalid"
        case .alreadyReviewed: "enquiry.already_reviewed"
        case .moderationNeedsCohort: "enquiry.moderation_needs_cohort"
        case .notModerated: "enquiry.not_moderated"
        case .noResult: "enquiry.no_result"
        }
    }

    /// What was refused and what to do; dates in ISO 8601.
    public var message: String {
        switch self {
        case .notYetOpen(let opensAt):
            "Enquiries about results can be made from results day, \(ISO8601.string(from: opensAt))."
        case .deadlinePassed(let milestone, let deadline):
            "The \(milestone.rawValue) passed at \(ISO8601.string(from: deadline)); this enquiry can no longer be made."
        case .notEligible(let service, let reason):
            "\(service.displayName.prefix(1).uppercased() + service.displayName.dropFirst()) is not offered here: \(reason)"
        case .consentMissing:
            "The candidate's consent is required, with their acknowledgement that marks may go down as well as up: "
                + "set consent.candidateAgreed and consent.acknowledgesMarksMayGoDown to true once they have agreed."
        case .consentInvalid(let obtainedAt, let resultsDay):
            "consent.obtainedAt (\(ISO8601.string(from: obtainedAt))) must be after results were published "
                + "(\(ISO8601.string(from: resultsDay))) and not in the future; give the time consent was actually obtained."
        case .alreadyReviewed:
            "This candidate already has a review of marking of this component; only one is allowed. An appeal may follow its outcome."
        case .moderationNeedsCohort:
            "A review of moderation covers the centre's whole cohort for the component: name no candidate."
        case .notModerated(let component):
            "\(component) is not a moderated component: ask for a clerical check or a review of marking instead."
        case .noResult:
            "This candidate has no result for this component to enquire about."
        }
    }
}
